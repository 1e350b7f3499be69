"""Run by tests/test_architecture.py with tests.example_app.settings: the example app, added to
INSTALLED_APPS and nothing else, shows up in every part of Kombel it plugs into."""

import datetime

import pytest
from django.core.management import call_command
from django_scopes import scope, scopes_disabled

from kombel.core.audit import action_label
from kombel.core.extensions import demo_steps
from kombel.followups.services import action_item_create
from kombel.programs.models import Event
from kombel.programs.services import programme_create
from kombel.schools.enums import Role
from tests.example_app.models import Visit
from tests.factories import MembershipFactory, SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_and_teacher():
    school = SchoolFactory()
    teacher = UserFactory()
    MembershipFactory(user=teacher, school=school, role=Role.TEACHER)
    with scopes_disabled():
        visit = Visit.objects.create(
            school=school, title="Ke kebun karet", date=datetime.date(2026, 12, 3)
        )
    return school, teacher, visit


def test_its_home_panel_shows(client, school_and_teacher):
    _school, teacher, _visit = school_and_teacher
    client.force_login(teacher)
    response = client.get("/")
    assert "example.visits" in response.context["panels"]
    assert "Ke kebun karet" in response.content.decode()


def test_its_audit_words_are_used():
    assert action_label("example_app.visit.inspected") == "Visit: inspected"


def test_follow_ups_come_from_its_records(school_and_teacher):
    school, teacher, visit = school_and_teacher
    with scope(school=[school.pk]):
        item = action_item_create(
            source=visit,
            actor=teacher,
            owner=teacher,
            description="Tindak lanjut",
            due_date=visit.date,
        )
    assert (item.source_type, item.source_label) == (
        "example_app.visit",
        "Kunjungan Ke kebun karet",
    )


def test_its_api_router_is_served_with_its_capabilities(client, school_and_teacher):
    school, teacher, _visit = school_and_teacher
    principal = UserFactory()
    MembershipFactory(user=principal, school=school, role=Role.PRINCIPAL)
    client.force_login(principal)  # the app gave "visit.view" to teachers only
    assert client.get(f"/api/v1/schools/{school.npsn}/visits").status_code == 403
    client.force_login(teacher)
    assert "/api/v1/schools/{npsn}/visits" in client.get("/api/v1/openapi.json").json()["paths"]
    assert client.get(f"/api/v1/schools/{school.npsn}/visits").json() == {
        "items": [{"title": "Ke kebun karet"}],
        "count": 1,
    }


def test_its_demo_step_runs_after_the_people():
    names = [step.name for step in demo_steps()]
    assert names.index("example_app") > names.index("people")


def test_its_event_kind_is_planned_in_the_calendar(school_and_teacher):
    school, teacher, _visit = school_and_teacher
    with scope(school=[school.pk]):
        programme = programme_create(
            school=school,
            actor=teacher,
            title="Program",
            start=datetime.date(2027, 1, 4),
            end=datetime.date(2027, 1, 29),
            workshop_weekdays=[],
        )
        assert Event.objects.filter(programme=programme, kind="visit").count() == 1


def test_the_migrations_check_passes():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)

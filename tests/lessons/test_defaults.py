"""The shipped templates and rubrics: showing a page or reading the API adds nothing; the button
on the pages that need them adds them (once), and so does the first plan made through the API."""

import pytest

from kombel.core.models import AuditLog
from kombel.lessons.models import Criterion, PlanTemplate, Rubric
from tests.lessons.test_api import _api

pytestmark = pytest.mark.django_db


def _rows(school) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    return (
        PlanTemplate.objects.filter(school=school).count(),
        Rubric.objects.filter(school=school).count(),
        Criterion.objects.filter(school=school).count(),
    )


@pytest.mark.parametrize(
    ("page", "then"), [("new/", "plan_create"), ("import/", "import"), ("settings/", "settings")]
)
def test_a_page_needing_the_templates_offers_the_button_and_adds_nothing(client, team, page, then):
    user = team.principal if page == "settings/" else team.teachers[0]
    client.force_login(user)
    response = client.get(f"/s/{team.school.npsn}/lessons/{page}")
    assert response.status_code == 200
    assert _rows(team.school) == (0, 0, 0)
    assert (response.context["needs_defaults"], response.context["then"]) == (True, then)
    html = response.content.decode()
    assert f'action="/s/{team.school.npsn}/lessons/settings/defaults/"' in html
    assert f'name="then" value="{then}"' in html


def test_the_button_adds_them_once_and_returns_to_the_page(client, team):
    npsn = team.school.npsn
    client.force_login(team.teachers[0])
    url = f"/s/{npsn}/lessons/settings/defaults/"
    added = client.post(url, {"then": "plan_create"})
    assert (added.status_code, added["Location"]) == (302, f"/s/{npsn}/lessons/new/")
    counts = _rows(team.school)
    assert counts[:2] == (2, 2) and counts[2] > 0
    assert AuditLog.objects.filter(action="lessons.template.created").count() == 1
    # Again (another tab): nothing more; a return address from outside is not followed.
    again = client.post(url, {"then": "https://example.org/"})
    assert (again.status_code, again["Location"]) == (302, f"/s/{npsn}/lessons/")
    assert _rows(team.school) == counts
    page = client.get(f"/s/{npsn}/lessons/new/")
    assert page.context["needs_defaults"] is False
    assert page.context["form"].fields["template"].queryset.count() == 2


def test_the_button_is_a_post_for_those_who_write_or_manage_plans(client, team):
    url = f"/s/{team.school.npsn}/lessons/settings/defaults/"
    client.force_login(team.teachers[0])
    assert client.get(url).status_code == 405
    client.force_login(team.leader)
    assert client.post(url).status_code == 403
    assert _rows(team.school) == (0, 0, 0)


def test_reading_the_api_adds_nothing_and_the_first_plan_adds_them(client, team):
    base = f"/schools/{team.school.npsn}/lessons"
    teacher = _api(client, team.teachers[0])
    assert teacher("GET", base + "/templates").json() == {"items": [], "count": 0}
    assert teacher("GET", base + "/rubrics").json() == {"items": [], "count": 0}
    assert _rows(team.school) == (0, 0, 0)
    created = teacher("POST", base + "/plans", {"template_key": "modul-ajar", "title": "Sawah"})
    assert created.status_code == 201, created.content
    assert teacher("GET", base + "/templates").json()["count"] == 2

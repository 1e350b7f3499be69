"""A follow-up is never due before the meeting, session or wave it came from (issue 7): refused
with a clear message in the service, on the page and in the API, for every source."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from kombel.followups import services
from kombel.followups.models import ActionItem
from kombel.schools.enums import Role
from tests.factories import (
    EventFactory,
    MeetingFactory,
    MembershipFactory,
    ProgrammeFactory,
    WorkshopSessionFactory,
)
from tests.factories.accounts import PASSWORD

DAY = datetime.date(2026, 12, 4)


def _meeting(school, facilitator):  # type: ignore[no-untyped-def]
    return MeetingFactory(
        community__programme__school=school,
        community__facilitator=facilitator,
        community__name="MIPA Kelas VII",
        date=DAY,
    )


def _session(school):  # type: ignore[no-untyped-def]
    programme = ProgrammeFactory(school=school)
    return WorkshopSessionFactory(event=EventFactory(programme=programme, date=DAY))


@pytest.mark.parametrize("source", ["meeting", "session"])
def test_a_due_date_before_the_source_is_refused(school, facilitator, source):  # type: ignore[no-untyped-def]
    with scope(school=[school.pk]):
        obj = _meeting(school, facilitator) if source == "meeting" else _session(school)
        with pytest.raises(ValidationError) as e:
            services.action_item_create(
                source=obj,
                actor=facilitator,
                owner=facilitator,
                description="Mencoba kartu keluar",
                due_date=DAY - datetime.timedelta(days=1),
            )
        assert "4 December 2026" in e.value.message_dict["due_date"][0]
        assert ActionItem.objects.count() == 0
        # The day itself and later are fine.
        item = services.action_item_create(
            source=obj,
            actor=facilitator,
            owner=facilitator,
            description="Mencoba kartu keluar",
            due_date=DAY,
        )
        assert item.due_date == DAY


def test_a_later_change_cannot_move_it_before_the_source(school, facilitator):  # type: ignore[no-untyped-def]
    with scope(school=[school.pk]):
        item = services.action_item_create(
            source=_meeting(school, facilitator),
            actor=facilitator,
            owner=facilitator,
            description="Mencoba kartu keluar",
            due_date=DAY,
        )
        with pytest.raises(ValidationError) as e:
            services.action_item_update(
                item=item,
                actor=facilitator,
                description=item.description,
                owner=facilitator,
                due_date=DAY - datetime.timedelta(days=3),
                version=item.version,
            )
        assert "due_date" in e.value.message_dict


def test_the_page_refuses_it_and_says_why(client, school, facilitator):  # type: ignore[no-untyped-def]
    MembershipFactory(user=facilitator, school=school, role=Role.TEACHER)
    with scopes_disabled():
        meeting = _meeting(school, facilitator)
    client.force_login(facilitator)
    url = reverse("followups:add", args=[school.npsn, "communities.meeting", meeting.pk])
    page = client.get(url)
    assert b'min="2026-12-04"' in page.content  # the date picker starts at the meeting's day
    response = client.post(
        url,
        {"description": "Mencoba kartu keluar", "owner": facilitator.pk, "due_date": "2026-12-01"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "before the day this follow-up was agreed" in response.content.decode()
    with scopes_disabled():
        assert ActionItem.objects.count() == 0


def test_the_api_refuses_it_with_422(client, school, facilitator):  # type: ignore[no-untyped-def]
    with scopes_disabled():
        meeting = _meeting(school, facilitator)
    token = client.post(
        "/api/v1/auth/token",
        {"username": facilitator.username, "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    response = client.post(
        f"/api/v1/schools/{school.npsn}/followups",
        {
            "source_type": "communities.meeting",
            "source_id": str(meeting.pk),
            "owner_id": str(facilitator.pk),
            "description": "Mencoba kartu keluar",
            "due_date": "2026-12-03",
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422, response.content
    assert "due_date" in response.json()["errors"]
    with scopes_disabled():
        assert ActionItem.objects.count() == 0


def test_a_due_date_more_than_a_year_after_the_source_is_refused(school, facilitator):  # type: ignore[no-untyped-def]
    """A due date typed as 2099 (a slip of the year) made a follow-up that is never overdue,
    never chased: at most a year after the day it was agreed."""
    with scope(school=[school.pk]):
        meeting = _meeting(school, facilitator)
        with pytest.raises(ValidationError) as e:
            services.action_item_create(
                source=meeting,
                actor=facilitator,
                owner=facilitator,
                description="Mencoba kartu keluar",
                due_date=datetime.date(2099, 12, 31),
            )
        assert "4 December 2027" in e.value.message_dict["due_date"][0]
        item = services.action_item_create(
            source=meeting,
            actor=facilitator,
            owner=facilitator,
            description="Mencoba kartu keluar",
            due_date=datetime.date(2027, 12, 4),
        )
        with pytest.raises(ValidationError):
            services.action_item_update(
                item=item,
                actor=facilitator,
                description=item.description,
                owner=facilitator,
                due_date=datetime.date(2027, 12, 5),
                version=item.version,
            )

"""Held never exceeds planned, and a meeting after today is never held (issue 7)."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scopes_disabled

from kombel.communities import queries, services
from kombel.communities.enums import MeetingStatus
from tests.factories import MeetingFactory
from tests.factories.communities import MeetingAttendanceFactory

TODAY = datetime.date(2026, 11, 26)
NOON = datetime.datetime(2026, 11, 26, 5, 0, tzinfo=datetime.UTC)  # 12.00 WIB


@pytest.fixture
def meetings(community, teacher):  # type: ignore[no-untyped-def]
    """Five meetings: two held in the past, one past not held, and two after today wrongly
    marked held (as an older Kombel let them be), one with attendance."""
    with scopes_disabled():
        for day in (datetime.date(2026, 10, 1), datetime.date(2026, 10, 15)):
            m = MeetingFactory(community=community, date=day, status=MeetingStatus.HELD)
            MeetingAttendanceFactory(meeting=m, user=teacher, status="present")
        MeetingFactory(community=community, date=datetime.date(2026, 10, 29))
        for day in (datetime.date(2026, 12, 4), datetime.date(2026, 12, 18)):
            m = MeetingFactory(community=community, date=day, status=MeetingStatus.HELD)
            MeetingAttendanceFactory(meeting=m, user=teacher, status="absent")


def test_held_never_exceeds_planned(community, meetings):  # type: ignore[no-untyped-def]
    with scopes_disabled():
        r = queries.regularity(community.school, [community], TODAY)[community.pk]
    assert (r.held, r.planned) == (2, 3)
    assert r.attendance_rate == 100  # the future "held" meetings' absences do not count
    assert r.last_held == datetime.date(2026, 10, 15)


def test_the_pages_and_api_say_held_of_planned(client, community, facilitator, meetings):  # type: ignore[no-untyped-def]
    client.force_login(facilitator)
    npsn = community.school.npsn
    with time_machine.travel(NOON, tick=False):
        overview = client.get(reverse("communities:overview", args=[npsn])).content.decode()
        detail = client.get(reverse("communities:detail", args=[npsn, community.pk]))
    assert "<strong>2/3</strong>" in overview
    assert "2/3" in detail.content.decode()


def test_minutes_cannot_mark_a_future_meeting_held(community, facilitator):  # type: ignore[no-untyped-def]
    with scopes_disabled():
        meeting = MeetingFactory(community=community, date=datetime.date(2026, 12, 4))
        with time_machine.travel(NOON, tick=False), pytest.raises(ValidationError) as e:
            services.meeting_update(
                meeting=meeting, actor=facilitator, version=meeting.version, status="held"
            )
        assert "status" in e.value.message_dict
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.PLANNED
        # On its day it may be.
        with time_machine.travel(datetime.datetime(2026, 12, 4, 5, tzinfo=datetime.UTC)):
            services.meeting_update(
                meeting=meeting, actor=facilitator, version=meeting.version, status="held"
            )
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.HELD

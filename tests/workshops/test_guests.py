"""Parents and community leaders at the workshop meant for them (issue 7): they see only the
events they are invited to, are in its register, check in and give feedback there, and no link
on their pages answers 403 or 404."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django_scopes import scopes_disabled

from kombel.programs.queries import events_for_feed_user, upcoming_events_for_user
from kombel.programs.reminders import audience_for
from kombel.schools.enums import Role
from kombel.workshops import queries
from kombel.workshops.models import Attendance, SessionFeedback
from tests.factories import EventFactory, ParticipantFactory, WorkshopSessionFactory
from tests.workshops.conftest import member

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 9, 3)
# 13.35 WIB on the day: both workshops have begun.
DURING = datetime.datetime(2026, 9, 3, 13, 35, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.fixture(autouse=True)
def clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(DURING, tick=False):
        yield


@pytest.fixture
def guests(school, programme, teacher):  # type: ignore[no-untyped-def]
    """A parent and a community leader in the programme; a teachers' workshop and, at another
    hour, one for parents and community leaders too."""
    parent = member(school, Role.PARENT, full_name="Ibu Wali")
    leader = member(school, Role.COMMUNITY_LEADER, full_name="Pak Tokoh")
    for user, role in ((parent, Role.PARENT), (leader, Role.COMMUNITY_LEADER)):
        ParticipantFactory(programme=programme, user=user, role=role)
    teachers = WorkshopSessionFactory(
        event=EventFactory(programme=programme, title="Lokakarya guru", date=DAY)
    )
    families = WorkshopSessionFactory(
        event=EventFactory(
            programme=programme,
            title="Lokakarya bersama orang tua",
            date=DAY,
            start_time=datetime.time(13, 30),
            end_time=datetime.time(15, 0),
            invites_all=True,
        )
    )
    return parent, leader, teachers, families


def test_they_are_invited_to_the_workshop_for_them_only(guests, teacher):  # type: ignore[no-untyped-def]
    parent, leader, teachers, families = guests
    with scopes_disabled():
        for user in (parent, leader):
            assert {e.pk for e in upcoming_events_for_user(user)} == {families.event_id}
            assert {e.pk for e in events_for_feed_user(user)} == {families.event_id}
        assert {parent, leader, teacher} <= set(audience_for(families.event))
        assert parent not in audience_for(teachers.event)
        register = {row.user for row in queries.attendance_rows(families)}
        assert {parent, leader, teacher} <= register
        assert parent not in {row.user for row in queries.attendance_rows(teachers)}


def test_a_parent_checks_in_and_gives_feedback(client, guests):  # type: ignore[no-untyped-def]
    parent, _leader, teachers, families = guests
    client.force_login(parent)
    npsn = families.school.npsn
    page = client.get(reverse("workshops:session", args=[npsn, families.pk]))
    assert page.status_code == 200
    assert client.get(reverse("workshops:session", args=[npsn, teachers.pk])).status_code == 403
    checked = client.post(
        reverse("workshops:checkin", args=[npsn]), {"code": families.checkin_code}
    )
    assert checked.status_code == 302
    refused = client.post(
        reverse("workshops:checkin", args=[npsn]), {"code": teachers.checkin_code}
    )
    assert refused.status_code == 200  # shown again with the reason
    sent = client.post(
        reverse("workshops:feedback", args=[npsn, families.pk]),
        {"rating": "5", "comment": "Sangat bermanfaat untuk kami orang tua."},
    )
    assert sent.status_code == 302
    with scopes_disabled():
        assert Attendance.objects.get(user=parent).session == families
        assert SessionFeedback.objects.filter(session=families).count() == 1


def _links(html: str) -> set[str]:
    return {h for h in re.findall(r'href="(/[^"#]*)"', html) if not h.startswith("/static/")}


def test_no_link_on_their_pages_answers_403_or_404(client, guests):  # type: ignore[no-untyped-def]
    parent, _leader, _teachers, families = guests
    client.force_login(parent)
    npsn = families.school.npsn
    pages = [
        "/",
        reverse("programs:event_detail", args=[npsn, families.event_id]),
        reverse("workshops:session", args=[npsn, families.pk]),
        reverse("workshops:feedback", args=[npsn, families.pk]),
        reverse("workshops:checkin", args=[npsn]),
    ]
    seen: set[str] = set()
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        for link in _links(response.content.decode()) - seen:
            seen.add(link)
            if "logout" in link:
                continue
            status = client.get(link).status_code
            assert status not in (403, 404), (url, link, status)
    assert reverse("workshops:session", args=[npsn, families.pk]) in seen  # linked from home

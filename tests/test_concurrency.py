"""Saves with a rule stay correct when two arrive at once: the same tap from two phones (a
double tap on a slow connection, a replayed request) never fails with a unique violation."""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django_scopes import scopes_disabled

from kombel.communities import services as community_services
from kombel.communities.models import MeetingAttendance
from kombel.workshops import services as workshop_services
from kombel.workshops.models import Attendance
from tests.factories import (
    CommunityFactory,
    MeetingFactory,
    ParticipantFactory,
    UserFactory,
    WorkshopSessionFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _at_once(n: int, fn: Callable[[int], Any]) -> list[BaseException]:
    """Run fn(i) in n threads released together; the errors they raised."""
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            barrier.wait()
            with scopes_disabled():
                fn(i)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_two_workshop_taps_at_once_make_one_record():
    session = WorkshopSessionFactory()
    teacher = UserFactory()
    ParticipantFactory(programme=session.event.programme, user=teacher, role="teacher")
    statuses = ["present", "late", "present", "absent"]
    errors = _at_once(
        4,
        lambda i: workshop_services.attendance_set(
            session=session, actor=None, participant=teacher, status=statuses[i]
        ),
    )
    assert errors == []
    with scopes_disabled():
        assert Attendance.objects.filter(session=session, user=teacher).count() == 1


def test_two_meeting_taps_at_once_make_one_record():
    teacher = UserFactory()
    community = CommunityFactory(members=[teacher])
    meeting = MeetingFactory(community=community)
    errors = _at_once(
        4,
        lambda i: community_services.meeting_attendance_set(
            meeting=meeting, actor=community.facilitator, statuses={teacher.pk: "present"}
        ),
    )
    assert errors == []
    with scopes_disabled():
        assert MeetingAttendance.objects.filter(meeting=meeting, user=teacher).count() == 1

"""The supervisor's and the district officer's home: a summary of the schools they oversee."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kombel.communities.enums import MeetingStatus
from kombel.followups.enums import ItemStatus
from kombel.schools.enums import Role
from tests.factories import (
    ActionItemFactory,
    AttendanceFactory,
    EventFactory,
    MembershipFactory,
    SchoolFactory,
    WorkshopSessionFactory,
)
from tests.factories.communities import (
    CommunityFactory,
    MeetingAttendanceFactory,
    MeetingFactory,
)
from tests.factories.programs import ProgrammeFactory

NOW = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def _activity(school, teacher, sessions=2):  # type: ignore[no-untyped-def]
    """A running programme with `sessions` past workshops (one held, with 1 of 2 present), a
    future one, two past meetings (one held, 2 of 2 present) and one overdue follow-up."""
    programme = ProgrammeFactory(
        school=school, status="active", start=datetime.date(2026, 9, 1), end=TODAY
    )
    past = [
        WorkshopSessionFactory(
            event=EventFactory(programme=programme, date=TODAY - datetime.timedelta(days=7 * n))
        )
        for n in range(1, sessions + 1)
    ]
    WorkshopSessionFactory(
        event=EventFactory(programme=programme, date=TODAY + datetime.timedelta(days=2))
    )
    AttendanceFactory(session=past[0], user=teacher, status="present")
    AttendanceFactory(
        session=past[0],
        user=MembershipFactory(school=school, role=Role.TEACHER).user,
        status="absent",
    )
    community = CommunityFactory(school=school, programme=programme)
    held = MeetingFactory(
        community=community, date=TODAY - datetime.timedelta(days=3), status=MeetingStatus.HELD
    )
    MeetingFactory(community=community, date=TODAY - datetime.timedelta(days=17))
    MeetingFactory(community=community, date=TODAY + datetime.timedelta(days=11))
    for _n in range(2):
        MeetingAttendanceFactory(meeting=held, status="present")
    ActionItemFactory(school=school, owner=teacher, due_date=TODAY - datetime.timedelta(days=1))
    ActionItemFactory(school=school, owner=teacher, due_date=TODAY + datetime.timedelta(days=1))
    ActionItemFactory(
        school=school,
        owner=teacher,
        due_date=TODAY - datetime.timedelta(days=1),
        status=ItemStatus.DONE,
    )


def _figures(response, school):  # type: ignore[no-untyped-def]
    panel = response.context["panels"]["schools.summary"][1]
    [figures] = [f for s, f in panel["schools"] if s.pk == school.pk]
    return {str(label): value for label, value in figures}


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.DISTRICT_OFFICER])
def test_overseers_home_summarises_their_schools(client, world, unscoped, role):  # type: ignore[no-untyped-def]
    school = SchoolFactory(district=world.own.school.district, name="SMP Negeri 3 Tebo")
    supervisor = MembershipFactory(school=school, role=Role.SUPERVISOR).user
    _activity(school, MembershipFactory(school=school, role=Role.TEACHER).user)
    _activity(world.other.school, world.other.users[Role.TEACHER])  # never shown here
    user = supervisor if role == Role.SUPERVISOR else world.district_officer
    client.force_login(user)

    response = client.get("/")

    assert _figures(response, school) == {
        "Programmes running": "1",
        "Workshops held": "1/2",
        "Workshop attendance": "50 %",
        "Community meetings held": "1/2",
        "Meeting attendance": "100 %",
        "Overdue follow-ups": "1",
    }
    shown = [s.pk for s, _f in response.context["panels"]["schools.summary"][1]["schools"]]
    assert world.other.school.pk not in shown
    assert "SMP Negeri 3 Tebo" in response.content.decode()


def test_those_who_run_a_school_get_no_summary(client, world):  # type: ignore[no-untyped-def]
    for role in (Role.TEACHER, Role.PRINCIPAL, Role.PARENT):
        client.force_login(world.own.users[role])
        assert "schools.summary" not in client.get("/").context["panels"]


def _home_queries(client) -> int:  # type: ignore[no-untyped-def]
    client.get("/")  # the roles, cached after the first page
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return len(captured)


def test_the_summary_costs_the_same_whatever_the_schools_and_their_data(client, world, unscoped):  # type: ignore[no-untyped-def]
    officer = world.district_officer
    _activity(world.own.school, world.own.users[Role.TEACHER])
    client.force_login(officer)
    small = _home_queries(client)

    for _n in range(3):
        school = SchoolFactory(district=world.own.school.district)
        _activity(school, MembershipFactory(school=school, role=Role.TEACHER).user, sessions=5)
    _activity(world.own.school, world.own.users[Role.TEACHER], sessions=6)
    client.cookies.clear()
    client.force_login(officer)
    large = _home_queries(client)

    assert large == small

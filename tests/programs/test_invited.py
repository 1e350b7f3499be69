"""Parents and community leaders see, and are reminded of, only the events meant for them."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from kombel.communities.enums import COMMUNITY_KIND
from kombel.programs.enums import EventKind
from kombel.programs.queries import events_for_feed_user, upcoming_events_for_user
from kombel.programs.reminders import audience_for
from kombel.schools.enums import Role
from kombel.workshops.enums import WORKSHOP_KIND
from tests.factories import EventFactory, MembershipFactory, ParticipantFactory, SchoolFactory
from tests.factories.programs import ProgrammeFactory

NOW = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.fixture(autouse=True)
def clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_parent_is_invited_to_neither_the_teachers_workshops_nor_their_meetings(db, unscoped):  # type: ignore[no-untyped-def]
    school = SchoolFactory()
    programme = ProgrammeFactory(school=school, start=datetime.date(2026, 11, 2))
    people = {}
    for role in (Role.TEACHER, Role.PARENT, Role.COMMUNITY_LEADER, Role.SUPERVISOR):
        user = MembershipFactory(school=school, role=role).user
        ParticipantFactory(programme=programme, user=user, role=role)
        people[role] = user
    soon = NOW.date() + datetime.timedelta(days=2)
    workshop = EventFactory(programme=programme, kind=WORKSHOP_KIND, date=soon)
    meeting = EventFactory(programme=programme, kind=COMMUNITY_KIND, date=soon)
    evaluation = EventFactory(programme=programme, kind=EventKind.EVALUATION, date=soon)

    def titles(qs):  # type: ignore[no-untyped-def]
        return {e.pk for e in qs}

    for role in (Role.PARENT, Role.COMMUNITY_LEADER):
        assert titles(upcoming_events_for_user(people[role])) == {evaluation.pk}
        assert titles(events_for_feed_user(people[role])) == {evaluation.pk}
    everything = {workshop.pk, meeting.pk, evaluation.pk}
    assert titles(upcoming_events_for_user(people[Role.TEACHER])) == everything
    assert titles(upcoming_events_for_user(people[Role.SUPERVISOR])) == everything
    assert set(audience_for(workshop)) == {people[Role.TEACHER], people[Role.SUPERVISOR]}
    assert set(audience_for(evaluation)) == set(people.values())

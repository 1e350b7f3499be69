"""Participation in the summary of schools (supervisors', district officers' home)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from kombel.participation import queries
from kombel.participation.enums import InputStatus
from kombel.schools.enums import Role
from tests.factories import SchoolFactory
from tests.factories.participation import (
    FeedbackFactory,
    LocalInputFactory,
    PostFactory,
    SpaceFactory,
    ThreadFactory,
)
from tests.participation.conftest import member

pytestmark = pytest.mark.usefixtures("unscoped")

NOW = datetime.datetime(2026, 12, 10, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.fixture(autouse=True)
def clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def _activity(school, teacher):  # type: ignore[no-untyped-def]
    """Three parents: one posted and gave feedback this month, one only posted last month; a
    teacher's reply; two suggestions, one taken up."""
    parents = [member(school, Role.PARENT) for _n in range(3)]
    thread = ThreadFactory(space=SpaceFactory(school=school), author=parents[0])
    PostFactory(thread=thread, author=parents[0], is_opening=True)
    PostFactory(thread=thread, author=teacher)
    old = PostFactory(thread=thread, author=parents[1])
    old.created_at = NOW - datetime.timedelta(days=20)
    old.save(update_fields=["created_at"])
    FeedbackFactory(
        school_class__school=school, parent=parents[0], month=datetime.date(2026, 12, 1)
    )
    LocalInputFactory(school=school, status=InputStatus.ACCEPTED)
    LocalInputFactory(school=school)


def test_overseers_see_parents_taking_part(client, school, teacher):
    _activity(school, teacher)
    supervisor = member(school, Role.SUPERVISOR)
    client.force_login(supervisor)
    panel = client.get("/").context["panels"]["schools.summary"][1]
    [figures] = [f for s, f in panel["schools"] if s.pk == school.pk]
    shown = {str(label): value for label, value in figures}
    assert {k: shown[k] for k in list(shown)[-3:]} == {
        "Parents taking part this month": "1/3",
        "Forum posts this month": "2",
        "Local suggestions taken up": "1/2",
    }


def test_schools_without_parents_say_nothing(school):
    assert queries.school_figures([school], NOW.date()) == {}


def test_the_figures_cost_four_queries_whatever_the_schools(
    school, teacher, django_assert_num_queries
):
    _activity(school, teacher)
    with django_assert_num_queries(4):
        one = queries.school_figures([school], NOW.date())
    schools = [school]
    for _n in range(3):
        other = SchoolFactory()
        _activity(other, member(other, Role.TEACHER))
        schools.append(other)
    with django_assert_num_queries(4):
        many = queries.school_figures(schools, NOW.date())
    assert len(many) == 4 and many[school.pk] == one[school.pk]

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from kombel.schools.enums import Role
from tests.factories import MembershipFactory, SchoolFactory, UserFactory
from tests.factories.observations import planned, shipped

# Today is Tuesday 1 December 2026, 09.00 in Tebo (WIB); the lesson was on Monday 30 November.
NOW = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
LESSON = datetime.datetime(2026, 11, 30, 7, 30, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.fixture(autouse=True)
def clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def member(school, role, **kwargs):  # type: ignore[no-untyped-def]
    user = UserFactory(**kwargs)
    MembershipFactory(user=user, school=school, role=role)
    if role == Role.FACILITATOR:
        MembershipFactory(user=user, school=school, role=Role.TEACHER)
    return user


@pytest.fixture
def school(db):  # type: ignore[no-untyped-def]
    return SchoolFactory(name="SMP Negeri 1 Kabupaten Tebo")


@pytest.fixture
def teacher(school):  # type: ignore[no-untyped-def]
    return member(school, Role.TEACHER, full_name="Siti Aminah")


@pytest.fixture
def peer(school):  # type: ignore[no-untyped-def]
    return member(school, Role.TEACHER, full_name="Budi Santoso")


@pytest.fixture
def colleague(school):  # type: ignore[no-untyped-def]
    return member(school, Role.TEACHER, full_name="Dewi Lestari")


@pytest.fixture
def principal(school):  # type: ignore[no-untyped-def]
    return member(school, Role.PRINCIPAL, full_name="Syamsul Bahri")


@pytest.fixture
def mentor(school):  # type: ignore[no-untyped-def]
    return member(school, Role.MENTOR, full_name="Ratna Juwita")


@pytest.fixture
def parent(school):  # type: ignore[no-untyped-def]
    return member(school, Role.PARENT, full_name="Ibu Orang Tua")


@pytest.fixture
def d1(school):  # type: ignore[no-untyped-def]
    return shipped(school)


@pytest.fixture
def observation(d1, teacher, peer, mentor):  # type: ignore[no-untyped-def]
    """Siti's lesson, observed by her peer Budi and the mentor."""
    return planned(
        teacher=teacher, observers=[peer, mentor], version=d1, starts_at=LESSON, focus="Diskusi"
    )

import datetime

import pytest
from django.utils import timezone

from kombel.schools.enums import Role
from tests.factories import (
    EventFactory,
    MembershipFactory,
    ParticipantFactory,
    ProgrammeFactory,
    SchoolFactory,
    UserFactory,
    WorkshopSessionFactory,
)


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
def programme(school):  # type: ignore[no-untyped-def]
    return ProgrammeFactory(school=school)


@pytest.fixture
def facilitator(school, programme):  # type: ignore[no-untyped-def]
    user = member(school, Role.FACILITATOR, full_name="Ibu Fasilitator")
    ParticipantFactory(programme=programme, user=user, role=Role.FACILITATOR)
    return user


@pytest.fixture
def teacher(school, programme):  # type: ignore[no-untyped-def]
    user = member(school, Role.TEACHER, full_name="Budi Santoso")
    ParticipantFactory(programme=programme, user=user, role=Role.TEACHER)
    return user


@pytest.fixture
def principal(school):  # type: ignore[no-untyped-def]
    return member(school, Role.PRINCIPAL, full_name="Kepala Sekolah")


@pytest.fixture
def outsider(school):  # type: ignore[no-untyped-def]
    """A teacher of the school who is not in the programme."""
    return member(school, Role.TEACHER, full_name="Guru Lain")


@pytest.fixture
def charlie(db):  # type: ignore[no-untyped-def]
    """A principal of another school."""
    return member(SchoolFactory(name="SMP Lain"), Role.PRINCIPAL, full_name="Charlie")


@pytest.fixture
def session(programme, facilitator):  # type: ignore[no-untyped-def]
    """A session of 2026-09-01, 13.30-15.30 WIB (past or future: tests pass `now`)."""
    s = WorkshopSessionFactory(
        event=EventFactory(
            programme=programme,
            date=datetime.date(2026, 9, 1),
            start_time=datetime.time(13, 30),
            end_time=datetime.time(15, 30),
        )
    )
    s.facilitators.set([facilitator])
    return s


@pytest.fixture
def live_session(programme, facilitator):  # type: ignore[no-untyped-def]
    """A session running now in the school's time zone (Asia/Jakarta)."""
    now = timezone.localtime()
    start = max(now - datetime.timedelta(minutes=5), now.replace(hour=0, minute=0, second=0))
    end = min(now + datetime.timedelta(hours=1), now.replace(hour=23, minute=59, second=0))
    s = WorkshopSessionFactory(
        event=EventFactory(
            programme=programme,
            date=now.date(),
            start_time=start.time().replace(microsecond=0),
            end_time=end.time().replace(microsecond=0),
        )
    )
    s.facilitators.set([facilitator])
    return s

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from kombel.schools.enums import Role
from tests.factories import MembershipFactory, ParticipantFactory, SchoolFactory, UserFactory
from tests.factories.evaluation import WaveFactory, teacher_questionnaire
from tests.factories.programs import ProgrammeFactory

# Today is Tuesday 1 December 2026, 09.00 in Tebo (WIB).
NOW = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def clock():
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
def programme(school):  # type: ignore[no-untyped-def]
    return ProgrammeFactory(
        school=school, start=datetime.date(2026, 9, 21), end=datetime.date(2026, 12, 22)
    )


@pytest.fixture
def facilitator(school, programme):  # type: ignore[no-untyped-def]
    user = member(school, Role.FACILITATOR, full_name="Rahmawati")
    ParticipantFactory(programme=programme, user=user, role=Role.FACILITATOR)
    return user


@pytest.fixture
def teachers(school, programme):  # type: ignore[no-untyped-def]
    people = []
    for n in range(1, 4):
        user = member(school, Role.TEACHER, full_name=f"Guru {n}", username=f"guru{n}")
        ParticipantFactory(programme=programme, user=user, role=Role.TEACHER)
        people.append(user)
    return people


@pytest.fixture
def teacher(teachers):  # type: ignore[no-untyped-def]
    return teachers[0]


@pytest.fixture
def principal(school):  # type: ignore[no-untyped-def]
    return member(school, Role.PRINCIPAL, full_name="Kepala Sekolah")


@pytest.fixture
def parent(school):  # type: ignore[no-untyped-def]
    return member(school, Role.PARENT, full_name="Ibu Nurlela")


@pytest.fixture
def charlie(db):  # type: ignore[no-untyped-def]
    """A principal of another school."""
    return member(SchoolFactory(name="SMP Lain"), Role.PRINCIPAL, full_name="Charlie")


@pytest.fixture
def questionnaire(school):  # type: ignore[no-untyped-def]
    return teacher_questionnaire(school)


@pytest.fixture
def wave(programme, questionnaire):  # type: ignore[no-untyped-def]
    """A named wave open today (27 November to 4 December)."""
    return WaveFactory(programme=programme, questionnaire=questionnaire, title="Angket November")


@pytest.fixture
def anonymous_wave(programme, questionnaire):  # type: ignore[no-untyped-def]
    return WaveFactory(
        programme=programme,
        questionnaire=questionnaire,
        title="Angket anonim",
        anonymous=True,
        names_visible=False,
    )


def full_answers(value: int = 4) -> dict[str, int]:
    names = [f"{p}{n}" for p in ("kol", "ref", "mot", "pd", "ks") for n in range(1, 5)]
    return {name: value for name in names}

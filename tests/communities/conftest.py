import datetime

import pytest
from django_scopes import scope

from kombel.schools.enums import Role
from tests.factories import (
    CommunityFactory,
    MembershipFactory,
    ProgrammeFactory,
    SchoolFactory,
    UserFactory,
)

START = datetime.date(2026, 9, 1)


@pytest.fixture
def school(db):
    return SchoolFactory()


def _staff(school, role, name):  # type: ignore[no-untyped-def]
    user = UserFactory(full_name=name, email=f"{name.split()[0].lower()}@example.org")
    MembershipFactory(user=user, school=school, role=role)
    if role == Role.FACILITATOR:
        MembershipFactory(user=user, school=school, role=Role.TEACHER)
    return user


@pytest.fixture
def facilitator(school):
    return _staff(school, Role.FACILITATOR, "Budi Santoso")


@pytest.fixture
def teacher(school):
    return _staff(school, Role.TEACHER, "Siti Rahma")


@pytest.fixture
def principal(school):
    return _staff(school, Role.PRINCIPAL, "Hj. Nurhayati")


@pytest.fixture
def programme(school):
    return ProgrammeFactory(school=school, start=START, end=datetime.date(2026, 11, 30))


@pytest.fixture
def community(programme, facilitator, teacher):
    return CommunityFactory(
        programme=programme, name="MIPA Kelas VII", facilitator=facilitator, members=[teacher]
    )


@pytest.fixture
def in_school(school):
    with scope(school=[school.pk]):
        yield


@pytest.fixture
def charlie(db):
    """A principal of another school."""
    other = SchoolFactory()
    user = UserFactory(full_name="Charlie")
    MembershipFactory(user=user, school=other, role=Role.PRINCIPAL)
    return user

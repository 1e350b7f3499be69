import pytest
from django_scopes import scope

from kombel.schools.enums import Role
from tests.factories import MembershipFactory, SchoolFactory, UserFactory


@pytest.fixture
def school(db):
    return SchoolFactory()


@pytest.fixture
def teacher(school):
    user = UserFactory(full_name="Siti Rahma")
    MembershipFactory(user=user, school=school, role=Role.TEACHER)
    return user


@pytest.fixture
def facilitator(school):
    user = UserFactory(full_name="Budi Santoso", email="budi@example.org")
    MembershipFactory(user=user, school=school, role=Role.FACILITATOR)
    return user


@pytest.fixture
def in_school(school):
    with scope(school=[school.pk]):
        yield

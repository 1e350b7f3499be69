import pytest

from kombel.schools.enums import Role
from tests.factories import MembershipFactory, SchoolClassFactory, SchoolFactory, UserFactory
from tests.factories.participation import ChildClassFactory, ConsentFactory


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
def klass(school):  # type: ignore[no-untyped-def]
    return SchoolClassFactory(school=school, name="VII-A")


@pytest.fixture
def principal(school):  # type: ignore[no-untyped-def]
    return member(school, Role.PRINCIPAL, full_name="Kepala Sekolah")


@pytest.fixture
def operator(school):  # type: ignore[no-untyped-def]
    return member(school, Role.OPERATOR, full_name="Operator Sekolah")


@pytest.fixture
def facilitator(school):  # type: ignore[no-untyped-def]
    return member(school, Role.FACILITATOR, full_name="Ibu Fasilitator")


@pytest.fixture
def teacher(school):  # type: ignore[no-untyped-def]
    return member(school, Role.TEACHER, full_name="Budi Santoso")


@pytest.fixture
def parent(school, klass):  # type: ignore[no-untyped-def]
    user = member(school, Role.PARENT, full_name="Nurlela", username="ortu-nurlela")
    ChildClassFactory(school_class=klass, parent=user, child_name="Rina")
    ConsentFactory(school=school, user=user)
    return user


@pytest.fixture
def leader(school):  # type: ignore[no-untyped-def]
    user = member(school, Role.COMMUNITY_LEADER, full_name="Datuk Ismail")
    ConsentFactory(school=school, user=user)
    return user

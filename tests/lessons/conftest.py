import pytest
from django_scopes import scope

from kombel.schools.enums import Role
from tests.factories import CommunityFactory, MembershipFactory, SchoolFactory, UserFactory


class Team:
    """A school with a principal, a facilitator running a community of four teachers."""

    def __init__(self) -> None:
        self.school = SchoolFactory()
        self.principal = self._person("Ibu Kepala", Role.PRINCIPAL)
        self.facilitator = self._person("Pak Fasil", Role.FACILITATOR, Role.TEACHER)
        self.teachers = [self._person(f"Guru {i}", Role.TEACHER) for i in range(1, 5)]
        self.leader = self._person("Datuk Tokoh", Role.COMMUNITY_LEADER)
        self.community = CommunityFactory(
            school=self.school,
            programme__school=self.school,
            facilitator=self.facilitator,
            members=self.teachers,
        )

    def _person(self, name, *roles):  # type: ignore[no-untyped-def]
        user = UserFactory(full_name=name)
        for role in roles:
            MembershipFactory(user=user, school=self.school, role=role)
        return user


@pytest.fixture
def team(db):  # type: ignore[no-untyped-def]
    t = Team()
    with scope(school=[t.school.pk]):
        yield t

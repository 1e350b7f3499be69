"""A small, complete world for permission and tenancy tests.

Each app registers a builder with `@world_builder`; a builder receives the `SchoolWorld` of one
school and adds that app's objects to `objects` (e.g. objects["programme"]). The permission matrix
(tests/test_permission_matrix.py) addresses objects by those names.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django_scopes import scopes_disabled

from kombel.accounts.models import Notice, User
from kombel.schools.enums import SCHOOL_ROLES, Role
from kombel.schools.models import DistrictMembership, School
from tests.factories import (
    DistrictFactory,
    MembershipFactory,
    SchoolFactory,
    TeacherProfileFactory,
    UserFactory,
)


@dataclass
class SchoolWorld:
    school: School
    users: dict[str, User]  # role -> a user holding only that role here
    objects: dict[str, Any] = field(default_factory=dict)


@dataclass
class World:
    own: SchoolWorld
    other: SchoolWorld
    district_officer: User


_BUILDERS: list[Callable[[SchoolWorld], None]] = []


def world_builder(fn: Callable[[SchoolWorld], None]) -> Callable[[SchoolWorld], None]:
    _BUILDERS.append(fn)
    return fn


def _school_world(prefix: str, district: Any) -> SchoolWorld:
    school = SchoolFactory(district=district, name=f"SMP {prefix}")
    users: dict[str, User] = {}
    for role in SCHOOL_ROLES:
        user = UserFactory(username=f"{prefix}-{role}", full_name=f"{prefix} {role}")
        MembershipFactory(user=user, school=school, role=role)
        if role in (Role.TEACHER, Role.FACILITATOR):
            TeacherProfileFactory(user=user, grades=[7])
        if role == Role.FACILITATOR:  # a facilitator is also a teacher
            MembershipFactory(user=user, school=school, role=Role.TEACHER)
        users[role] = user
    return SchoolWorld(school=school, users=users)


def build_world() -> World:
    import tests.builders  # noqa: F401  (registers every app's builder)

    with scopes_disabled():
        own_district = DistrictFactory(name="Kabupaten Tebo", bps_code="1509")
        other_district = DistrictFactory(name="Kabupaten Bungo", bps_code="1508")
        own = _school_world("own", own_district)
        other = _school_world("other", other_district)
        officer = UserFactory(username="own-district_officer", full_name="own dinas")
        DistrictMembership.objects.create(user=officer, district=own_district)
        own.users[Role.DISTRICT_OFFICER] = officer
        other_officer = UserFactory(username="other-district_officer")
        DistrictMembership.objects.create(user=other_officer, district=other_district)
        other.users[Role.DISTRICT_OFFICER] = other_officer
        for build in _BUILDERS:
            for sw in (own, other):
                before = dict(sw.objects)
                build(sw)
                _refuse_renamed(build, before, sw.objects)
        # Builders run services that tell people things (a reviewer assigned...): the world
        # starts with nobody told anything, so that a test reads only its own notices.
        Notice.objects.all().delete()
    return World(own=own, other=other, district_officer=officer)


def _refuse_renamed(build: Any, before: dict[str, Any], after: dict[str, Any]) -> None:
    """Two apps' builders naming different objects alike would send one app's matrix rows to the
    other's object (a 404 that looks like a permission bug)."""
    for name, obj in before.items():
        new = after[name]
        if new is not obj and getattr(new, "pk", new) != getattr(obj, "pk", obj):
            raise AssertionError(f"{build.__module__} replaced the world's object {name!r}")

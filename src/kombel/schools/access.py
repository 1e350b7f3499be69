"""Who holds which roles where: the base of tenancy and permission checks."""

from typing import Any

from django_scopes import scopes_disabled

from kombel.schools.enums import Role
from kombel.schools.models import DistrictMembership, Membership, School
from kombel.schools.roles import capabilities_of

_CACHE_ATTR = "_kombel_roles_by_school"


def _roles_by_school(user: Any) -> dict[Any, frozenset[str]]:
    """All of a user's roles, keyed by school id; computed once per user object (request)."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    result: dict[Any, set[str]] = {}
    if user is not None and user.is_authenticated:
        with scopes_disabled():
            for school_id, role in Membership.objects.filter(user=user).values_list(
                "school_id", "role"
            ):
                result.setdefault(school_id, set()).add(role)
            district_ids = list(
                DistrictMembership.objects.filter(user=user).values_list("district_id", flat=True)
            )
            if district_ids:
                for school_id in School.objects.filter(district_id__in=district_ids).values_list(
                    "id", flat=True
                ):
                    result.setdefault(school_id, set()).add(Role.DISTRICT_OFFICER)
    frozen = {k: frozenset(v) for k, v in result.items()}
    if user is not None:
        setattr(user, _CACHE_ATTR, frozen)
    return frozen


def forget_roles(user: Any) -> None:
    """Drop the cached roles (after a membership of this user object changed)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def roles_in(user: Any, school: School | None) -> frozenset[str]:
    if school is None:
        return frozenset()
    return _roles_by_school(user).get(school.pk, frozenset())


def school_ids_of(user: Any) -> list[Any]:
    return list(_roles_by_school(user))


def has_capability(user: Any, school: School | None, capability: str) -> bool:
    return capability in capabilities_of(roles_in(user, school))


def school_of(obj: Any) -> School | None:
    """The school an object belongs to: itself, or its `school` attribute."""
    if isinstance(obj, School):
        return obj
    return getattr(obj, "school", None)

"""Who holds which roles where: the base of tenancy and permission checks."""

from typing import Any

from django.core.cache import cache
from django.db.models import F
from django_scopes import scopes_disabled

from kombel.schools.enums import Role
from kombel.schools.models import DistrictMembership, Membership, School
from kombel.schools.roles import capabilities_of

_CACHE_ATTR = "_kombel_roles_by_school"
ROLES_CACHE_SECONDS = 3600


def _cache_key(user: Any) -> str:
    return f"kombel:roles:{user.pk}:{user.access_version}"


def _roles_by_school(user: Any) -> dict[Any, frozenset[str]]:
    """All of a user's roles, keyed by school id.

    Read once per user object (request) and kept in the cache under the user's
    `access_version`, which every change of their roles moves on (`forget_roles`): a request
    then pays no query for them, and roles cached for an older version are never read.
    """
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    if user is not None and user.is_authenticated:
        cached = cache.get(_cache_key(user))
        if cached is not None:
            setattr(user, _CACHE_ATTR, cached)
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
        if user.is_authenticated:
            cache.set(_cache_key(user), frozen, ROLES_CACHE_SECONDS)
    return frozen


def forget_roles(user: Any) -> None:
    """After a change of the user's roles (a membership, a district membership): the roles
    are read afresh, in this request and in every session and token of theirs."""
    type(user).objects.filter(pk=user.pk).update(access_version=F("access_version") + 1)
    user.access_version += 1
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

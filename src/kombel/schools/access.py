"""Who holds which roles where: the base of tenancy and permission checks."""

from typing import Any, NamedTuple

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import F, Q
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from kombel.schools.enums import SCHOOL_ROLES, Role
from kombel.schools.models import DistrictMembership, Membership, School
from kombel.schools.roles import capabilities_of, participation

_CACHE_ATTR = "_kombel_access"
ROLES_CACHE_SECONDS = 3600


class _Access(NamedTuple):
    roles: dict[Any, frozenset[str]]  # by school id
    schools: dict[Any, School]  # the same schools' rows (with their district), by id


def _cache_key(user: Any) -> str:
    return f"kombel:access:{user.pk}:{user.access_version}"


def _access(user: Any) -> _Access:
    """All of a user's roles, and the rows of the schools they hold them in.

    Read once per user object (request) and kept in the cache under the user's
    `access_version`, which every change of their roles (`forget_roles`) or of one of their
    schools (`forget_school`) moves on: a request then pays no query for them, and what was
    cached for an older version is never read.
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
    schools: dict[Any, School] = {}
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
            if result:
                schools = School.objects.select_related("district").in_bulk(list(result))
    access = _Access({k: frozenset(v) for k, v in result.items()}, schools)
    if user is not None:
        setattr(user, _CACHE_ATTR, access)
        if user.is_authenticated:
            cache.set(_cache_key(user), access, ROLES_CACHE_SECONDS)
    return access


def _roles_by_school(user: Any) -> dict[Any, frozenset[str]]:
    return _access(user).roles


def forget_roles(user: Any) -> None:
    """After a change of the user's roles (a membership, a district membership): the roles
    are read afresh, in this request and in every session and token of theirs."""
    type(user).objects.filter(pk=user.pk).update(access_version=F("access_version") + 1)
    user.access_version += 1
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def forget_school(school: School) -> None:
    """After a change of the school itself (its name, time zone): everyone holding a role there
    (its members, its district's officers) reads its row afresh."""
    get_user_model().objects.filter(
        Q(memberships__school=school) | Q(district_memberships__district_id=school.district_id)
    ).update(access_version=F("access_version") + 1)


def school_changed(sender: Any, instance: School, **kwargs: Any) -> None:
    """post_save and post_delete of a School (connected in SchoolsConfig.ready)."""
    forget_school(instance)


def schools_of(user: Any) -> list[School]:
    """The schools where the user holds a role, by name: from the cache, no query."""
    return sorted(_access(user).schools.values(), key=lambda school: school.name)


def school_by_npsn(user: Any, npsn: str) -> School | None:
    """The user's school with this NPSN, None when they hold no role there: no query."""
    return next((s for s in _access(user).schools.values() if s.npsn == npsn), None)


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


# --- who may give roles and change accounts --------------------------------------------------


def grantable_roles(actor: Any, school: School) -> frozenset[str]:
    """The roles `actor` may give (or take away) in `school`.

    A platform operator (superuser): every one. The principal role: only who holds
    "principal.appoint" there (the district officer of the school's district). Any other role:
    who manages the school's people and holds every capability the role carries (taking part
    as oneself, roles.participation(), aside): an operator adds parents but not teachers, who
    see the school's workshops and communities while the operator does not. Nobody changes their
    own roles (checked by the services, who know whose roles change). No actor: Kombel itself
    (a command, a seed), never a request.
    """
    if actor is None or actor.is_superuser:
        return frozenset(SCHOOL_ROLES)
    held = capabilities_of(roles_in(actor, school))
    own = participation()
    grantable: set[str] = set()
    for role in SCHOOL_ROLES:
        if role == Role.PRINCIPAL:
            if "principal.appoint" in held:
                grantable.add(role)
        elif "people.manage" in held and capabilities_of(frozenset({role})) - own <= held:
            grantable.add(role)
    return frozenset(grantable)


def belongs_to_school_alone(person: Any, school: School) -> bool:
    """Whether `person` holds roles in `school` and nowhere else: no other school, no district
    office, not the platform's staff."""
    if person.is_staff or person.is_superuser:
        return False
    with scopes_disabled():
        if DistrictMembership.objects.filter(user=person).exists():
            return False
        return not Membership.objects.filter(user=person).exclude(school=school).exists()


def account_change_refusal(actor: Any, school: School, person: Any) -> str | None:
    """Why `actor` may not change `person`'s account (name, e-mail, WhatsApp number, password,
    teacher details) through `school`; None when they may.

    A school changes only the accounts of people who belong to it alone and hold no role the
    actor could not give them: whoever changes an account can take it over (a reset code, an
    address of their own), so they must already hold everything it holds. Everyone else is
    changed by themselves or a platform operator (or by Kombel itself: no actor).
    """
    if actor is None or actor.pk == person.pk or actor.is_superuser:
        return None
    if not has_capability(actor, school, "people.manage"):
        return _("You may not change people's accounts in this school.")
    if not belongs_to_school_alone(person, school):
        return _(
            "%(name)s also belongs to another school, the district office or the platform: "
            "only they or a platform operator can change their account."
        ) % {"name": person}
    if not roles_in(person, school) <= grantable_roles(actor, school):
        return _(
            "%(name)s holds a role you may not give: only they, someone who may give it or a "
            "platform operator can change their account."
        ) % {"name": person}
    return None

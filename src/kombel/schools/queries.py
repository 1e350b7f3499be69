"""Reads about schools and people, shared by views and the API."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from kombel.accounts.models import User
from kombel.core.http import one_or_404
from kombel.core.models import AuditLog
from kombel.schools.access import school_ids_of
from kombel.schools.enums import STAFF_ROLES, TEACHING_ROLES, Role
from kombel.schools.models import Membership, School, SchoolClass, SchoolYear


def schools_for_user(user: Any) -> QuerySet[School]:
    """Schools where the user holds a role (a district officer: every school of the district)."""
    return School.objects.filter(pk__in=school_ids_of(user)).select_related("district")


def users_outside(
    school: School, users: Iterable[Any], roles: Iterable[str] | None = None
) -> set[Any]:
    """The ids of `users` holding no role (or none of `roles`) in `school`: one query.

    Services call it on every person arriving in a form or API body, so that nobody of another
    school gets attached to this school's data.
    """
    ids = {u.pk for u in users}
    if not ids:
        return set()
    members = Membership.objects.filter(school=school, user_id__in=ids)
    if roles is not None:
        members = members.filter(role__in=list(roles))
    return ids - set(members.values_list("user_id", flat=True))


def school_year_on(day: datetime.date) -> SchoolYear | None:
    """The school year a day falls in (None between years or before any is set up)."""
    return SchoolYear.objects.filter(start__lte=day, end__gte=day).first()


def memberships_of_school(school: School) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(school=school)
        .select_related("user", "user__teacher_profile")
        .prefetch_related("user__teacher_profile__subjects")
        .order_by("user__full_name")
    )


def people_by_role(school: School) -> list[tuple[str, str, list[Membership]]]:
    """(role, label, memberships) for each role that has members, in the roles' order."""
    grouped: dict[str, list[Membership]] = {}
    for membership in memberships_of_school(school):
        grouped.setdefault(membership.role, []).append(membership)
    return [(role.value, str(role.label), grouped[role]) for role in Role if role in grouped]


def classes_of_school(school: School) -> QuerySet[SchoolClass]:
    return (
        SchoolClass.objects.filter(school=school)
        .select_related("school_year", "homeroom_teacher")
        .order_by("-school_year__start", "grade", "name")
    )


def people_of_school(school: School, *, role: str = "", search: str = "") -> QuerySet[User]:
    """The school's members (each once), optionally holding `role` or matching `search`.

    Each user carries `school_memberships`: their memberships in this school only.
    """
    memberships = Membership.objects.filter(school=school)
    if role:
        memberships = memberships.filter(role=role)
    people = User.objects.filter(pk__in=memberships.values("user_id"))
    if search:
        people = people.filter(
            Q(full_name__icontains=search)
            | Q(username__icontains=search)
            | Q(teacher_profile__nuptk__startswith=search)
        )
    return (
        people.select_related("teacher_profile")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(school=school).order_by("role"),
                to_attr="school_memberships",
            ),
            "teacher_profile__subjects",
        )
        .order_by("full_name", "username")
    )


def get_person_for_school(school: School, user_id: Any) -> User:
    """A member of `school`, or 404 (for a missing person and another school's alike)."""
    return one_or_404(people_of_school(school), user_id)


def get_membership_for_school(school: School, membership_id: Any) -> Membership:
    membership = (
        Membership.objects.filter(school=school, pk=membership_id).select_related("user").first()
    )
    if membership is None:
        raise Http404
    return membership


def get_class_for_school(school: School, class_id: Any) -> SchoolClass:
    return one_or_404(classes_of_school(school), class_id)


def members_of_school(school: School) -> QuerySet[User]:
    """Everyone holding a role in `school` (each once): whom an id in an API body may name
    (core.api.object_of_school); which role they need is the service's rule."""
    return User.objects.filter(pk__in=Membership.objects.filter(school=school).values("user_id"))


def teachers_of_school(school: School) -> QuerySet[User]:
    """Who may be a homeroom teacher: the school's teachers and facilitators."""
    return User.objects.filter(
        pk__in=Membership.objects.filter(school=school, role__in=TEACHING_ROLES).values("user_id")
    ).order_by("full_name")


def staff_of_school(school: School) -> QuerySet[User]:
    """The school's staff (STAFF_ROLES), once each, by name: follow-up owners, facilitators."""
    return (
        User.objects.filter(memberships__school=school, memberships__role__in=STAFF_ROLES)
        .distinct()
        .order_by("full_name")
    )


def audit_log_of_school(school: School) -> QuerySet[AuditLog]:
    return AuditLog.objects.filter(school=school).select_related("actor").order_by("-created_at")


def audit_names_live(school: School, entries: Iterable[AuditLog]) -> None:
    """Name the page's entries' objects as they are now, in the reader's language, where their
    model asks for it (`AUDIT_LIVE_NAME`: the relations its name reads, e.g. ("event",)): an
    event's generated name and its date written by someone reading English are read in
    Indonesian by the next person. A deleted object keeps the name it had. One query per kind.
    """
    by_type: dict[str, list[AuditLog]] = {}
    for entry in entries:
        if entry.object_type and entry.object_id:
            by_type.setdefault(entry.object_type, []).append(entry)
    for label, found in by_type.items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        related = getattr(model, "AUDIT_LIVE_NAME", None)
        if related is None:
            continue
        ids = {e.object_id for e in found}
        objects = model._base_manager.filter(pk__in=ids, school=school).select_related(*related)
        names = {str(o.pk): str(o)[:200] for o in objects}
        for entry in found:
            entry.object_repr = names.get(entry.object_id, entry.object_repr)

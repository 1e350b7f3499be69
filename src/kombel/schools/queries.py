"""Reads about schools and people, shared by views and the API."""

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django_scopes import scopes_disabled

from kombel.schools.access import school_ids_of
from kombel.schools.enums import Role
from kombel.schools.models import Membership, School, SchoolClass


def schools_for_user(user: Any) -> QuerySet[School]:
    """Schools where the user holds a role (a district officer: every school of the district)."""
    return School.objects.filter(pk__in=school_ids_of(user)).select_related("district")


def get_school_for_user(user: Any, npsn: str) -> School:
    with scopes_disabled():
        school = School.objects.select_related("district").filter(npsn=npsn).first()
    if school is None or school.pk not in set(school_ids_of(user)):
        raise Http404
    return school


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


def membership_prefetch(school: School) -> Prefetch:
    return Prefetch("memberships", queryset=Membership.objects.filter(school=school))

"""Schools, people, memberships and classes over JSON, through the same services as the pages.

Paths under /schools/{npsn}/ go through the tenancy middleware: another school answers 404.
Reads need "people.view" / "class.view", writes "people.manage" / "class.manage" (else 403);
roles are given and taken away by who may give them (schools.access.grantable_roles: else 403
with the reason); bad input answers 422 with messages by field (kombel.core.api, the handler in
kombel/api.py).
"""

import datetime
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from kombel.accounts.http import UserHttpRequest
from kombel.accounts.models import User
from kombel.core.api import (
    Paged,
    Rows,
    aware,
    body_fields,
    changed_since,
    object_of_school,
    objects_of_school,
    require,
    rows,
)
from kombel.core.extensions import synced_kinds
from kombel.core.models import Deletion
from kombel.core.sync import deletions_kept_since
from kombel.schools import queries, services
from kombel.schools.http import SchoolHttpRequest
from kombel.schools.models import Membership, School, SchoolClass, SchoolYear, Subject

router = Router(tags=["schools"])


class SchoolOut(Schema):
    npsn: str
    name: str
    address: str
    timezone: str
    district: str


class TeacherOut(Schema):
    nuptk: str
    nip: str
    subjects: list[str]
    grades: list[int]
    version: int


class PersonOut(Schema):
    id: UUID
    username: str
    full_name: str
    phone: str
    email: str
    roles: list[str]
    teacher: TeacherOut | None
    updated_at: datetime.datetime  # of the account, the teacher details or a role here


class PersonCreatedOut(PersonOut):
    password: str  # the initial password, returned this once


class PersonIn(Schema):
    username: str
    full_name: str
    roles: list[str]
    phone: str = ""
    email: str = ""
    nuptk: str = ""
    nip: str = ""
    subjects: list[str] = []  # subject codes
    grades: list[int] = []


class MembershipOut(Schema):
    id: UUID
    user_id: UUID
    full_name: str
    role: str
    updated_at: datetime.datetime


class MembershipIn(Schema):
    user_id: UUID
    role: str


class ClassOut(Schema):
    id: UUID
    name: str
    grade: int
    school_year: str
    homeroom_teacher_id: UUID | None
    version: int
    updated_at: datetime.datetime


class ClassIn(Schema):
    name: str
    grade: int
    school_year: str  # e.g. "2026/2027"
    homeroom_teacher_id: UUID | None = None


class ClassUpdateIn(ClassIn):
    version: int


def _school(request: SchoolHttpRequest) -> School:
    return request.school


def _school_out(school: School) -> dict[str, str]:
    return {
        "npsn": school.npsn,
        "name": school.name,
        "address": school.address,
        "timezone": school.timezone,
        "district": school.district.name,
    }


def _person_out(person: User) -> dict[str, Any]:
    profile = getattr(person, "teacher_profile", None)
    # people_of_school prefetches the person's memberships in this school only.
    memberships: list[Membership] = getattr(person, "school_memberships", [])
    return {
        "id": person.pk,
        "username": person.username,
        "full_name": person.full_name,
        "phone": person.phone,
        "email": person.email,
        "roles": [m.role for m in memberships],
        "teacher": None
        if profile is None
        else {
            "nuptk": profile.nuptk,
            "nip": profile.nip,
            "subjects": [s.code for s in profile.subjects.all()],
            "grades": profile.grades,
            "version": profile.version,
        },
        "updated_at": max(
            [person.updated_at, *(m.updated_at for m in memberships)]
            + ([profile.updated_at] if profile is not None else [])
        ),
    }


def _class_out(school_class: SchoolClass) -> dict[str, Any]:
    return {
        "id": school_class.pk,
        "name": school_class.name,
        "grade": school_class.grade,
        "school_year": school_class.school_year.name,
        "homeroom_teacher_id": school_class.homeroom_teacher_id,
        "version": school_class.version,
        "updated_at": school_class.updated_at,
    }


@router.get("/schools", response=list[SchoolOut])
@paginate(Paged)
def list_schools(request: UserHttpRequest) -> Rows[School, dict[str, str]]:
    """The schools where one holds a role (a district officer: the district's), by name."""
    return rows(queries.schools_for_user(request.user).order_by("name"), _school_out)


@router.get("/schools/{npsn}", response=SchoolOut)
def get_school(request: SchoolHttpRequest, npsn: str) -> dict[str, str]:
    return _school_out(_school(request))


# --- people --------------------------------------------------------------------------------


@router.get("/schools/{npsn}/people", response=list[PersonOut])
@paginate(Paged)
def list_people(
    request: SchoolHttpRequest,
    npsn: str,
    role: str = "",
    q: str = "",
    updated_since: datetime.datetime | None = None,
) -> Rows[User, dict[str, Any]]:
    """By name; `role`, `q` (name, username, NUPTK) and `updated_since` narrow: people whose
    account, teacher details or roles here changed since."""
    school = _school(request)
    require(request, "schools.view_people", school)
    people = queries.people_of_school(school, role=role, search=q)
    if updated_since is not None:
        since = aware(updated_since)
        roles = Membership.objects.filter(school=school, updated_at__gte=since)
        people = people.filter(
            Q(updated_at__gte=since)
            | Q(teacher_profile__updated_at__gte=since)
            | Q(pk__in=roles.values("user_id"))
        )
    return rows(people, _person_out)


@router.get("/schools/{npsn}/people/{user_id}", response=PersonOut)
def get_person(request: SchoolHttpRequest, npsn: str, user_id: UUID) -> dict[str, Any]:
    school = _school(request)
    require(request, "schools.view_people", school)
    return _person_out(queries.get_person_for_school(school, user_id))


def _subjects(school: School, codes: list[str]) -> list[Subject]:
    message = _("Unknown subject: %(subject)s.") % {"subject": "%(missing)s"}
    return objects_of_school(
        Subject, codes, school=school, field="subjects", lookup="code", message=message
    )


@router.post("/schools/{npsn}/people", response={201: PersonCreatedOut})
def create_person(request: SchoolHttpRequest, npsn: str, payload: PersonIn) -> Status[Any]:
    school = _school(request)
    require(request, "schools.manage_people", school)
    data = payload.dict()
    data["subjects"] = _subjects(school, data["subjects"])
    created = services.person_create(actor=request.user, school=school, **data)
    person = queries.get_person_for_school(school, created.user.pk)
    return Status(201, {**_person_out(person), "password": created.password})


# --- memberships ---------------------------------------------------------------------------


def _membership_out(membership: Membership) -> dict[str, Any]:
    return {
        "id": membership.pk,
        "user_id": membership.user_id,
        "full_name": membership.user.full_name,
        "role": membership.role,
        "updated_at": membership.updated_at,
    }


@router.get("/schools/{npsn}/memberships", response=list[MembershipOut])
@paginate(Paged)
def list_memberships(
    request: SchoolHttpRequest,
    npsn: str,
    role: str = "",
    updated_since: datetime.datetime | None = None,
) -> Rows[Membership, dict[str, Any]]:
    """By the person's name; a membership removed since is absent here and listed by
    /deletions (kind "memberships")."""
    school = _school(request)
    require(request, "schools.view_people", school)
    memberships = queries.memberships_of_school(school)
    if role:
        memberships = memberships.filter(role=role)
    return rows(changed_since(memberships, updated_since), _membership_out)


@router.post("/schools/{npsn}/memberships", response={201: MembershipOut})
def create_membership(request: SchoolHttpRequest, npsn: str, payload: MembershipIn) -> Status[Any]:
    school = _school(request)
    require(request, "schools.grant_roles", school)
    # Only people of this school get another role here; other schools' people stay unseen.
    person = object_of_school(
        queries.members_of_school(school),
        payload.user_id,
        school=school,
        field="user_id",
        message=_("This person does not belong to this school."),
    )
    membership = services.membership_create(
        actor=request.user, school=school, user=person, role=payload.role
    )
    return Status(201, _membership_out(membership))


@router.delete("/schools/{npsn}/memberships/{membership_id}", response={204: None})
def delete_membership(request: SchoolHttpRequest, npsn: str, membership_id: UUID) -> Status[None]:
    school = _school(request)
    require(request, "schools.grant_roles", school)
    membership = queries.get_membership_for_school(school, membership_id)
    services.membership_remove(actor=request.user, membership=membership)
    return Status(204, None)


# --- classes -------------------------------------------------------------------------------


@router.get("/schools/{npsn}/classes", response=list[ClassOut])
@paginate(Paged)
def list_classes(
    request: SchoolHttpRequest,
    npsn: str,
    school_year: str = "",
    grade: int | None = None,
    updated_since: datetime.datetime | None = None,
) -> Rows[SchoolClass, dict[str, Any]]:
    """Newest school year first, then by grade and name; `school_year` ("2026/2027"),
    `grade` and `updated_since` narrow."""
    school = _school(request)
    require(request, "schools.view_classes", school)
    classes = queries.classes_of_school(school)
    if school_year:
        classes = classes.filter(school_year__name=school_year)
    if grade is not None:
        classes = classes.filter(grade=grade)
    return rows(changed_since(classes, updated_since), _class_out)


# The service's field names as the request body spells them.
CLASS_FIELDS = {"homeroom_teacher": "homeroom_teacher_id"}


def _class_fields(school: School, payload: ClassIn) -> dict[str, Any]:
    school_year = object_of_school(
        SchoolYear,
        payload.school_year,
        school=school,
        field="school_year",
        lookup="name",
        message=_("Unknown school year."),
    )
    homeroom_teacher = None
    if payload.homeroom_teacher_id is not None:
        # Whether this person teaches here is the service's rule.
        homeroom_teacher = object_of_school(
            queries.members_of_school(school),
            payload.homeroom_teacher_id,
            school=school,
            field="homeroom_teacher_id",
            message=_("The homeroom teacher must be a teacher of this school."),
        )
    return {
        "school_year": school_year,
        "grade": payload.grade,
        "name": payload.name,
        "homeroom_teacher": homeroom_teacher,
    }


@router.post("/schools/{npsn}/classes", response={201: ClassOut})
def create_class(request: SchoolHttpRequest, npsn: str, payload: ClassIn) -> Status[Any]:
    school = _school(request)
    require(request, "schools.manage_classes", school)
    fields = _class_fields(school, payload)
    with body_fields(CLASS_FIELDS):
        school_class = services.class_create(actor=request.user, school=school, **fields)
    return Status(201, _class_out(school_class))


@router.put("/schools/{npsn}/classes/{class_id}", response=ClassOut)
def update_class(
    request: SchoolHttpRequest, npsn: str, class_id: UUID, payload: ClassUpdateIn
) -> dict[str, Any]:
    school = _school(request)
    require(request, "schools.manage_classes", school)
    school_class = queries.get_class_for_school(school, class_id)
    fields = _class_fields(school, payload)
    with body_fields(CLASS_FIELDS):
        school_class = services.class_update(
            actor=request.user, school_class=school_class, version=payload.version, **fields
        )
    return _class_out(school_class)


class DeletionOut(Schema):
    kind: str
    id: str
    deleted_at: datetime.datetime


@router.get("/schools/{npsn}/deletions", response=list[DeletionOut])
@paginate(Paged)
def list_deletions(
    request: SchoolHttpRequest,
    npsn: str,
    kind: str = "",
    updated_since: datetime.datetime | None = None,
) -> Rows[Deletion, dict[str, Any]]:
    """What a client syncing with `updated_since` should drop: rows deleted since, of the lists
    this user may read (`kind` is the list: "events", "memberships", ...), oldest first.
    Deletions are kept SYNC_DELETIONS_KEEP_DAYS (90 by default): a client whose last sync is
    older gets 410 and fetches its lists afresh."""
    school = _school(request)
    if updated_since is not None and aware(updated_since) < deletions_kept_since():
        raise HttpError(
            410,
            _("Deletions are kept %(days)d days: fetch the lists afresh, without updated_since.")
            % {"days": settings.SYNC_DELETIONS_KEEP_DAYS},
        )
    readable = [
        synced.kind
        for synced in synced_kinds().values()
        if request.user.has_perm(synced.perm, school)
    ]
    deletions = Deletion.objects.filter(school=school, kind__in=readable)
    if kind:
        deletions = deletions.filter(kind=kind)
    deletions = changed_since(deletions, updated_since, field="deleted_at").order_by("deleted_at")
    return rows(deletions, _deletion_out)


def _deletion_out(deletion: Deletion) -> dict[str, Any]:
    return {"kind": deletion.kind, "id": deletion.object_id, "deleted_at": deletion.deleted_at}

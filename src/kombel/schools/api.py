"""Schools, people, memberships and classes over JSON, through the same services as the pages.

Paths under /schools/{npsn}/ go through the tenancy middleware: another school answers 404.
Reads need "people.view" / "class.view", writes "people.manage" / "class.manage" (else 403);
roles are given and taken away by who may give them (schools.access.grantable_roles: else 403
with the reason); bad input answers 422 with messages by field (kombel.core.api, the handler in
kombel/api.py).
"""

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from kombel.accounts.models import User
from kombel.core.api import require
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
    }


def _class_out(school_class: SchoolClass) -> dict[str, Any]:
    return {
        "id": school_class.pk,
        "name": school_class.name,
        "grade": school_class.grade,
        "school_year": school_class.school_year.name,
        "homeroom_teacher_id": school_class.homeroom_teacher_id,
        "version": school_class.version,
    }


@router.get("/schools", response=list[SchoolOut])
def list_schools(request: SchoolHttpRequest) -> list[dict[str, str]]:
    return [_school_out(s) for s in queries.schools_for_user(request.user)]


@router.get("/schools/{npsn}", response=SchoolOut)
def get_school(request: SchoolHttpRequest, npsn: str) -> dict[str, str]:
    return _school_out(_school(request))


# --- people --------------------------------------------------------------------------------


@router.get("/schools/{npsn}/people", response=list[PersonOut])
def list_people(request: SchoolHttpRequest, npsn: str, role: str = "") -> list[dict[str, Any]]:
    school = _school(request)
    require(request, "schools.view_people", school)
    return [_person_out(p) for p in queries.people_of_school(school, role=role)]


@router.get("/schools/{npsn}/people/{user_id}", response=PersonOut)
def get_person(request: SchoolHttpRequest, npsn: str, user_id: UUID) -> dict[str, Any]:
    school = _school(request)
    require(request, "schools.view_people", school)
    return _person_out(queries.get_person_for_school(school, user_id))


def _subjects(codes: list[str]) -> list[Subject]:
    found = {s.code: s for s in Subject.objects.filter(code__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise ValidationError(
            {"subjects": _("Unknown subject: %(subject)s.") % {"subject": ", ".join(unknown)}}
        )
    return [found[code] for code in codes]


@router.post("/schools/{npsn}/people", response={201: PersonCreatedOut})
def create_person(request: SchoolHttpRequest, npsn: str, payload: PersonIn) -> Status[Any]:
    school = _school(request)
    require(request, "schools.manage_people", school)
    data = payload.dict()
    data["subjects"] = _subjects(data["subjects"])
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
    }


@router.get("/schools/{npsn}/memberships", response=list[MembershipOut])
def list_memberships(request: SchoolHttpRequest, npsn: str) -> list[dict[str, Any]]:
    school = _school(request)
    require(request, "schools.view_people", school)
    return [_membership_out(m) for m in queries.memberships_of_school(school)]


@router.post("/schools/{npsn}/memberships", response={201: MembershipOut})
def create_membership(request: SchoolHttpRequest, npsn: str, payload: MembershipIn) -> Status[Any]:
    school = _school(request)
    require(request, "schools.grant_roles", school)
    # Only people of this school get another role here; other schools' people stay unseen.
    person = User.objects.filter(pk=payload.user_id).first()
    if person is None or queries.users_outside(school, [person]):
        raise ValidationError({"user_id": _("This person does not belong to this school.")})
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
def list_classes(request: SchoolHttpRequest, npsn: str) -> list[dict[str, Any]]:
    school = _school(request)
    require(request, "schools.view_classes", school)
    return [_class_out(c) for c in queries.classes_of_school(school)]


def _class_fields(payload: ClassIn) -> dict[str, Any]:
    school_year = SchoolYear.objects.filter(name=payload.school_year).first()
    if school_year is None:
        raise ValidationError({"school_year": _("Unknown school year.")})
    homeroom_teacher = None
    if payload.homeroom_teacher_id is not None:
        # Looked up globally on purpose: the service refuses a teacher of another school.
        homeroom_teacher = User.objects.filter(pk=payload.homeroom_teacher_id).first()
        if homeroom_teacher is None:
            raise ValidationError(
                {"homeroom_teacher": _("The homeroom teacher must be a teacher of this school.")}
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
    school_class = services.class_create(
        actor=request.user, school=school, **_class_fields(payload)
    )
    return Status(201, _class_out(school_class))


@router.put("/schools/{npsn}/classes/{class_id}", response=ClassOut)
def update_class(
    request: SchoolHttpRequest, npsn: str, class_id: UUID, payload: ClassUpdateIn
) -> dict[str, Any]:
    school = _school(request)
    require(request, "schools.manage_classes", school)
    school_class = queries.get_class_for_school(school, class_id)
    school_class = services.class_update(
        actor=request.user,
        school_class=school_class,
        version=payload.version,
        **_class_fields(payload),
    )
    return _class_out(school_class)

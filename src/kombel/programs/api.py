"""Programmes and the calendar over JSON: the same queries and services as the pages.

Bad input answers 422 with messages by field ({"detail": "...", "errors": {"end": ["..."]}});
a concurrent edit (the `version` sent is not the current one) answers 409 (kombel.core.api);
writes without the right, 403.
"""

import datetime
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status

from kombel.core.api import require
from kombel.programs import queries, services
from kombel.programs.models import Event, Material, Programme
from kombel.schools.http import SchoolHttpRequest
from kombel.schools.models import Semester

router = Router(tags=["programs"])


class ProgrammeOut(Schema):
    id: uuid.UUID
    title: str
    description: str
    goals: str
    semester_id: uuid.UUID | None
    start: datetime.date
    end: datetime.date
    status: str
    materials: list[str]
    workshop_weekdays: list[int]
    workshop_start: datetime.time
    workshop_end: datetime.time
    community_interval_weeks: int
    community_weekday: int
    monthly_evaluation: bool
    locations: str
    version: int


class ProgrammeIn(Schema):
    title: str
    start: datetime.date
    end: datetime.date
    description: str = ""
    goals: str = ""
    semester_id: uuid.UUID | None = None
    status: str = "draft"
    materials: list[str] = []
    workshop_weekdays: list[int] = []
    workshop_start: datetime.time = datetime.time(13, 30)
    workshop_end: datetime.time = datetime.time(15, 30)
    community_interval_weeks: int = 2
    community_weekday: int = 4
    monthly_evaluation: bool = True
    locations: str = ""


class ProgrammePatch(Schema):
    version: int | None = None
    title: str | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    description: str | None = None
    goals: str | None = None
    semester_id: uuid.UUID | None = None
    status: str | None = None
    materials: list[str] | None = None
    workshop_weekdays: list[int] | None = None
    workshop_start: datetime.time | None = None
    workshop_end: datetime.time | None = None
    community_interval_weeks: int | None = None
    community_weekday: int | None = None
    monthly_evaluation: bool | None = None
    locations: str | None = None


class EventOut(Schema):
    id: uuid.UUID
    programme_id: uuid.UUID
    kind: str
    title: str
    date: datetime.date
    start_time: datetime.time
    end_time: datetime.time
    location: str
    description: str
    is_cancelled: bool
    is_generated: bool
    version: int


class EventPatch(Schema):
    version: int | None = None
    confirm: bool = False
    title: str | None = None
    date: datetime.date | None = None
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    location: str | None = None
    description: str | None = None
    is_cancelled: bool | None = None


def _programme_out(programme: Programme, codes: list[str] | None = None) -> dict[str, Any]:
    data = {
        name: getattr(programme, name) for name in ProgrammeOut.model_fields if name != "materials"
    }
    data["materials"] = codes if codes is not None else [m.code for m in programme.materials.all()]
    return data


def _materials(codes: list[str]) -> list[Material]:
    found = list(Material.objects.filter(code__in=codes))
    missing = set(codes) - {m.code for m in found}
    if missing:
        raise ValidationError(
            {"materials": _("Unknown materials: %(codes)s") % {"codes": ", ".join(sorted(missing))}}
        )
    return found


def _semester(semester_id: uuid.UUID | None) -> Semester | None:
    if semester_id is None:
        return None
    semester = Semester.objects.filter(pk=semester_id).first()
    if semester is None:
        raise ValidationError({"semester": _("Unknown semester.")})
    return semester


@router.get("/schools/{npsn}/programmes", response=list[ProgrammeOut])
def list_programmes(request: SchoolHttpRequest, npsn: str) -> list[dict[str, Any]]:
    school = request.school
    programmes = queries.programmes_for_user(school, request.user).prefetch_related("materials")
    return [_programme_out(p) for p in programmes]


@router.post("/schools/{npsn}/programmes", response={201: ProgrammeOut})
def create_programme(request: SchoolHttpRequest, npsn: str, payload: ProgrammeIn) -> Any:
    school = request.school
    require(request, "programs.manage_programme", school)
    data = payload.dict()
    materials = _materials(data.pop("materials"))
    data["semester"] = _semester(data.pop("semester_id"))
    programme = services.programme_create(
        school=school,
        actor=request.user,
        materials=materials,
        **data,
    )
    return Status(201, _programme_out(programme))


@router.get("/schools/{npsn}/programmes/{programme_id}", response=ProgrammeOut)
def get_programme(request: SchoolHttpRequest, npsn: str, programme_id: uuid.UUID) -> Any:
    programme = queries.get_programme_for_user(request, programme_id)
    require(request, "programs.view_programme", programme)
    return _programme_out(programme)


@router.patch("/schools/{npsn}/programmes/{programme_id}", response=ProgrammeOut)
def update_programme(
    request: SchoolHttpRequest, npsn: str, programme_id: uuid.UUID, payload: ProgrammePatch
) -> Any:
    programme = queries.get_programme_for_user(request, programme_id)
    require(request, "programs.manage_programme", programme)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None)
    codes = data.pop("materials", None)
    materials = _materials(codes) if codes is not None else None
    if "semester_id" in data:
        data["semester"] = _semester(data.pop("semester_id"))
    services.programme_update(
        programme=programme,
        actor=request.user,
        version=version,
        materials=materials,
        **data,
    )
    return _programme_out(programme)


@router.get("/schools/{npsn}/programmes/{programme_id}/events", response=list[EventOut])
def list_events(request: SchoolHttpRequest, npsn: str, programme_id: uuid.UUID) -> list[Event]:
    programme = queries.get_programme_for_user(request, programme_id)
    require(request, "programs.view_event", programme)
    return list(queries.events_of_programme(programme))


@router.get("/schools/{npsn}/events/{event_id}", response=EventOut)
def get_event(request: SchoolHttpRequest, npsn: str, event_id: uuid.UUID) -> Event:
    event = queries.get_event_for_user(request, event_id)
    require(request, "programs.view_event", event)
    return event


@router.patch("/schools/{npsn}/events/{event_id}", response=EventOut)
def update_event(
    request: SchoolHttpRequest, npsn: str, event_id: uuid.UUID, payload: EventPatch
) -> Any:
    event = queries.get_event_for_user(request, event_id)
    require(request, "programs.manage_event", event)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None)
    confirm = data.pop("confirm", False)
    cancel = data.pop("is_cancelled", None)
    if data:
        services.event_update(
            event=event,
            actor=request.user,
            version=version,
            confirm=confirm,
            **data,
        )
        version = None  # checked once
    if cancel:
        services.event_cancel(event=event, actor=request.user, version=version)
    return event

"""Programmes and the calendar over JSON: the same queries and services as the pages.

Bad input answers 422 with messages by field ({"detail": "...", "errors": {"end": ["..."]}});
a concurrent edit (the `version` sent is not the current one) answers 409 (kombel.core.api);
writes without the right, 403.
"""

import datetime
import uuid
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from kombel.core.api import (
    LocalTime,
    Paged,
    Rows,
    changed_since,
    object_of_school,
    objects_of_school,
    require,
    rows,
)
from kombel.programs import queries, services
from kombel.programs.enums import ProgrammeStatus
from kombel.programs.models import Event, Material, Programme
from kombel.programs.reminders import event_whatsapp_link
from kombel.schools.http import SchoolHttpRequest
from kombel.schools.models import School, Semester

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
    workshop_start: LocalTime
    workshop_end: LocalTime
    community_interval_weeks: int
    community_weekday: int
    monthly_evaluation: bool
    locations: str
    version: int
    updated_at: datetime.datetime


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
    workshop_start: LocalTime = datetime.time(13, 30)
    workshop_end: LocalTime = datetime.time(15, 30)
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
    workshop_start: LocalTime | None = None
    workshop_end: LocalTime | None = None
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
    start_time: LocalTime
    end_time: LocalTime
    location: str
    description: str
    is_cancelled: bool
    invites_all: bool
    is_generated: bool
    version: int
    updated_at: datetime.datetime


class EventPatch(Schema):
    version: int | None = None
    confirm: bool = False
    title: str | None = None
    date: datetime.date | None = None
    start_time: LocalTime | None = None
    end_time: LocalTime | None = None
    location: str | None = None
    description: str | None = None
    is_cancelled: bool | None = None
    # Parents and community leaders invited too (a workshop for them).
    invites_all: bool | None = None


def _programme_out(programme: Programme, codes: list[str] | None = None) -> dict[str, Any]:
    data = {
        name: getattr(programme, name) for name in ProgrammeOut.model_fields if name != "materials"
    }
    data["materials"] = codes if codes is not None else [m.code for m in programme.materials.all()]
    return data


def _materials(school: School, codes: list[str]) -> list[Material]:
    message = _("Unknown materials: %(codes)s") % {"codes": "%(missing)s"}
    return objects_of_school(
        Material, codes, school=school, field="materials", lookup="code", message=message
    )


def _semester(school: School, semester_id: uuid.UUID | None) -> Semester | None:
    if semester_id is None:
        return None
    return object_of_school(
        Semester, semester_id, school=school, field="semester_id", message=_("Unknown semester.")
    )


@router.get("/schools/{npsn}/programmes", response=list[ProgrammeOut])
@paginate(Paged)
def list_programmes(
    request: SchoolHttpRequest,
    npsn: str,
    status: ProgrammeStatus | None = None,
    updated_since: datetime.datetime | None = None,
) -> Rows[Programme, dict[str, Any]]:
    """Newest first; `updated_since` (a previous answer's time) gives only what changed."""
    programmes = queries.programmes_for_user(request.school, request.user)
    if status is not None:
        programmes = programmes.filter(status=status)
    programmes = changed_since(programmes, updated_since).prefetch_related("materials")
    return rows(programmes, _programme_out)


@router.post("/schools/{npsn}/programmes", response={201: ProgrammeOut})
def create_programme(request: SchoolHttpRequest, npsn: str, payload: ProgrammeIn) -> Any:
    school = request.school
    require(request, "programs.manage_programme", school)
    data = payload.dict()
    materials = _materials(school, data.pop("materials"))
    data["semester"] = _semester(school, data.pop("semester_id"))
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
    materials = _materials(request.school, codes) if codes is not None else None
    if "semester_id" in data:
        data["semester"] = _semester(request.school, data.pop("semester_id"))
    services.programme_update(
        programme=programme,
        actor=request.user,
        version=version,
        materials=materials,
        **data,
    )
    return _programme_out(programme)


@router.get("/schools/{npsn}/programmes/{programme_id}/events", response=list[EventOut])
@paginate(Paged)
def list_events(
    request: SchoolHttpRequest,
    npsn: str,
    programme_id: uuid.UUID,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    kind: str = "",
    updated_since: datetime.datetime | None = None,
) -> QuerySet[Event]:
    """In calendar order; `date_from`/`date_to` (inclusive), `kind`, `updated_since` narrow."""
    programme = queries.get_programme_for_user(request, programme_id)
    require(request, "programs.view_event", programme)
    events = queries.events_of_programme(programme)
    if date_from is not None:
        events = events.filter(date__gte=date_from)
    if date_to is not None:
        events = events.filter(date__lte=date_to)
    if kind:
        events = events.filter(kind=kind)
    return changed_since(events, updated_since)


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


class EventNoticeIn(Schema):
    """`message`: what to tell everyone invited (empty: a reminder of the event)."""

    message: str = ""


class EventNoticeOut(Schema):
    """`told`: how many people were told (in Kombel, and by e-mail where they have an
    address); `whatsapp_url`: the same as a ready WhatsApp message for the group."""

    told: int
    whatsapp_url: str


@router.post("/schools/{npsn}/events/{event_id}/notice", response=EventNoticeOut)
def send_event_notice(
    request: SchoolHttpRequest, npsn: str, event_id: uuid.UUID, payload: EventNoticeIn
) -> dict[str, Any]:
    """A notice to everyone invited to the event, in one call."""
    event = queries.get_event_for_user(request, event_id)
    require(request, "programs.manage_event", event)
    told = services.event_notice_send(event=event, actor=request.user, message=payload.message)
    return {"told": told, "whatsapp_url": event_whatsapp_link(event, payload.message.strip())}

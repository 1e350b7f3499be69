"""Observations over JSON: instruments, observations (planned, read, captured in idempotent
batches by the offline capture page and other clients), agreement, visits and cycles. Same
services and queries as the pages; lists paginate (limit/offset, with the total count)."""

import datetime
import uuid
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status, UploadedFile
from ninja.errors import HttpError
from ninja.pagination import paginate

from kombel.core.api import (
    Paged,
    object_of_school,
    objects_of_school,
    optional_object_of_school,
    require,
    rows,
)
from kombel.lessons.models import LessonPlan
from kombel.observations import agreement, queries
from kombel.observations.models import InstrumentVersion, Observation
from kombel.observations.services import observations as services
from kombel.observations.services import visits as visit_services
from kombel.schools.http import SchoolHttpRequest
from kombel.schools.models import SchoolClass

router = Router(tags=["observations"])
P = "/schools/{npsn}"


class LevelOut(Schema):
    value: int
    label: str
    label_en: str = ""
    descriptor: str = ""
    descriptor_en: str = ""


class InstrumentItemOut(Schema):
    id: uuid.UUID
    code: str
    kind: str
    text: str
    text_en: str
    competency: str
    levels: list[LevelOut]
    values: list[int]


class InstrumentSectionOut(Schema):
    title: str
    title_en: str
    items: list[InstrumentItemOut]


class InstrumentOut(Schema):
    id: uuid.UUID
    code: str
    name: str
    name_en: str
    kind: str
    shipped: bool


class VersionOut(Schema):
    id: uuid.UUID
    instrument: InstrumentOut
    number: int
    status: str
    sections: list[InstrumentSectionOut]


class ObservationOut(Schema):
    id: uuid.UUID
    instrument: str
    version_id: uuid.UUID
    version: int
    teacher_id: uuid.UUID
    teacher: str
    school_class: str | None
    subject: str
    lesson_plan_id: uuid.UUID | None
    starts_at: datetime.datetime
    minutes: int
    focus: str
    stage: str
    released: bool
    observers: list[str]


class ScoreOut(Schema):
    item_id: uuid.UUID
    value: int | None
    text: str
    note: str


class NoteOut(Schema):
    id: uuid.UUID
    taken_at: datetime.datetime
    student: str
    group: str
    text: str
    photo_url: str | None


def _note_out(observation: Observation, note: Any) -> dict[str, Any]:
    photo = None
    if note.photo:
        photo = reverse(
            "observations:note_photo",
            args=[observation.school.npsn, observation.pk, note.pk, "full"],
        )
    return {
        "id": note.pk,
        "taken_at": note.taken_at,
        "student": note.student,
        "group": note.group,
        "text": note.text,
        "photo_url": photo,
    }


class RecordOut(Schema):
    observer: str
    submitted_at: datetime.datetime | None
    scores: list[ScoreOut]
    notes: list[NoteOut]


class NextOut(Schema):
    who: str
    what: str


class ObservationDetailOut(ObservationOut):
    next: list[NextOut]
    records: list[RecordOut] | None


class ObservationPlanIn(Schema):
    version_id: uuid.UUID
    teacher_id: uuid.UUID
    observer_ids: list[uuid.UUID]
    starts_at: datetime.datetime
    minutes: int = 80
    school_class_id: uuid.UUID | None = None
    lesson_plan_id: uuid.UUID | None = None
    subject: str = ""
    focus: str = ""


class ObservationNoteIn(Schema):
    id: uuid.UUID
    taken_at: datetime.datetime
    text: str
    student: str = ""
    group: str = ""


class ScoreIn(Schema):
    item_id: uuid.UUID
    value: int | None = None
    text: str = ""
    note: str = ""
    captured_at: datetime.datetime | None = None


class CaptureIn(Schema):
    notes: list[ObservationNoteIn] = []
    scores: list[ScoreIn] = []
    submit: bool = False


class CaptureOut(Schema):
    stored: list[uuid.UUID]
    already: list[uuid.UUID]
    scores_changed: int
    scores_unchanged: int
    submitted: bool


def _item_out(item: Any) -> dict[str, Any]:
    return {
        "id": item.pk,
        "code": item.code,
        "kind": item.kind,
        "text": item.text,
        "text_en": item.text_en,
        "competency": item.competency,
        "levels": item.levels,
        "values": item.values,
    }


def _observation_out(o: Observation) -> dict[str, Any]:
    return {
        "id": o.pk,
        "instrument": o.instrument_version.instrument.name,
        "version_id": o.instrument_version_id,
        "version": o.instrument_version.number,
        "teacher_id": o.teacher_id,
        "teacher": o.teacher.full_name,
        "school_class": str(o.school_class) if o.school_class else None,
        "subject": o.subject,
        "lesson_plan_id": o.lesson_plan_id,
        "starts_at": o.starts_at,
        "minutes": o.minutes,
        "focus": o.focus,
        "stage": o.stage,
        "released": o.released_at is not None,
        "observers": [r.observer.full_name for r in o.records.all()],
    }


@router.get(P + "/observation-instruments", response=list[InstrumentOut])
@paginate(Paged)
def list_instruments(request: SchoolHttpRequest, npsn: str) -> Any:
    require(request, "observations.view_instruments", request.school)
    return queries.instruments_for_user(request.school, request.user)


@router.get(P + "/observation-instruments/{instrument_id}", response=VersionOut)
def get_instrument(request: SchoolHttpRequest, npsn: str, instrument_id: uuid.UUID) -> Any:
    """The version in use, its sections and items with their scales."""
    require(request, "observations.view_instruments", request.school)
    instrument = queries.get_instrument_for_user(request.school, request.user, instrument_id)
    version = instrument.versions.filter(status="published").order_by("-number").first()
    if version is None:
        raise HttpError(404, _("This instrument is not in use yet."))
    return {
        "id": version.pk,
        "instrument": instrument,
        "number": version.number,
        "status": version.status,
        "sections": [
            {
                "title": s.section.title,
                "title_en": s.section.title_en,
                "items": [_item_out(i) for i in s.items],
            }
            for s in queries.sheet(version)
        ],
    }


@router.get(P + "/observations", response=list[ObservationOut])
@paginate(Paged)
def list_observations(request: SchoolHttpRequest, npsn: str) -> Any:
    """The observations the user may see (rules.py), newest first."""
    require(request, "observations.list", request.school)
    return rows(queries.observations_for_user(request.school, request.user), _observation_out)


def _people(school: Any) -> Any:
    """The school's people, to resolve a payload's person ids through `object_of_school`."""
    return get_user_model().objects.filter(memberships__school=school).distinct()


@router.post(P + "/observations", response={201: ObservationOut})
def plan_observation(request: SchoolHttpRequest, npsn: str, body: ObservationPlanIn) -> Any:
    require(request, "observations.plan", request.school)
    school = request.school
    version = object_of_school(
        InstrumentVersion,
        body.version_id,
        school=school,
        field="version_id",
        message=_("Choose an instrument of this school in use."),
    )
    school_class = optional_object_of_school(
        SchoolClass,
        body.school_class_id,
        school=school,
        field="school_class_id",
        message=_("Choose a class of this school."),
    )
    lesson_plan = optional_object_of_school(
        LessonPlan,
        body.lesson_plan_id,
        school=school,
        field="lesson_plan_id",
        message=_("Choose a lesson plan of this school."),
    )
    observation = services.observation_plan(
        school=school,
        lesson_plan=lesson_plan,
        actor=request.user,
        version=version,
        teacher=object_of_school(
            _people(school),
            body.teacher_id,
            school=school,
            field="teacher_id",
            message=_("A person is not of this school."),
        ),
        observers=objects_of_school(
            _people(school),
            body.observer_ids,
            school=school,
            field="observer_ids",
            message=_("A person is not of this school."),
        ),
        starts_at=body.starts_at,
        minutes=body.minutes,
        school_class=school_class,
        subject=body.subject,
        focus=body.focus,
    )
    # The planner's own new row: what they sent, whether or not they may open it later.
    observation = queries.get_observation(school, observation.pk)
    return Status(201, _observation_out(observation))


@router.get(P + "/observations/{observation_id}", response=ObservationDetailOut)
def get_observation(request: SchoolHttpRequest, npsn: str, observation_id: uuid.UUID) -> Any:
    """The observation, who acts next, and the records when the user may see scores."""
    observation = queries.get_observation_for_user(request.school, request.user, observation_id)
    require(request, "observations.view_observation", observation)
    out = _observation_out(observation)
    out["next"] = [{"who": a.who, "what": a.what} for a in queries.next_actors(observation)]
    out["records"] = None
    if request.user.has_perm("observations.view_scores", observation):
        out["records"] = [
            {
                "observer": v.record.observer.full_name,
                "submitted_at": v.record.submitted_at,
                "scores": list(v.scores.values()),
                "notes": [_note_out(observation, n) for n in v.notes],
            }
            for v in queries.records_of(observation)
        ]
    return out


@router.post(P + "/observations/{observation_id}/capture", response=CaptureOut)
def capture(
    request: SchoolHttpRequest, npsn: str, observation_id: uuid.UUID, body: CaptureIn
) -> Any:
    """An observer's batch of notes (ids made on the phone) and scores: sending it again changes
    nothing; anything new after the observer submitted, or after the lesson's stage, is refused
    whole (409) with the reason."""
    observation = queries.get_observation_for_user(request.school, request.user, observation_id)
    require(request, "observations.record", observation)
    result = services.capture_batch(
        observation=observation,
        actor=request.user,
        notes=[
            services.NoteInput(n.id, n.taken_at, n.text, n.student, n.group) for n in body.notes
        ],
        scores=[
            services.ScoreInput(s.item_id, s.value, s.text, s.note, s.captured_at)
            for s in body.scores
        ],
        submit=body.submit,
    )
    return result.__dict__


class NotePhotoOut(Schema):
    note_id: uuid.UUID
    stored: bool
    photo_url: str


@router.post(
    P + "/observations/{observation_id}/notes/{note_id}/photo",
    response={200: NotePhotoOut, 201: NotePhotoOut},
)
def note_photo(
    request: SchoolHttpRequest,
    npsn: str,
    observation_id: uuid.UUID,
    note_id: uuid.UUID,
    photo: File[UploadedFile | None] = None,
) -> Status:
    """The photo of a note already sent (multipart: `photo`, JPEG or PNG, at most 10 MB), by
    the note's own observer. Stored resized for phones without EXIF/GPS: 201. Idempotent by the
    note's id: the note has its photo already, 200 with `stored: false`, nothing stored twice.
    404 while the note has not arrived (send the note first, then retry); 409 after the record
    or the observation closed; 422 for what is not a photo."""
    observation = queries.get_observation_for_user(request.school, request.user, observation_id)
    require(request, "observations.record", observation)
    if photo is None:
        raise ValidationError({"photo": _("Choose a photo (JPEG or PNG).")})
    stored = services.note_photo_attach(
        observation=observation, actor=request.user, note_id=note_id, upload=photo
    )
    url = reverse("observations:note_photo", args=[npsn, observation.pk, note_id, "full"])
    return Status(201 if stored else 200, {"note_id": note_id, "stored": stored, "photo_url": url})


class CoefficientOut(Schema):
    name: str
    value: float | None
    ci_low: float | None
    ci_high: float | None
    n: int
    reading: str


class ItemAgreementOut(Schema):
    code: str
    text: str
    text_en: str
    kappa: CoefficientOut
    alpha: CoefficientOut | None


class ObservationAgreementOut(Schema):
    instrument_id: uuid.UUID
    instrument: str
    lessons: int
    complete: int
    icc_a: CoefficientOut
    icc_c: CoefficientOut
    kappa: CoefficientOut
    items: list[ItemAgreementOut]


@router.get(P + "/observation-agreement", response=list[ObservationAgreementOut])
@paginate(Paged)
def agreement_list(request: SchoolHttpRequest, npsn: str) -> Any:
    """Inter-rater reliability per instrument and per item: each coefficient with its 95 % CI
    (ICC), its n and a reading (too_few / poor / moderate / good / excellent, after Koo & Li)."""
    require(request, "observations.view_all", request.school)
    return [
        {
            "instrument_id": a.instrument.pk,
            "instrument": a.instrument.name,
            "lessons": a.lessons,
            "complete": a.complete,
            "icc_a": a.icc_a,
            "icc_c": a.icc_c,
            "kappa": a.kappa,
            "items": a.items,
        }
        for a in agreement.school_agreement(request.school)
    ]


class DisagreementOut(Schema):
    item_id: uuid.UUID
    code: str
    text: str
    observers: list[str]
    values: list[int | None]
    spread: int


@router.get(P + "/observations/{observation_id}/disagreement", response=list[DisagreementOut])
def observation_disagreement(
    request: SchoolHttpRequest, npsn: str, observation_id: uuid.UUID
) -> Any:
    """Each scored item of one lesson with every observer's score, largest spread first."""
    observation = queries.get_observation_for_user(request.school, request.user, observation_id)
    require(request, "observations.view_scores", observation)
    records = list(observation.records.all())
    names = [r.observer.full_name for r in records]
    return [
        {
            "item_id": row.item.pk,
            "code": row.item.code,
            "text": row.item.text,
            "observers": names,
            "values": row.values,
            "spread": row.spread,
        }
        for row in agreement.disagreement(observation, records)
    ]


class VisitOut(Schema):
    id: uuid.UUID
    mentor: str
    teachers: list[str]
    visited_on: datetime.date
    status: str
    focus: str
    seen: str
    recommendations: str
    previous_id: uuid.UUID | None


class VisitIn(Schema):
    teacher_ids: list[uuid.UUID]
    visited_on: datetime.date
    status: str = "done"
    school_class_id: uuid.UUID | None = None
    focus: str = ""
    seen: str = ""
    recommendations: str = ""


def _visit_out(v: Any) -> dict[str, Any]:
    return {
        "id": v.pk,
        "mentor": v.mentor.full_name,
        "teachers": [t.full_name for t in v.teachers.all()],
        "visited_on": v.visited_on,
        "status": v.status,
        "focus": v.focus,
        "seen": v.seen,
        "recommendations": v.recommendations,
        "previous_id": v.previous_id,
    }


@router.get(P + "/mentoring-visits", response=list[VisitOut])
@paginate(Paged)
def list_visits(request: SchoolHttpRequest, npsn: str) -> Any:
    require(request, "observations.view_visits", request.school)
    return rows(
        queries.visit_rows_for_user(request.school, request.user),
        _visit_out,
        _teacher_ids,
    )


def _teacher_ids(page: list[Any]) -> None:  # what the visit rules read, for the page's rows
    queries.with_teacher_ids(page)


@router.post(P + "/mentoring-visits", response={201: VisitOut})
def record_visit(request: SchoolHttpRequest, npsn: str, body: VisitIn) -> Any:
    require(request, "observations.record_visits", request.school)
    school = request.school
    school_class = optional_object_of_school(
        SchoolClass,
        body.school_class_id,
        school=school,
        field="school_class_id",
        message=_("Choose a class of this school."),
    )
    visit = visit_services.visit_create(
        school=school,
        actor=request.user,
        teachers=objects_of_school(
            _people(school),
            body.teacher_ids,
            school=school,
            field="teacher_ids",
            message=_("A person is not of this school."),
        ),
        visited_on=body.visited_on,
        status=body.status,
        school_class=school_class,
        focus=body.focus,
        seen=body.seen,
        recommendations=body.recommendations,
    )
    return Status(201, _visit_out(queries.get_visit_for_user(school, request.user, visit.pk)))


class CycleOut(Schema):
    id: uuid.UUID
    title: str
    teacher: str
    members: list[str]
    stage: str
    plan: str
    reflection: str
    revised_plan: str
    observation_ids: list[uuid.UUID]


@router.get(P + "/lesson-study-cycles", response=list[CycleOut])
@paginate(Paged)
def list_cycles(request: SchoolHttpRequest, npsn: str) -> Any:
    require(request, "observations.view_cycles", request.school)
    cycles = queries.cycles_for_user(request.school, request.user).prefetch_related("observations")
    return rows(cycles, _cycle_out)


def _cycle_out(c: Any) -> dict[str, Any]:
    return {
        "id": c.pk,
        "title": c.title,
        "teacher": c.teacher.full_name,
        "members": [m.full_name for m in c.members.all()],
        "stage": c.stage,
        "plan": c.plan,
        "reflection": c.reflection,
        "revised_plan": c.revised_plan,
        "observation_ids": [o.pk for o in c.observations.all()],
    }

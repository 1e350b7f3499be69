"""Workshop sessions over JSON: the same services and queries as the pages.

Bad input answers 422 with messages by field, a stale version 409 (kombel.core.api).
"""

import datetime
import uuid
from typing import Any

from django.db.models import Prefetch, Q
from ninja import Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from kombel.accounts.models import User
from kombel.core.api import LocalTime, Paged, Rows, aware, object_of_school, require, rows
from kombel.schools.http import SchoolHttpRequest
from kombel.schools.queries import members_of_school
from kombel.workshops import queries, services
from kombel.workshops.models import Attendance, SessionOutput, WorkshopSession

router = Router(tags=["workshops"])


class SessionOut(Schema):
    id: uuid.UUID
    event_id: uuid.UUID
    programme_id: uuid.UUID
    title: str
    date: datetime.date
    start_time: LocalTime
    end_time: LocalTime
    location: str
    venue: str
    is_cancelled: bool
    agenda: list[str]
    materials: list[str]
    facilitators: list[str]
    outside_speaker: str
    version: int
    updated_at: datetime.datetime  # the session's or its calendar event's, the later


class AttendanceOut(Schema):
    """`status` is null (and `recorded` false) while nobody recorded this person's attendance."""

    user_id: uuid.UUID
    full_name: str
    status: str | None
    recorded: bool
    method: str


class AttendanceIn(Schema):
    status: str


class CheckInIn(Schema):
    code: str


class FeedbackIn(Schema):
    rating: int
    comment: str = ""
    show_name: bool = False


class FeedbackOut(Schema):
    session_id: uuid.UUID
    rating: int
    comment: str
    show_name: bool


class FeedbackCommentOut(Schema):
    rating: int
    comment: str
    name: str | None


class FeedbackSummaryOut(Schema):
    count: int
    average: float | None
    distribution: dict[str, int]
    comments: list[FeedbackCommentOut]


class OutputOut(Schema):
    id: uuid.UUID
    title: str
    kind: str
    description: str
    url: str
    has_file: bool
    authors: list[str]
    updated_at: datetime.datetime


def _session_out(session: WorkshopSession) -> dict[str, Any]:
    event = session.event
    facilitators = [f.full_name for f in session.facilitators.all()]
    return {
        "id": session.pk,
        "event_id": event.pk,
        "programme_id": event.programme_id,
        "title": event.title,
        "date": event.date,
        "start_time": event.start_time,
        "end_time": event.end_time,
        "location": event.location,
        "venue": session.venue,
        "is_cancelled": event.is_cancelled,
        "agenda": session.agenda_items,
        "materials": [m.title for m in session.materials.all()],
        "facilitators": facilitators,
        "outside_speaker": session.outside_speaker,
        "version": session.version,
        "updated_at": max(session.updated_at, event.updated_at),
    }


def _attendance_out(a: Attendance, user: User) -> dict[str, Any]:
    return {
        "user_id": user.pk,
        "full_name": user.full_name,
        "status": a.status,
        "recorded": True,
        "method": a.method,
    }


@router.get("/schools/{npsn}/workshops/sessions", response=list[SessionOut])
@paginate(Paged)
def list_sessions(
    request: SchoolHttpRequest,
    npsn: str,
    programme_id: uuid.UUID | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    updated_since: datetime.datetime | None = None,
) -> Rows[WorkshopSession, dict[str, Any]]:
    """In calendar order; `programme_id`, `date_from`/`date_to` (inclusive) narrow;
    `updated_since`: sessions changed since, or whose calendar event changed (moved, cancelled)."""
    school = request.school
    require(request, "workshops.view_session", school)
    sessions = queries.sessions_for_user(school)
    if programme_id is not None:
        sessions = sessions.filter(event__programme_id=programme_id)
    if date_from is not None:
        sessions = sessions.filter(event__date__gte=date_from)
    if date_to is not None:
        sessions = sessions.filter(event__date__lte=date_to)
    if updated_since is not None:
        since = aware(updated_since)
        sessions = sessions.filter(Q(updated_at__gte=since) | Q(event__updated_at__gte=since))
    return rows(sessions, _session_out)


@router.get("/schools/{npsn}/workshops/sessions/{session_id}", response=SessionOut)
def get_session(request: SchoolHttpRequest, npsn: str, session_id: uuid.UUID) -> dict[str, Any]:
    session = queries.get_session_for_user(request, session_id)
    require(request, "workshops.view_session", session)
    return _session_out(session)


@router.get(
    "/schools/{npsn}/workshops/sessions/{session_id}/attendance", response=list[AttendanceOut]
)
@paginate(Paged)
def list_attendance(request: SchoolHttpRequest, npsn: str, session_id: uuid.UUID) -> Any:
    """Every participant; nobody is counted present before their attendance is recorded:
    those not yet recorded have `status` null and `recorded` false."""
    session = queries.get_session_for_user(request, session_id)
    require(request, "workshops.manage_session", session)
    records: dict[Any, Any] = {}

    def page(participants: list[Any]) -> None:  # one query for the page's attendance
        records.update(queries.attendance_records(session, [p.user for p in participants]))

    def out(participant: Any) -> dict[str, Any]:
        row = queries.AttendanceRow(
            user=participant.user, attendance=records.get(participant.user_id)
        )
        return {
            "user_id": row.user.pk,
            "full_name": row.user.full_name,
            "status": row.recorded_status or None,
            "recorded": row.saved,
            "method": row.attendance.method if row.attendance else "",
        }

    return rows(queries.attendees(session), out, page)


@router.put(
    "/schools/{npsn}/workshops/sessions/{session_id}/attendance/{user_id}",
    response=AttendanceOut,
)
def meeting_attendance_set(
    request: SchoolHttpRequest,
    npsn: str,
    session_id: uuid.UUID,
    user_id: uuid.UUID,
    body: AttendanceIn,
) -> dict[str, Any]:
    """Idempotent: sending the same status again changes nothing."""
    session = queries.get_session_for_user(request, session_id)
    require(request, "workshops.manage_session", session)
    # Whether this person takes part in the programme is the service's rule.
    participant = object_of_school(
        members_of_school(request.school),
        user_id,
        school=request.school,
        field="participant",
        message=str(services.NOT_A_PARTICIPANT),
    )
    record = services.attendance_set(
        session=session, actor=request.user, participant=participant, status=body.status
    )
    return _attendance_out(record, participant)


@router.post("/schools/{npsn}/workshops/checkin", response=AttendanceOut)
def check_in(request: SchoolHttpRequest, npsn: str, body: CheckInIn) -> dict[str, Any]:
    school = request.school
    require(request, "workshops.attend_session", school)
    record = services.attendance_check_in(
        school=school,
        actor=request.user,
        code=body.code,
    )
    return _attendance_out(record, request.user)


@router.post(
    "/schools/{npsn}/workshops/sessions/{session_id}/feedback",
    response={201: FeedbackOut},
)
def submit_feedback(
    request: SchoolHttpRequest, npsn: str, session_id: uuid.UUID, body: FeedbackIn
) -> Status[dict[str, Any]]:
    session = queries.get_session_for_user(request, session_id)
    require(request, "workshops.attend_session", session)
    feedback = services.feedback_submit(
        session=session,
        actor=request.user,
        rating=body.rating,
        comment=body.comment,
        show_name=body.show_name,
    )
    return Status(
        201,
        {
            "session_id": session.pk,
            "rating": feedback.rating,
            "comment": feedback.comment,
            "show_name": feedback.show_name,
        },
    )


@router.get("/schools/{npsn}/workshops/sessions/{session_id}/feedback", response=FeedbackSummaryOut)
def feedback_summary(
    request: SchoolHttpRequest, npsn: str, session_id: uuid.UUID
) -> dict[str, Any]:
    session = queries.get_session_for_user(request, session_id)
    require(request, "workshops.view_feedback", session)
    summary = queries.feedback_summary(session)
    return {
        "count": summary.count,
        "average": summary.average,
        "distribution": {str(r): n for r, n in summary.distribution},
        "comments": [c.__dict__ for c in summary.comments],
    }


@router.get("/schools/{npsn}/workshops/sessions/{session_id}/outputs", response=list[OutputOut])
@paginate(Paged)
def list_outputs(
    request: SchoolHttpRequest, npsn: str, session_id: uuid.UUID
) -> Rows[SessionOutput, dict[str, Any]]:
    session = queries.get_session_for_user(request, session_id)
    require(request, "workshops.view_session", session)
    outputs = SessionOutput.objects.filter(session=session).prefetch_related(
        Prefetch("authors", queryset=User.objects.order_by("full_name"))
    )
    return rows(outputs, _output_out)


def _output_out(o: SessionOutput) -> dict[str, Any]:
    return {
        "id": o.pk,
        "title": o.title,
        "kind": o.kind,
        "description": o.description,
        "url": o.url,
        "has_file": bool(o.file),
        "authors": [a.full_name for a in o.authors.all()],
        "updated_at": o.updated_at,
    }

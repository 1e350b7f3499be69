"""Reads of workshop sessions shared by views, the API and other apps' pages."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from kombel.accounts.models import User
from kombel.core.dates import day_text
from kombel.core.extensions import SourceInfo, held_and_attendance
from kombel.core.http import one_or_404
from kombel.programs.enums import ATTENDED, AttendanceStatus, ProgrammeStatus
from kombel.programs.models import Event, Participant, Programme
from kombel.schools.access import school_ids_of
from kombel.schools.http import SchoolHttpRequest
from kombel.schools.models import School
from kombel.workshops.enums import ATTENDEE_ROLES, GUEST_ROLES, WORKSHOP_KIND, attendee_roles
from kombel.workshops.models import Attendance, SessionFeedback, WorkshopSession


def workshop_events(school: School, programme_id: Any = None) -> QuerySet[Event]:
    """The school's workshop events, each with its session when one was prepared.

    Every staff member of the school sees every workshop: they are the programme's calendar.
    """
    qs = Event.objects.filter(school=school, kind=WORKSHOP_KIND)
    if programme_id is not None:
        qs = qs.filter(programme_id=programme_id)
    else:  # an archived programme is put away: read it from its own page
        qs = qs.exclude(programme__status=ProgrammeStatus.ARCHIVED)
    return qs.select_related("programme", "workshop_session").order_by("date", "start_time")


def _session_qs(school: School) -> QuerySet[WorkshopSession]:
    return (
        WorkshopSession.objects.filter(school=school)
        .select_related("event", "event__programme", "school")
        .prefetch_related(
            "materials", Prefetch("facilitators", queryset=User.objects.order_by("full_name"))
        )
    )


def sessions_for_user(school: School) -> QuerySet[WorkshopSession]:
    """Every session of the school (workshop.view is school-wide), in calendar order, with its
    materials and facilitators."""
    return _session_qs(school).order_by("event__date", "event__start_time")


def get_session_for_user(request: SchoolHttpRequest, pk: Any) -> WorkshopSession:
    """The session of the request's school, or 404 (missing and foreign alike)."""
    return one_or_404(_session_qs(request.school), pk)


def get_workshop_event_for_user(request: SchoolHttpRequest, pk: Any) -> Event:
    return one_or_404(
        Event.objects.filter(school=request.school, kind=WORKSHOP_KIND).select_related(
            "programme", "school"
        ),
        pk,
    )


@dataclass
class AttendanceRow:
    user: User
    attendance: Attendance | None

    @property
    def status(self) -> str:
        """What the screen shows: an unsaved row defaults to present."""
        return self.attendance.status if self.attendance else AttendanceStatus.PRESENT

    @property
    def saved(self) -> bool:
        return self.attendance is not None

    @property
    def recorded_status(self) -> str:
        """What was recorded, "" when nothing was: the register shows no choice made for a row
        not saved yet (it would contradict the session's count of those present)."""
        return self.attendance.status if self.attendance else ""


def attendees(session: WorkshopSession) -> QuerySet[Participant]:
    """The programme's participants who attend the session, by name (with their user)."""
    return (
        Participant.objects.filter(
            programme_id=session.event.programme_id, role__in=sorted(attendee_roles(session.event))
        )
        .select_related("user")
        .order_by("user__full_name", "pk")
    )


def attendance_records(session: WorkshopSession, users: Any = None) -> dict[Any, Attendance]:
    """The session's attendance by user id (of `users` only, when given)."""
    records = Attendance.objects.filter(session=session)
    if users is not None:
        records = records.filter(user__in=users)
    return {a.user_id: a for a in records}


def attendance_rows(session: WorkshopSession) -> list[AttendanceRow]:
    """Every participant of the programme with their attendance (two queries, any size)."""
    people = [p.user for p in attendees(session)]
    records = attendance_records(session)
    return [AttendanceRow(user=u, attendance=records.get(u.pk)) for u in people]


def attendance_row(session: WorkshopSession, user_id: Any) -> AttendanceRow | None:
    participant = (
        Participant.objects.filter(
            programme_id=session.event.programme_id,
            user_id=user_id,
            role__in=sorted(attendee_roles(session.event)),
        )
        .select_related("user")
        .first()
    )
    if participant is None:
        return None
    record = Attendance.objects.filter(session=session, user_id=user_id).first()
    return AttendanceRow(user=participant.user, attendance=record)


def attendance_counts(session: WorkshopSession) -> dict[str, int]:
    counts = dict(
        Attendance.objects.filter(session=session)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in AttendanceStatus.values}


@dataclass
class FeedbackComment:
    rating: int
    comment: str
    name: str | None  # None unless the participant chose to show it


@dataclass
class FeedbackSummary:
    count: int = 0
    average: float | None = None
    distribution: list[tuple[int, int]] = field(default_factory=list)  # (rating, how many)
    comments: list[FeedbackComment] = field(default_factory=list)


def feedback_summary(session: WorkshopSession) -> FeedbackSummary:
    """Aggregates and comments; names only of those who chose to show them."""
    rows = list(
        SessionFeedback.objects.filter(session=session)
        .select_related("user")
        .order_by("created_at")
    )
    if not rows:
        return FeedbackSummary(distribution=[(r, 0) for r in range(5, 0, -1)])
    by_rating = {r: 0 for r in range(1, 6)}
    for row in rows:
        by_rating[row.rating] += 1
    return FeedbackSummary(
        count=len(rows),
        average=round(sum(r.rating for r in rows) / len(rows), 1),
        distribution=[(r, by_rating[r]) for r in range(5, 0, -1)],
        comments=[
            FeedbackComment(
                rating=r.rating, comment=r.comment, name=r.user.full_name if r.show_name else None
            )
            # By rating and text, never in the order they came, which the attendance or the
            # log's times could match to a person.
            for r in sorted(rows, key=lambda r: (-r.rating, r.comment.casefold(), str(r.pk)))
            if r.comment
        ],
    )


def feedback_of(session: WorkshopSession, user: Any) -> SessionFeedback | None:
    return SessionFeedback.objects.filter(session=session, user_id=user.pk).first()


def sessions_today_for_user(user: Any, today: datetime.date | None = None) -> list[WorkshopSession]:
    """Today's workshop sessions the user takes part in or runs, in all their schools.

    For a teacher's home page: each session carries `my_attendance` (an Attendance or None) so
    the page can offer "check in" only to those not yet marked present, and its materials
    (`resources`). Four queries when there are sessions, one when there are none.
    """
    if user is None or not user.is_authenticated:
        return []
    today = today or timezone.localdate()
    sessions = list(
        WorkshopSession.objects.filter(
            school_id__in=school_ids_of(user),
            event__date=today,
            event__is_cancelled=False,
        )
        .filter(
            Q(
                event__programme__participations__user=user,
                event__programme__participations__role__in=ATTENDEE_ROLES,
            )
            | Q(
                event__invites_all=True,
                event__programme__participations__user=user,
                event__programme__participations__role__in=GUEST_ROLES,
            )
            | Q(facilitators=user)
        )
        .select_related("event", "event__programme", "school")
        .prefetch_related("resources")
        .distinct()
        .order_by("event__start_time")
    )
    if not sessions:
        return []
    mine = {
        a.session_id: a
        for a in Attendance.objects.filter(user=user, session__in=[s.pk for s in sessions])
    }
    for session in sessions:
        session.my_attendance = mine.get(session.pk)  # type: ignore[attr-defined]
    return sessions


@dataclass
class RegisterRow:
    user: User
    statuses: list[str]  # one per session of the register, "" when not recorded

    @property
    def attendance_rate(self) -> float | None:
        """Present or late over the sessions recorded for this person (as communities do)."""
        marked = [s for s in self.statuses if s]
        if not marked:
            return None
        attended = sum(1 for s in marked if s in (AttendanceStatus.PRESENT, AttendanceStatus.LATE))
        return attended / len(marked)


@dataclass
class Register:
    sessions: list[WorkshopSession]
    rows: list[RegisterRow]


def attendance_register(programme: Programme, today: datetime.date) -> Register:
    """A programme's attendance: its held sessions (up to today, not cancelled) by its attendees.

    Three queries whatever the number of sessions and participants.
    """
    sessions = list(
        WorkshopSession.objects.filter(
            school_id=programme.school_id,
            event__programme=programme,
            event__date__lte=today,
            event__is_cancelled=False,
        )
        .select_related("event")
        .order_by("event__date", "event__start_time")
    )
    people = [
        p.user
        for p in Participant.objects.filter(programme=programme, role__in=ATTENDEE_ROLES)
        .select_related("user")
        .order_by("user__full_name")
    ]
    marks: dict[tuple[Any, Any], str] = {
        (session_id, user_id): status
        for session_id, user_id, status in Attendance.objects.filter(
            school_id=programme.school_id, session__in=[s.pk for s in sessions]
        ).values_list("session_id", "user_id", "status")
    }
    rows = [
        RegisterRow(user=u, statuses=[marks.get((s.pk, u.pk), "") for s in sessions])
        for u in people
    ]
    return Register(sessions=sessions, rows=rows)


def session_links(event: Event, user: Any) -> list[tuple[str, str]]:
    """The event page's way to its workshop session, for those who may see workshops."""
    if event.kind != WORKSHOP_KIND:
        return []
    session = WorkshopSession.objects.filter(event=event).select_related("event").first()
    if session is None or not user.has_perm("workshops.view_session", session):
        return []
    url = reverse("workshops:session", args=[event.school.npsn, session.pk])
    return [(gettext("Open the session"), url)]


def session_path(session: WorkshopSession) -> str:
    return reverse("workshops:session", args=[session.school.npsn, session.pk])


def session_source_info(session: WorkshopSession) -> SourceInfo:
    """How a follow-up (RTL) agreed at a session names it: its title and date."""
    event = session.event
    return SourceInfo(
        label=f"{event.title} · {day_text(event.date)}",
        url=session_path(session),
        date=event.date,
    )


def home_panel(request: Any, schools: list[School]) -> dict[str, Any] | None:
    """Home: today's workshop sessions I take part in or run, with materials and check-in."""
    sessions = sessions_today_for_user(request.user)
    return {"sessions": sessions} if sessions else None


def school_figures(schools: list[School], today: datetime.date) -> dict[Any, list[Any]]:
    """The summary of schools (core.extensions.SchoolFigures), two queries: workshops held of
    those planned up to today (held: someone's attendance was recorded present or late) and the
    attendance rate at the held ones."""
    sessions = (
        WorkshopSession.objects.filter(
            school__in=schools, event__date__lte=today, event__is_cancelled=False
        )
        .values("school_id")
        .annotate(
            planned=Count("pk", distinct=True),
            held=Count("pk", distinct=True, filter=Q(attendances__status__in=ATTENDED)),
        )
    )
    marks = (
        Attendance.objects.filter(
            school__in=schools,
            session__event__date__lte=today,
            session__event__is_cancelled=False,
        )
        .values("school_id")
        .annotate(n=Count("pk"), attended=Count("pk", filter=Q(status__in=ATTENDED)))
    )
    return held_and_attendance(
        schools,
        sessions,
        marks,
        held_label=gettext("Workshops held"),
        attendance_label=gettext("Workshop attendance"),
    )

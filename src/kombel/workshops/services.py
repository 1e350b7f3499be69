"""Every write of the workshops app: sessions, attendance, check-in, materials, feedback, outputs.

Keyword-only, typed; each write runs in one transaction, checks that every object it links
belongs to the session's school, and records itself with `log_action`.
"""

import datetime
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kombel.accounts.models import User
from kombel.core.audit import log_action
from kombel.core.uploads import validate_upload
from kombel.core.versioning import check_version
from kombel.programs.enums import AttendanceStatus
from kombel.programs.models import Event, Material, Participant
from kombel.schools.models import School
from kombel.schools.queries import users_outside
from kombel.workshops.enums import (
    WORKSHOP_KIND,
    AttendanceMethod,
    OutputKind,
    Venue,
    attendee_roles,
)
from kombel.workshops.models import (
    Attendance,
    SessionFeedback,
    SessionOutput,
    SessionResource,
    WorkshopSession,
)

# Self check-in opens this long before the session starts and closes when it ends.
CHECKIN_OPENS_BEFORE = datetime.timedelta(minutes=30)
# Checking in later than this after the start counts as late.
LATE_AFTER = datetime.timedelta(minutes=15)

NOT_A_PARTICIPANT = _("This person is not a participant of the programme.")


def session_window(session: WorkshopSession) -> tuple[datetime.datetime, datetime.datetime]:
    """The session's start and end as aware datetimes in the school's time zone."""
    tz = ZoneInfo(session.school.timezone)
    event = session.event
    return (
        datetime.datetime.combine(event.date, event.start_time, tzinfo=tz),
        datetime.datetime.combine(event.date, event.end_time, tzinfo=tz),
    )


def is_participant(*, session: WorkshopSession, user: Any) -> bool:
    """Whether the user attends the session (a programme participant who teaches; a parent or
    community leader too at a workshop that invites them)."""
    return Participant.objects.filter(
        programme_id=session.event.programme_id,
        user_id=user.pk,
        role__in=sorted(attendee_roles(session.event)),
    ).exists()


def _check_members(school: School, users: Iterable[User], field: str) -> list[User]:
    users = list(users)
    if users_outside(school, users):
        raise ValidationError({field: _("Everyone chosen must belong to this school.")})
    return users


@transaction.atomic
def session_create(
    *,
    event: Event,
    actor: Any,
    venue: str = Venue.CLASSROOM,
    agenda: str = "",
    materials: Iterable[Material] = (),
    facilitators: Iterable[User] = (),
    outside_speaker: str = "",
) -> WorkshopSession:
    if event.kind != WORKSHOP_KIND:
        raise ValidationError(_("Only a workshop event can have a workshop session."))
    if WorkshopSession.objects.filter(event=event).exists():
        raise ValidationError(_("This workshop already has a session."))
    facilitator_list = _check_members(event.school, facilitators, "facilitators")
    session = WorkshopSession(
        school=event.school,
        event=event,
        venue=venue,
        agenda=agenda.strip(),
        outside_speaker=outside_speaker.strip(),
    )
    session.full_clean(exclude=["checkin_code"])
    session.save()
    session.materials.set(list(materials))  # shared by every school
    session.facilitators.set(facilitator_list)
    log_action(
        "workshops.session.created",
        actor=actor,
        school=session.school,
        obj=session,
        data={"event": str(event.pk)},
    )
    return session


@transaction.atomic
def session_update(
    *,
    session: WorkshopSession,
    actor: Any,
    version: int | None,
    venue: str,
    agenda: str,
    materials: Iterable[Material],
    facilitators: Iterable[User],
    outside_speaker: str = "",
) -> WorkshopSession:
    """Save the session's details unless someone else saved since `version` was loaded."""
    school = session.school
    current = WorkshopSession.objects.select_for_update().get(pk=session.pk)
    check_version(current, version)
    facilitator_list = _check_members(school, facilitators, "facilitators")
    current.venue = venue
    current.agenda = agenda.strip()
    current.outside_speaker = outside_speaker.strip()
    current.version += 1
    current.full_clean(exclude=["checkin_code"])
    current.save()
    current.materials.set(list(materials))  # shared by every school
    current.facilitators.set(facilitator_list)
    log_action("workshops.session.updated", actor=actor, school=school, obj=current)
    return current


def _check_status(status: str) -> None:
    if status not in AttendanceStatus.values:
        raise ValidationError({"status": _("Choose present, late, excused or absent.")})


def _check_taken_place(session: WorkshopSession) -> None:
    """Attendance is for a session that has begun: one in the future cannot be attended yet."""
    event = session.event
    if event.date > timezone.localdate():
        raise ValidationError(
            {"status": _("The session has not taken place yet: record attendance on its day.")}
        )


@transaction.atomic
def attendance_set(
    *,
    session: WorkshopSession,
    actor: Any,
    participant: User,
    status: str,
    method: str = AttendanceMethod.MANUAL,
) -> Attendance:
    """Record one person's attendance. Replaying the same tap changes and logs nothing; two taps
    for the same person at once update one row (the row is locked, or created once)."""
    _check_status(status)
    _check_taken_place(session)
    if not is_participant(session=session, user=participant):
        raise ValidationError({"participant": NOT_A_PARTICIPANT})
    attendance, created = Attendance.objects.select_for_update().get_or_create(
        session=session,
        user=participant,
        defaults={"school": session.school, "status": status, "method": method},
    )
    if not created and attendance.status == status:
        return attendance
    attendance.status = status
    attendance.method = method
    attendance.recorded_by = actor if getattr(actor, "is_authenticated", False) else None
    attendance.full_clean(validate_unique=False)
    attendance.save()
    log_action(
        "workshops.attendance.set",
        actor=actor,
        school=session.school,
        obj=attendance,
        data={"session": str(session.pk), "user": str(participant.pk), "status": status},
    )
    return attendance


@transaction.atomic
def attendance_rest_present_mark(*, session: WorkshopSession, actor: Any) -> int:
    """Everyone of the programme without a record yet is present (the screen's default)."""
    _check_taken_place(session)
    recorded = Attendance.objects.filter(session=session).values_list("user_id", flat=True)
    missing = list(
        Participant.objects.filter(
            programme_id=session.event.programme_id,
            role__in=sorted(attendee_roles(session.event)),
        )
        .exclude(user_id__in=recorded)
        .values_list("user_id", flat=True)
    )
    Attendance.objects.bulk_create(
        [
            Attendance(
                school=session.school,
                session=session,
                user_id=user_id,
                status=AttendanceStatus.PRESENT,
                recorded_by=actor,
            )
            for user_id in missing
        ],
        ignore_conflicts=True,
    )
    if missing:
        log_action(
            "workshops.attendance.rest_present",
            actor=actor,
            school=session.school,
            obj=session,
            data={"count": len(missing)},
        )
    return len(missing)


@transaction.atomic
def attendance_check_in(
    *, school: School, actor: User, code: str, now: datetime.datetime | None = None
) -> Attendance:
    """Check in with the code the facilitator shows, during the session only."""
    now = now or timezone.now()
    normalized = "".join(code.split()).upper()
    session = (
        WorkshopSession.objects.filter(school=school, checkin_code=normalized)
        .select_related("event", "school")
        .first()
        if normalized
        else None
    )
    if session is None or session.event.is_cancelled:
        raise ValidationError({"code": _("This code is not valid. Check it and try again.")})
    start, end = session_window(session)
    if now < start - CHECKIN_OPENS_BEFORE:
        raise ValidationError({"code": _("Check-in for this session has not opened yet.")})
    if now > end:
        raise ValidationError({"code": _("This code has expired: the session is over.")})
    if not is_participant(session=session, user=actor):
        raise ValidationError({"code": _("You are not a participant of this programme.")})
    existing = Attendance.objects.filter(session=session, user=actor).first()
    if existing is not None and existing.status in (
        AttendanceStatus.PRESENT,
        AttendanceStatus.LATE,
    ):
        return existing
    status = AttendanceStatus.PRESENT if now <= start + LATE_AFTER else AttendanceStatus.LATE
    return attendance_set(
        session=session, actor=actor, participant=actor, status=status, method=AttendanceMethod.SELF
    )


def _attach_file(obj: SessionResource | SessionOutput, upload: Any) -> None:
    try:
        validate_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    obj.file_name = upload.name[:200]
    obj.file_size = upload.size
    obj.file = upload  # saved through the default storage by the FileField


@transaction.atomic
def resource_add(
    *, session: WorkshopSession, actor: Any, title: str, upload: Any = None, url: str = ""
) -> SessionResource:
    if upload is None and not url:
        raise ValidationError(_("Attach a file or give a link."))
    resource = SessionResource(
        school=session.school, session=session, title=title.strip(), url=url, added_by=actor
    )
    if upload is not None:
        _attach_file(resource, upload)
    resource.full_clean(exclude=["file"])
    resource.save()
    log_action("workshops.resource.added", actor=actor, school=session.school, obj=resource)
    return resource


@transaction.atomic
def resource_delete(*, resource: SessionResource, actor: Any) -> None:
    log_action("workshops.resource.deleted", actor=actor, school=resource.school, obj=resource)
    name = resource.file.name if resource.file else ""
    storage = resource.file.storage
    resource.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def session_has_started(session: WorkshopSession, now: datetime.datetime | None = None) -> bool:
    start, _end = session_window(session)
    return (now or timezone.now()) >= start


@transaction.atomic
def feedback_submit(
    *,
    session: WorkshopSession,
    actor: User,
    rating: int,
    comment: str = "",
    show_name: bool = False,
    now: datetime.datetime | None = None,
) -> SessionFeedback:
    if not is_participant(session=session, user=actor):
        raise ValidationError(_("Only the programme's participants can give feedback."))
    if not session_has_started(session, now):
        raise ValidationError(_("Feedback opens when the session starts."))
    duplicate = _("You have already given feedback on this session; it was kept as it was.")
    if SessionFeedback.objects.filter(session=session, user=actor).exists():
        raise ValidationError(duplicate, code="duplicate")
    feedback = SessionFeedback(
        school=session.school,
        session=session,
        user=actor,
        rating=rating,
        comment=comment.strip(),
        show_name=show_name,
    )
    feedback.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            feedback.save()
    except IntegrityError as exc:  # the same person submitting twice at once
        raise ValidationError(duplicate, code="duplicate") from exc
    # Anonymous feedback leaves no actor, no rating and nothing else in the log: the audit trail
    # (which the school reads) must not undo its anonymity. Only the row itself knows whose it
    # is, to refuse a second answer; nothing shows it.
    log_action(
        "workshops.feedback.submitted",
        actor=actor if show_name else None,
        school=session.school,
        obj=session,
    )
    return feedback


@transaction.atomic
def output_add(
    *,
    session: WorkshopSession,
    actor: Any,
    title: str,
    kind: str = OutputKind.LESSON_PLAN,
    description: str = "",
    authors: Iterable[User] = (),
    upload: Any = None,
    url: str = "",
) -> SessionOutput:
    author_list = _check_members(session.school, authors, "authors")
    if not author_list:
        raise ValidationError({"authors": _("Name at least one author.")})
    output = SessionOutput(
        school=session.school,
        session=session,
        title=title.strip(),
        kind=kind,
        description=description.strip(),
        url=url,
        added_by=actor,
    )
    if upload is not None:
        _attach_file(output, upload)
    output.full_clean(exclude=["file"])
    output.save()
    output.authors.set(author_list)
    log_action("workshops.output.added", actor=actor, school=session.school, obj=output)
    return output

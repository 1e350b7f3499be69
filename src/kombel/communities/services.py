"""Writes of learning communities: every one atomic, checked, same-school, logged."""

import datetime
import os
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kombel.accounts.models import User
from kombel.communities.enums import COMMUNITY_KIND, MeetingStatus
from kombel.communities.models import (
    Community,
    CommunityMember,
    Meeting,
    MeetingAttendance,
    MinuteEntry,
    Practice,
    PracticeFile,
)
from kombel.core.audit import log_action
from kombel.core.dates import day_text
from kombel.core.uploads import EVIDENCE_EXTENSIONS, validate_upload, validate_upload_batch
from kombel.core.versioning import check_version
from kombel.programs.enums import ATTENDED, AttendanceStatus
from kombel.programs.models import Event, Programme
from kombel.programs.services import clash_message, event_clashes, event_create
from kombel.schools.enums import TEACHING_ROLES
from kombel.schools.models import School, Subject
from kombel.schools.queries import users_outside

REFLECTION_FIELDS = ("need", "practice_shared", "went_well", "lacking", "next_steps", "follow_up")
RECORD_FIELDS = (
    "status",
    "agenda",
    "notes",
    "location",
    "documentation_url",
    *REFLECTION_FIELDS,
)


def _check_same_school(school: School, obj: Any, field: str) -> None:
    if obj is not None and obj.school_id != school.pk:
        raise ValidationError({field: _("This belongs to another school.")})


def _check_teachers(school: School, users: Iterable[User], field: str) -> None:
    if users_outside(school, users, roles=TEACHING_ROLES):
        raise ValidationError({field: _("Choose teachers of this school only.")})


def _set_members(community: Community, members: Iterable[User]) -> None:
    wanted = {u.pk for u in members} | {community.facilitator_id}
    CommunityMember.objects.filter(community=community).exclude(user_id__in=wanted).delete()
    have = set(
        CommunityMember.objects.filter(community=community).values_list("user_id", flat=True)
    )
    CommunityMember.objects.bulk_create(
        [
            CommunityMember(school_id=community.school_id, community=community, user_id=uid)
            for uid in wanted - have
        ]
    )


@transaction.atomic
def community_create(
    *,
    school: School,
    programme: Programme,
    name: str,
    facilitator: User,
    members: Sequence[User] = (),
    subjects: Sequence[Subject] = (),
    grades: Sequence[int] = (),
    theme: str = "",
    goals: str = "",
    interval_weeks: int | None = None,
    actor: User,
) -> Community:
    _check_same_school(school, programme, "programme")
    _check_teachers(school, [facilitator], "facilitator")
    _check_teachers(school, members, "members")
    community = Community(
        school=school,
        programme=programme,
        name=name.strip(),
        theme=theme.strip(),
        goals=goals.strip(),
        grades=sorted({int(g) for g in grades}),
        facilitator=facilitator,
        interval_weeks=interval_weeks or programme.community_interval_weeks or 2,
    )
    community.full_clean()
    community.save()
    community.subjects.set(subjects)
    _set_members(community, members)
    log_action(
        "communities.community.created",
        actor=actor,
        school=school,
        obj=community,
        data={"members": len(members)},
    )
    return community


@transaction.atomic
def communities_create(
    *, school: School, programme: Programme, proposals: Sequence[dict[str, Any]], actor: User
) -> list[Community]:
    """Create the accepted groups of a "suggest groups" proposal: all of them or none."""
    return [
        community_create(school=school, programme=programme, actor=actor, **proposal)
        for proposal in proposals
    ]


@transaction.atomic
def community_update(
    *,
    community: Community,
    actor: User,
    version: int | None,
    name: str,
    facilitator: User,
    members: Sequence[User],
    subjects: Sequence[Subject],
    grades: Sequence[int],
    theme: str,
    goals: str,
    interval_weeks: int,
) -> Community:
    community = Community.objects.select_for_update().get(pk=community.pk)
    check_version(community, version)
    _check_teachers(community.school, [facilitator], "facilitator")
    _check_teachers(community.school, members, "members")
    community.name = name.strip()
    community.facilitator = facilitator
    community.grades = sorted({int(g) for g in grades})
    community.theme = theme.strip()
    community.goals = goals.strip()
    community.interval_weeks = interval_weeks
    community.version += 1
    community.full_clean()
    community.save()
    community.subjects.set(subjects)
    _set_members(community, members)
    log_action("communities.community.updated", actor=actor, obj=community)
    return community


def _check_in_programme(community: Community, date: datetime.date) -> None:
    programme = community.programme
    if not programme.start <= date <= programme.end:
        raise ValidationError(
            {
                "date": _("Choose a date within the programme (%(start)s to %(end)s).")
                % {
                    "start": day_text(programme.start),
                    "end": day_text(programme.end),
                }
            }
        )


def _community_event(community: Community, date: datetime.date) -> Event | None:
    return (
        Event.objects.filter(
            programme=community.programme,
            kind=COMMUNITY_KIND,
            date=date,
            is_cancelled=False,
        )
        .order_by("start_time")
        .first()
    )


def _people_of(community: Community) -> set[Any]:
    """Whom a community's meeting is for: its members and its facilitator."""
    people = set(
        CommunityMember.objects.filter(community=community).values_list("user_id", flat=True)
    )
    people.add(community.facilitator_id)
    return people


def meeting_clashes(community: Community, slot: Event) -> list[str]:
    """What the community's members already have at the time of `slot` (the meeting's calendar
    event, saved or not): the school's overlapping events that share people with them, and the
    other communities meeting in the same slot with a member in common. [] when nothing clashes.
    """
    people = _people_of(community)
    clashes = event_clashes(slot, people=people)
    names: dict[Any, str] = {}
    others = (
        Meeting.objects.filter(event_id__in=[e.pk for e, _n in clashes])
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("community")
        .order_by("community__name")
    )
    for m in others:
        names[m.event_id] = (
            f"{names[m.event_id]}, {m.community.name}"
            if m.event_id in names
            else _("Community meeting: %(name)s") % {"name": m.community.name}
        )
    if slot.pk:  # the slot itself: other communities meeting then, with a member in common
        for m in (
            Meeting.objects.filter(event=slot)
            .exclude(community=community)
            .exclude(status=MeetingStatus.CANCELLED)
            .select_related("community")
            .order_by("community__name")
        ):
            shared = len(people & _people_of(m.community))
            if shared:
                clashes.append((slot, shared))
                names[slot.pk] = _("Community meeting: %(name)s") % {"name": m.community.name}
                break
    return [clash_message(clashes, names)] if clashes else []


@transaction.atomic
def meeting_create(
    *,
    community: Community,
    actor: User,
    date: datetime.date,
    start_time: datetime.time | None = None,
    location: str = "",
    agenda: str = "",
    confirm: bool = False,
) -> Meeting:
    """A meeting on a date of the programme.

    It joins the calendar's community event of that day, or adds one, so that the meeting is on
    everyone's calendar and its members get the programme's reminder e-mail. A time at which its
    members already have another activity (a workshop, another community's meeting) is refused
    with the clash named, unless `confirm`.
    """
    _check_in_programme(community, date)
    event = _community_event(community, date)
    start = start_time or (event.start_time if event else datetime.time(13, 30))
    end = (datetime.datetime.combine(date, start) + datetime.timedelta(hours=2)).time()
    end = end if end > start else datetime.time(23, 59)
    if not confirm:
        slot = event or Event(
            school_id=community.school_id,
            programme=community.programme,
            kind=COMMUNITY_KIND,
            date=date,
            start_time=start,
            end_time=end,
        )
        clashes = meeting_clashes(community, slot)
        if clashes:
            raise ValidationError({"start_time": clashes})
    if event is None:
        event = event_create(
            programme=community.programme,
            actor=actor,
            confirm=True,
            kind=COMMUNITY_KIND,
            title_key=COMMUNITY_KIND,
            title_detail=community.name,
            date=date,
            start_time=start,
            end_time=end,
            location=location,
        )
    meeting = Meeting(
        school_id=community.school_id,
        community=community,
        event=event,
        date=date,
        start_time=start_time or (event.start_time if event else datetime.time(13, 30)),
        location=location or (event.location if event else ""),
        agenda=agenda.strip(),
    )
    meeting.full_clean()
    meeting.save()
    log_action("communities.meeting.created", actor=actor, school=community.school, obj=meeting)
    return meeting


def planned_dates(community: Community, events: Sequence[Event]) -> list[datetime.date]:
    """The community's meeting dates: the programme's community events, thinned to its interval.

    Without community events in the calendar, the interval is counted from the programme's
    first community weekday.
    """
    programme = community.programme
    step = datetime.timedelta(weeks=community.interval_weeks)
    dates: list[datetime.date] = []
    candidates = sorted({e.date for e in events if not e.is_cancelled})
    if not candidates:
        day = programme.start + datetime.timedelta(
            days=(programme.community_weekday - programme.start.weekday()) % 7
        )
        while day <= programme.end:
            candidates.append(day)
            day += step
    for day in candidates:
        # A few days of slack: a holiday may have moved one meeting.
        if not dates or day - dates[-1] >= step - datetime.timedelta(days=3):
            dates.append(day)
    return dates


@transaction.atomic
def meetings_plan(*, community: Community, actor: User) -> list[Meeting]:
    """Create the community's meetings from the programme calendar (missing dates only)."""
    events = list(
        Event.objects.filter(programme=community.programme, kind=COMMUNITY_KIND).order_by("date")
    )
    by_date = {e.date: e for e in events if not e.is_cancelled}
    existing = set(Meeting.objects.filter(community=community).values_list("date", flat=True))
    new = []
    for day in planned_dates(community, events):
        if day in existing:
            continue
        event = by_date.get(day)
        new.append(
            Meeting(
                school_id=community.school_id,
                community=community,
                event=event,
                date=day,
                start_time=event.start_time if event else datetime.time(13, 30),
                location=event.location if event else "",
            )
        )
    Meeting.objects.bulk_create(new)
    log_action(
        "communities.meetings.planned",
        actor=actor,
        school=community.school,
        obj=community,
        data={"count": len(new)},
    )
    return new


@transaction.atomic
def meeting_update(
    *, meeting: Meeting, actor: User, version: int | None, **changes: Any
) -> Meeting:
    """Save the minutes or the reflection (the fields in `changes`), version-checked."""
    unknown = set(changes) - set(RECORD_FIELDS)
    if unknown:
        raise TypeError(f"unknown meeting fields: {sorted(unknown)}")
    meeting = Meeting.objects.select_for_update().select_related("community").get(pk=meeting.pk)
    check_version(meeting, version)
    for field, value in changes.items():
        setattr(meeting, field, value.strip() if isinstance(value, str) else value)
    if changes.get("status") == MeetingStatus.HELD and meeting.date > timezone.localdate():
        raise ValidationError(
            {"status": _("The meeting has not taken place yet: it can be held from its day on.")}
        )
    meeting.version += 1
    meeting.full_clean()
    meeting.save()
    log_action(
        "communities.meeting.updated",
        actor=actor,
        school=meeting.community.school,
        obj=meeting,
        data={"fields": sorted(changes)},
    )
    return meeting


def _check_attendance(meeting: Meeting, statuses: dict[Any, str], today: datetime.date) -> None:
    """Attendance is for members, with a known status, of a meeting that has taken place."""
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError({"attendance": _("The meeting was cancelled.")})
    if meeting.date > today:
        raise ValidationError(
            {"attendance": _("The meeting has not taken place yet: record attendance on its day.")}
        )
    if any(status not in AttendanceStatus.values for status in statuses.values()):
        raise ValidationError({"status": _("Choose present, late, excused or absent.")})
    members = set(
        CommunityMember.objects.filter(community_id=meeting.community_id).values_list(
            "user_id", flat=True
        )
    )
    if any(uid not in members for uid in statuses):
        raise ValidationError(
            {"attendance": _("Attendance can only be recorded for members of the community.")}
        )


@transaction.atomic
def meeting_attendance_set(
    *,
    meeting: Meeting,
    actor: User,
    statuses: dict[Any, str],
    today: datetime.date | None = None,
) -> list[MeetingAttendance]:
    """Record who came (user id -> AttendanceStatus), for members only, on or after the
    meeting's day. A planned meeting with someone present becomes held. Safe when two arrive
    at once: the same person's row is updated, never created twice."""
    _check_attendance(meeting, statuses, today or timezone.localdate())
    rows = []
    for uid, status in statuses.items():
        row, _created = MeetingAttendance.objects.update_or_create(
            meeting=meeting,
            user_id=uid,
            defaults={"status": status, "school_id": meeting.school_id, "recorded_by": actor},
        )
        rows.append(row)
    if meeting.status == MeetingStatus.PLANNED and any(s in ATTENDED for s in statuses.values()):
        Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
        meeting.status = MeetingStatus.HELD
    log_action(
        "communities.attendance.recorded",
        actor=actor,
        school=meeting.school,
        obj=meeting,
        data={str(k): v for k, v in statuses.items()},
    )
    return rows


@transaction.atomic
def minute_entry_add(*, meeting: Meeting, actor: User, text: str) -> MinuteEntry:
    entry = MinuteEntry(
        school_id=meeting.school_id, meeting=meeting, author=actor, text=text.strip()
    )
    entry.full_clean()
    entry.save()
    log_action("communities.minutes.added", actor=actor, school=meeting.school, obj=meeting)
    return entry


def check_upload(upload: UploadedFile) -> None:
    """Refuse a file that is too large or not what its name says (kombel.core.uploads)."""
    try:
        validate_upload(upload, extensions=EVIDENCE_EXTENSIONS)
    except ValidationError as error:
        raise ValidationError(
            {"files": [f"{upload.name}: {message}" for message in error.messages]}
        ) from error


def practice_share(
    *,
    community: Community,
    actor: User,
    title: str,
    description: str,
    subject: Subject | None = None,
    grade: int | None = None,
    link: str = "",
    meeting: Meeting | None = None,
    files: Sequence[UploadedFile] = (),
) -> Practice:
    """Share a good practice; every file is checked before anything is written."""
    try:
        validate_upload_batch(list(files))
    except ValidationError as error:
        raise ValidationError({"files": error.messages}) from error
    for upload in files:
        check_upload(upload)
    if meeting is not None and meeting.community_id != community.pk:
        raise ValidationError({"meeting": _("Choose a meeting of this community.")})
    stored: list[PracticeFile] = []
    try:
        with transaction.atomic():
            practice = Practice(
                school_id=community.school_id,
                community=community,
                meeting=meeting,
                title=title.strip(),
                description=description.strip(),
                subject=subject,
                grade=grade,
                link=link.strip(),
                shared_by=actor,
            )
            practice.full_clean()
            practice.save()
            for upload in files:
                pf = PracticeFile(
                    school_id=community.school_id,
                    practice=practice,
                    name=os.path.basename(upload.name or "")[:200],
                    size=upload.size or 0,
                    content_type=(getattr(upload, "content_type", "") or "")[:100],
                )
                pf.file.save(upload.name or "file", upload, save=False)
                stored.append(pf)
                pf.save()
            log_action(
                "communities.practice.shared",
                actor=actor,
                school=community.school,
                obj=practice,
                data={"files": len(files)},
            )
    except Exception:
        # The rows are rolled back; the stored files must go too.
        for pf in stored:
            pf.file.delete(save=False)
        raise
    return practice

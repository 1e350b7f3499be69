"""Communities, meetings, practices and meeting follow-ups under /schools/{npsn}/...

Bad input answers 422 with messages by field, a stale version 409 (kombel.core.api).
"""

import datetime
from typing import Any
from uuid import UUID

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from kombel.accounts.models import User
from kombel.communities import queries, services
from kombel.communities.enums import MeetingStatus
from kombel.communities.models import Community, Meeting, Practice
from kombel.core.api import (
    LocalTime,
    Paged,
    Rows,
    body_fields,
    changed_since,
    object_of_school,
    objects_of_school,
    require,
    rows,
)
from kombel.programs.models import Programme
from kombel.schools.http import SchoolHttpRequest
from kombel.schools.models import School, Subject
from kombel.schools.queries import members_of_school

router = Router(tags=["communities"])


class CommunityOut(Schema):
    id: UUID
    name: str
    theme: str
    goals: str
    grades: list[int]
    subjects: list[str]
    facilitator_id: UUID
    facilitator_name: str
    interval_weeks: int
    programme_id: UUID
    version: int
    updated_at: datetime.datetime


class CommunityIn(Schema):
    programme_id: UUID
    name: str
    facilitator_id: UUID
    member_ids: list[UUID] = []
    subject_codes: list[str] = []
    grades: list[int] = []
    theme: str = ""
    goals: str = ""
    interval_weeks: int | None = None


class RegularityOut(Schema):
    community_id: UUID
    planned: int
    held: int
    attendance_rate: int | None
    items_total: int
    items_on_time: int
    items_overdue: int
    last_held: datetime.date | None
    dormant: bool


class MeetingOut(Schema):
    id: UUID
    community_id: UUID
    date: datetime.date
    start_time: LocalTime
    location: str
    status: str
    agenda: str
    notes: str
    need: str
    practice_shared: str
    went_well: str
    lacking: str
    next_steps: str
    follow_up: str
    version: int
    updated_at: datetime.datetime


class MeetingIn(Schema):
    """`confirm`: keep a time at which members already have another activity (without it, such
    a clash is refused, 422 on `start_time`, naming the clash)."""

    date: datetime.date
    start_time: LocalTime | None = None
    location: str = ""
    agenda: str = ""
    confirm: bool = False


class MeetingAttendanceIn(Schema):
    """Members' statuses by user id: present, late, excused or absent."""

    statuses: dict[UUID, str]


class EntryIn(Schema):
    text: str


class PracticeOut(Schema):
    id: UUID
    community_id: UUID
    meeting_id: UUID | None
    title: str
    description: str
    subject: str | None
    grade: int | None
    link: str
    shared_by: str
    updated_at: datetime.datetime


class PracticeIn(Schema):
    title: str
    description: str
    subject_code: str | None = None
    grade: int | None = None
    link: str = ""
    meeting_id: UUID | None = None


class MeetingActionItemIn(Schema):
    description: str
    owner_id: UUID
    due_date: datetime.date


def _community_out(c: Community) -> dict[str, Any]:
    return {
        "id": c.pk,
        "name": c.name,
        "theme": c.theme,
        "goals": c.goals,
        "grades": c.grades,
        "subjects": [s.code for s in c.subjects.all()],
        "facilitator_id": c.facilitator_id,
        "facilitator_name": c.facilitator.full_name,
        "interval_weeks": c.interval_weeks,
        "programme_id": c.programme_id,
        "version": c.version,
        "updated_at": c.updated_at,
    }


def _meeting_out(m: Meeting) -> dict[str, Any]:
    fields = [f for f in MeetingOut.model_fields if f not in ("id", "community_id")]
    return {"id": m.pk, "community_id": m.community_id, **{f: getattr(m, f) for f in fields}}


def _practice_out(p: Practice) -> dict[str, Any]:
    return {
        "id": p.pk,
        "community_id": p.community_id,
        "meeting_id": p.meeting_id,
        "title": p.title,
        "description": p.description,
        "subject": p.subject.code if p.subject else None,
        "grade": p.grade,
        "link": p.link,
        "shared_by": p.shared_by.full_name,
        "updated_at": p.updated_at,
    }


def _people(school: School, ids: list[UUID], field: str) -> list[User]:
    """The school's people named by id (whether they may facilitate or join is the service's
    rule), or 422 on `field`."""
    return objects_of_school(
        members_of_school(school),
        ids,
        school=school,
        field=field,
        message=_("Choose teachers of this school only."),
    )


# The service's field names as the request body spells them.
BODY_FIELDS = {
    "programme": "programme_id",
    "facilitator": "facilitator_id",
    "members": "member_ids",
}


@router.get("/schools/{npsn}/communities", response=list[CommunityOut])
@paginate(Paged)
def list_communities(
    request: SchoolHttpRequest,
    npsn: str,
    programme_id: UUID | None = None,
    updated_since: datetime.datetime | None = None,
) -> Rows[Community, dict[str, Any]]:
    """By name; `programme_id` and `updated_since` narrow."""
    school = request.school
    require(request, "communities.view_community", school)
    communities = queries.communities_of_school(school)
    if programme_id is not None:
        communities = communities.filter(programme_id=programme_id)
    return rows(changed_since(communities, updated_since), _community_out)


@router.post("/schools/{npsn}/communities", response={201: CommunityOut})
def community_create(request: SchoolHttpRequest, npsn: str, payload: CommunityIn) -> Status:
    school = request.school
    require(request, "communities.create_community", school)
    programme = object_of_school(
        Programme,
        payload.programme_id,
        school=school,
        field="programme_id",
        message=_("Choose a programme of this school."),
    )
    facilitator = _people(school, [payload.facilitator_id], "facilitator_id")[0]
    members = _people(school, payload.member_ids, "member_ids")
    subjects = objects_of_school(
        Subject,
        payload.subject_codes,
        school=school,
        field="subject_codes",
        lookup="code",
        message=_("Unknown subject: %(subject)s.") % {"subject": "%(missing)s"},
    )
    with body_fields(BODY_FIELDS):
        community = services.community_create(
            school=school,
            programme=programme,
            name=payload.name,
            facilitator=facilitator,
            members=members,
            subjects=subjects,
            grades=payload.grades,
            theme=payload.theme,
            goals=payload.goals,
            interval_weeks=payload.interval_weeks,
            actor=request.user,
        )
    return Status(201, _community_out(queries.get_community(school, community.pk)))


@router.get("/schools/{npsn}/communities/regularity", response=list[RegularityOut])
@paginate(Paged)
def community_regularity(request: SchoolHttpRequest, npsn: str) -> Rows[Community, dict[str, Any]]:
    """Each community's regularity (as its list, by name), computed for the page asked for."""
    school = request.school
    require(request, "communities.view_community", school)
    stats: dict[Any, queries.Regularity] = {}

    def compute(page: list[Community]) -> None:
        stats.update(queries.regularity(school, page, timezone.localdate()))

    def out(c: Community) -> dict[str, Any]:
        r = stats[c.pk]
        return {
            "community_id": c.pk,
            "planned": r.planned,
            "held": r.held,
            "attendance_rate": r.attendance_rate,
            "items_total": r.items.total,
            "items_on_time": r.items.on_time,
            "items_overdue": r.items.overdue,
            "last_held": r.last_held,
            "dormant": r.dormant,
        }

    return rows(queries.communities_of_school(school), out, compute)


@router.get("/schools/{npsn}/communities/{community_id}", response=CommunityOut)
def get_community(request: SchoolHttpRequest, npsn: str, community_id: UUID) -> dict[str, Any]:
    community = queries.get_community(request.school, community_id)
    require(request, "communities.view_community", community)
    return _community_out(community)


@router.get("/schools/{npsn}/communities/{community_id}/meetings", response=list[MeetingOut])
@paginate(Paged)
def list_meetings(
    request: SchoolHttpRequest,
    npsn: str,
    community_id: UUID,
    status: MeetingStatus | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    updated_since: datetime.datetime | None = None,
) -> Rows[Meeting, dict[str, Any]]:
    """In calendar order; `status`, `date_from`/`date_to` (inclusive), `updated_since` narrow."""
    community = queries.get_community(request.school, community_id)
    require(request, "communities.view_community", community)
    meetings = queries.meetings_of(community)
    if status is not None:
        meetings = meetings.filter(status=status)
    if date_from is not None:
        meetings = meetings.filter(date__gte=date_from)
    if date_to is not None:
        meetings = meetings.filter(date__lte=date_to)
    return rows(changed_since(meetings, updated_since), _meeting_out)


@router.post("/schools/{npsn}/communities/{community_id}/meetings", response={201: MeetingOut})
def meeting_create(
    request: SchoolHttpRequest, npsn: str, community_id: UUID, payload: MeetingIn
) -> Status:
    community = queries.get_community(request.school, community_id)
    require(request, "communities.manage_community", community)
    meeting = services.meeting_create(
        community=community,
        actor=request.user,
        **payload.dict(),
    )
    return Status(201, _meeting_out(meeting))


@router.get("/schools/{npsn}/meetings/{meeting_id}", response=MeetingOut)
def get_meeting(request: SchoolHttpRequest, npsn: str, meeting_id: UUID) -> dict[str, Any]:
    meeting = queries.get_meeting(request.school, meeting_id)
    require(request, "communities.view_community", meeting)
    return _meeting_out(meeting)


@router.post("/schools/{npsn}/meetings/{meeting_id}/attendance", response={204: None})
def meeting_attendance_set(
    request: SchoolHttpRequest, npsn: str, meeting_id: UUID, payload: MeetingAttendanceIn
) -> Status:
    meeting = queries.get_meeting(request.school, meeting_id)
    require(request, "communities.manage_community", meeting.community)
    services.meeting_attendance_set(
        meeting=meeting,
        actor=request.user,
        statuses=payload.statuses,
    )
    return Status(204, None)


@router.post("/schools/{npsn}/meetings/{meeting_id}/entries", response={201: None})
def add_entry(request: SchoolHttpRequest, npsn: str, meeting_id: UUID, payload: EntryIn) -> Status:
    meeting = queries.get_meeting(request.school, meeting_id)
    require(request, "communities.contribute", meeting.community)
    services.minute_entry_add(meeting=meeting, actor=request.user, text=payload.text)
    return Status(201, None)


@router.get("/schools/{npsn}/practices", response=list[PracticeOut])
@paginate(Paged)
def list_practices(
    request: SchoolHttpRequest,
    npsn: str,
    q: str = "",
    grade: int | None = None,
    updated_since: datetime.datetime | None = None,
) -> Rows[Practice, dict[str, Any]]:
    """Newest first; `q` searches title and description."""
    school = request.school
    require(request, "communities.view_community", school)
    practices = queries.practices_of_school(school, q=q, grade=grade)
    return rows(changed_since(practices, updated_since), _practice_out)


@router.post("/schools/{npsn}/communities/{community_id}/practices", response={201: PracticeOut})
def practice_share(
    request: SchoolHttpRequest, npsn: str, community_id: UUID, payload: PracticeIn
) -> Status:
    community = queries.get_community(request.school, community_id)
    require(request, "communities.contribute", community)
    meeting = None
    if payload.meeting_id:
        meeting = object_of_school(
            Meeting.objects.filter(community=community),
            payload.meeting_id,
            school=request.school,
            field="meeting_id",
            message=_("Choose a meeting of this community."),
        )
    subject = None
    if payload.subject_code:
        subject = object_of_school(
            Subject,
            payload.subject_code,
            school=request.school,
            field="subject_code",
            lookup="code",
            message=_("Unknown subject: %(subject)s.") % {"subject": payload.subject_code},
        )
    practice = services.practice_share(
        community=community,
        actor=request.user,
        title=payload.title,
        description=payload.description,
        subject=subject,
        grade=payload.grade,
        link=payload.link,
        meeting=meeting,
    )
    return Status(201, _practice_out(practice))

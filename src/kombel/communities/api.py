"""Communities, meetings, practices and meeting follow-ups under /schools/{npsn}/...

Bad input answers 422 with messages by field, a stale version 409 (kombel.core.api).
"""

import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from kombel.accounts.models import User
from kombel.communities import queries, services
from kombel.communities.models import Community, Meeting, Practice
from kombel.core.api import require
from kombel.programs.models import Programme
from kombel.schools.http import SchoolHttpRequest
from kombel.schools.models import Subject

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
    start_time: datetime.time
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


class MeetingIn(Schema):
    date: datetime.date
    start_time: datetime.time | None = None
    location: str = ""
    agenda: str = ""


class AttendanceIn(Schema):
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


class PracticeIn(Schema):
    title: str
    description: str
    subject_code: str | None = None
    grade: int | None = None
    link: str = ""
    meeting_id: UUID | None = None


class ActionItemIn(Schema):
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
    }


def _users(ids: list[UUID], field: str) -> list[User]:
    """The users named by id; whether they belong to the school is the service's check."""
    users = list(User.objects.filter(pk__in=ids))
    if len(users) != len(set(ids)):
        raise ValidationError({field: _("Choose people of this school only.")})
    return users


# The service's field names as the request body spells them.
BODY_FIELDS = {
    "programme": "programme_id",
    "facilitator": "facilitator_id",
    "members": "member_ids",
}


def _body_fields(exc: ValidationError) -> ValidationError:
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError({BODY_FIELDS.get(f, f): errs for f, errs in exc.error_dict.items()})


@router.get("/schools/{npsn}/communities", response=list[CommunityOut])
def list_communities(request: SchoolHttpRequest, npsn: str) -> list[dict[str, Any]]:
    school = request.school
    require(request, "communities.view_community", school)
    return [_community_out(c) for c in queries.communities_of_school(school)]


@router.post("/schools/{npsn}/communities", response={201: CommunityOut})
def community_create(request: SchoolHttpRequest, npsn: str, payload: CommunityIn) -> Status:
    school = request.school
    require(request, "communities.create_community", school)
    programme = Programme.objects.filter(school=school, pk=payload.programme_id).first()
    if programme is None:
        raise ValidationError({"programme_id": _("Choose a programme of this school.")})
    facilitator = _users([payload.facilitator_id], "facilitator_id")[0]
    try:
        community = services.community_create(
            school=school,
            programme=programme,
            name=payload.name,
            facilitator=facilitator,
            members=_users(payload.member_ids, "member_ids"),
            subjects=list(Subject.objects.filter(code__in=payload.subject_codes)),
            grades=payload.grades,
            theme=payload.theme,
            goals=payload.goals,
            interval_weeks=payload.interval_weeks,
            actor=request.user,
        )
    except ValidationError as e:
        raise _body_fields(e) from e
    return Status(201, _community_out(queries.get_community(school, community.pk)))


@router.get("/schools/{npsn}/communities/regularity", response=list[RegularityOut])
def community_regularity(request: SchoolHttpRequest, npsn: str) -> list[dict[str, Any]]:
    school = request.school
    require(request, "communities.view_community", school)
    communities = list(queries.communities_of_school(school))
    stats = queries.regularity(school, communities, timezone.localdate())
    return [
        {
            "community_id": c.pk,
            "planned": stats[c.pk].planned,
            "held": stats[c.pk].held,
            "attendance_rate": stats[c.pk].attendance_rate,
            "items_total": stats[c.pk].items.total,
            "items_on_time": stats[c.pk].items.on_time,
            "items_overdue": stats[c.pk].items.overdue,
            "last_held": stats[c.pk].last_held,
            "dormant": stats[c.pk].dormant,
        }
        for c in communities
    ]


@router.get("/schools/{npsn}/communities/{community_id}", response=CommunityOut)
def get_community(request: SchoolHttpRequest, npsn: str, community_id: UUID) -> dict[str, Any]:
    community = queries.get_community(request.school, community_id)
    require(request, "communities.view_community", community)
    return _community_out(community)


@router.get("/schools/{npsn}/communities/{community_id}/meetings", response=list[MeetingOut])
def list_meetings(
    request: SchoolHttpRequest, npsn: str, community_id: UUID
) -> list[dict[str, Any]]:
    community = queries.get_community(request.school, community_id)
    require(request, "communities.view_community", community)
    return [_meeting_out(m) for m in queries.meetings_of(community)]


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
    request: SchoolHttpRequest, npsn: str, meeting_id: UUID, payload: AttendanceIn
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
def list_practices(
    request: SchoolHttpRequest, npsn: str, q: str = "", grade: int | None = None
) -> list[dict[str, Any]]:
    school = request.school
    require(request, "communities.view_community", school)
    return [_practice_out(p) for p in queries.practices_of_school(school, q=q, grade=grade)[:200]]


@router.post("/schools/{npsn}/communities/{community_id}/practices", response={201: PracticeOut})
def practice_share(
    request: SchoolHttpRequest, npsn: str, community_id: UUID, payload: PracticeIn
) -> Status:
    community = queries.get_community(request.school, community_id)
    require(request, "communities.contribute", community)
    meeting = None
    if payload.meeting_id:
        meeting = Meeting.objects.filter(community=community, pk=payload.meeting_id).first()
        if meeting is None:
            raise ValidationError({"meeting_id": _("Choose a meeting of this community.")})
    subject = (
        Subject.objects.filter(code=payload.subject_code).first() if payload.subject_code else None
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

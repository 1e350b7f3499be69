"""Parents' and community leaders' participation over JSON: the same services and queries as
the pages; lists paginate (limit/offset, with the total count)."""

import datetime
import functools
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.responses import Status

from kombel.communities.models import Community
from kombel.core.api import (
    LocalTime,
    Paged,
    object_of_school,
    objects_of_school,
    require,
    rows,
)
from kombel.lessons.models import LessonPlan
from kombel.participation import queries, services
from kombel.participation.enums import SpaceKind
from kombel.participation.models import Invitation, LocalInput, Post, Space, Thread
from kombel.programs.models import Material
from kombel.schools.http import SchoolHttpRequest
from kombel.schools.models import SchoolClass

router = Router(tags=["participation"])
P = "/schools/{npsn}/participation"


class InvitationOut(Schema):
    id: uuid.UUID
    role: str
    name: str
    phone: str
    school_class: str | None
    child_name: str
    status: str
    expires_at: datetime.datetime
    used_at: datetime.datetime | None


class InvitationIn(Schema):
    role: str
    name: str
    phone: str = ""
    school_class_id: uuid.UUID | None = None
    child_name: str = ""


class InvitationCreatedOut(Schema):
    invitation: InvitationOut
    link: str


class SpaceOut(Schema):
    id: uuid.UUID
    kind: str
    title: str
    description: str
    school_class: str | None
    programme_id: uuid.UUID | None
    programme_title: str | None
    thread_count: int


class ForumSpaceIn(Schema):
    kind: str
    title: str
    description: str = ""
    programme_id: uuid.UUID | None = None
    school_class_id: uuid.UUID | None = None


class ForumProgrammeSpacesIn(Schema):
    programme_id: uuid.UUID
    class_ids: list[uuid.UUID] = []


class ThreadOut(Schema):
    id: uuid.UUID
    space_id: uuid.UUID
    title: str
    author: str | None
    is_pinned: bool
    is_locked: bool
    hidden_reason: str | None
    reply_count: int
    last_activity_at: datetime.datetime


class ThreadIn(Schema):
    title: str
    body: str
    link: str = ""
    pinned: bool = False


class PostOut(Schema):
    id: uuid.UUID
    author: str | None
    is_opening: bool
    body: str | None
    link: str | None
    has_photo: bool
    hidden_reason: str | None
    created_at: datetime.datetime


class PostIn(Schema):
    body: str
    link: str = ""


class ReasonIn(Schema):
    reason: str


class ParentFeedbackIn(Schema):
    school_class_id: uuid.UUID
    engagement: int
    talks_about: str = ""
    suggestion: str = ""


class ParentFeedbackOut(Schema):
    id: uuid.UUID
    month: datetime.date
    school_class: str
    engagement: int
    talks_about: str
    suggestion: str


class CellOut(Schema):
    n: int
    average: float | None


class ClassFeedbackOut(Schema):
    school_class: str
    months: list[CellOut]


class ParentFeedbackSummaryOut(Schema):
    months: list[datetime.date]
    classes: list[ClassFeedbackOut]
    school: list[CellOut]


class InputIn(Schema):
    target: str
    context: str
    resource_kind: str = "other"
    resource: str = ""
    material_id: uuid.UUID | None = None
    community_id: uuid.UUID | None = None
    lesson_plan_id: uuid.UUID | None = None


class InputOut(Schema):
    id: uuid.UUID
    author: str | None
    target: str
    target_label: str
    context: str
    resource_kind: str
    resource: str
    status: str
    answer: str


class AnswerIn(Schema):
    answer: str
    accept: bool = False


class ForumMeetingOut(Schema):
    id: uuid.UUID
    programme_id: uuid.UUID
    title: str
    date: datetime.date
    start_time: LocalTime
    end_time: LocalTime
    location: str
    is_cancelled: bool
    attended: int


class ForumAttendanceIn(Schema):
    status: str


class ForumAttendanceOut(Schema):
    user_id: uuid.UUID
    full_name: str
    status: str


class FiguresOut(Schema):
    month: datetime.date
    invited: int
    joined: int
    active_parents: int
    threads: int
    replies: int
    feedback: int
    meeting_attendance: int
    suggestions: int
    suggestions_taken_up: int


def _name(user: Any) -> str | None:
    return user.full_name if user is not None else None


def _invitation_out(i: Invitation) -> dict[str, Any]:
    return {
        "id": i.pk,
        "role": i.role,
        "name": i.name,
        "phone": i.phone,
        "school_class": i.school_class.name if i.school_class else None,
        "child_name": i.child_name,
        "status": i.status,
        "expires_at": i.expires_at,
        "used_at": i.used_at,
    }


def _space_out(s: Space) -> dict[str, Any]:
    return {
        "id": s.pk,
        "kind": s.kind,
        "title": s.title,
        "description": s.description,
        "school_class": s.school_class.name if s.school_class else None,
        "programme_id": s.programme_id,
        "programme_title": s.programme.title if s.programme else None,
        "thread_count": getattr(s, "thread_count", 0),
    }


def _thread_out(t: Thread) -> dict[str, Any]:
    return {
        "id": t.pk,
        "space_id": t.space_id,
        "title": t.title,
        "author": _name(t.author),
        "is_pinned": t.is_pinned,
        "is_locked": t.is_locked,
        "hidden_reason": t.hidden_reason or None,
        "reply_count": t.reply_count,
        "last_activity_at": t.last_activity_at,
    }


def _post_out(p: Post, user: Any, moderator: bool) -> dict[str, Any]:
    visible = not p.is_hidden or moderator or p.author_id == user.pk
    return {
        "id": p.pk,
        "author": _name(p.author),
        "is_opening": p.is_opening,
        "body": p.body if visible else None,
        "link": (p.link or None) if visible else None,
        "has_photo": bool(p.photo) and visible,
        "hidden_reason": p.hidden_reason or None,
        "created_at": p.created_at,
    }


def _input_out(i: LocalInput) -> dict[str, Any]:
    return {
        "id": i.pk,
        "author": _name(i.author),
        "target": i.target,
        "target_label": i.target_label,
        "context": i.context,
        "resource_kind": i.resource_kind,
        "resource": i.resource,
        "status": i.status,
        "answer": i.answer,
    }


def _space(request: SchoolHttpRequest, space_id: uuid.UUID) -> Space:
    space = queries.get_space(request.school, space_id)
    require(request, "participation.view_space", space)
    return space


def _thread(request: SchoolHttpRequest, thread_id: uuid.UUID) -> Thread:
    thread = queries.get_thread(request.school, thread_id)
    require(request, "participation.view_space", thread.space)
    moderator = request.user.has_perm("participation.moderate", thread)
    if thread.is_hidden and not moderator and thread.author_id != request.user.pk:
        raise HttpError(404, "Not Found")
    return thread


# --- invitations -----------------------------------------------------------------------------


@router.get(P + "/invitations", response=list[InvitationOut])
@paginate(Paged)
def list_invitations(request: SchoolHttpRequest, npsn: str, status: str = "") -> Any:
    """The school's invitations, newest first; `status`: pending, used, expired or revoked."""
    school = request.school
    require(request, "participation.invite", school)
    return rows(queries.invitations_of_school(school, status), _invitation_out)


@router.post(P + "/invitations", response={201: InvitationCreatedOut})
def create_invitation(
    request: SchoolHttpRequest, npsn: str, body: InvitationIn
) -> Status[dict[str, Any]]:
    """A new invitation; its link is answered once, here."""
    school = request.school
    require(request, "participation.invite", school)
    school_class = (
        object_of_school(SchoolClass, body.school_class_id, school=school, field="school_class_id")
        if body.school_class_id
        else None
    )
    invitation, token = services.invitation_create(
        actor=request.user,
        school=school,
        role=body.role,
        name=body.name,
        phone=body.phone,
        school_class=school_class,
        child_name=body.child_name,
    )
    link = request.build_absolute_uri(reverse("participation_join", args=[token]))
    return Status(201, {"invitation": _invitation_out(invitation), "link": link})


# --- forum -----------------------------------------------------------------------------------


@router.get(P + "/spaces", response=list[SpaceOut])
@paginate(Paged)
def list_spaces(request: SchoolHttpRequest, npsn: str) -> Any:
    """The forum spaces the user belongs to."""
    school = request.school
    require(request, "participation.forum", school)
    return rows(queries.spaces_for_user(school, request.user), _space_out)


@router.post(P + "/spaces", response={201: SpaceOut})
def create_space(
    request: SchoolHttpRequest, npsn: str, body: ForumSpaceIn
) -> Status[dict[str, Any]]:
    """A space of the school or, with `programme_id`, of one programme (its parents)."""
    school = request.school
    require(request, "participation.moderate", school)
    if body.kind not in SpaceKind.values:
        raise ValidationError({"kind": _("Choose who takes part.")})
    space = services.space_create(
        actor=request.user,
        school=school,
        kind=body.kind,
        title=body.title,
        description=body.description,
        programme=object_of_school(
            queries.programmes_of(school), body.programme_id, school=school, field="programme_id"
        )
        if body.programme_id
        else None,
        school_class=object_of_school(
            SchoolClass, body.school_class_id, school=school, field="school_class_id"
        )
        if body.school_class_id
        else None,
    )
    return Status(201, _space_out(space))


@router.post(P + "/spaces/programme", response={201: list[SpaceOut]})
def create_programme_spaces(
    request: SchoolHttpRequest, npsn: str, body: ForumProgrammeSpacesIn
) -> Status[list[dict[str, Any]]]:
    """A programme's forum in one go: all its parents, with community leaders, and one space
    per class in `class_ids`; the spaces it has already are not made again (the answer lists
    those made)."""
    school = request.school
    require(request, "participation.moderate", school)
    programme = object_of_school(
        queries.programmes_of(school), body.programme_id, school=school, field="programme_id"
    )
    classes = objects_of_school(SchoolClass, body.class_ids, school=school, field="class_ids")
    made = services.programme_spaces_create(
        actor=request.user, programme=programme, classes=classes
    )
    return Status(201, [_space_out(s) for s in made])


@router.get(P + "/spaces/{space_id}/threads", response=list[ThreadOut])
@paginate(Paged)
def list_threads(request: SchoolHttpRequest, npsn: str, space_id: uuid.UUID) -> Any:
    """Pinned announcements first, then the latest active."""
    space = _space(request, space_id)
    moderator = request.user.has_perm("participation.moderate", space)
    return rows(queries.threads_of_space(space, request.user, moderator), _thread_out)


@router.post(P + "/spaces/{space_id}/threads", response={201: ThreadOut})
def create_thread(
    request: SchoolHttpRequest, npsn: str, space_id: uuid.UUID, body: ThreadIn
) -> Status[dict[str, Any]]:
    space = _space(request, space_id)
    thread = services.thread_create(
        actor=request.user,
        space=space,
        title=body.title,
        body=body.body,
        link=body.link,
        pinned=body.pinned,
    )
    return Status(201, _thread_out(thread))


@router.get(P + "/threads/{thread_id}/posts", response=list[PostOut])
@paginate(Paged)
def list_posts(request: SchoolHttpRequest, npsn: str, thread_id: uuid.UUID) -> Any:
    """The opening post and the replies, oldest first; a hidden post's text only for its
    author and the facilitator team (everyone sees that it was hidden, and why)."""
    thread = _thread(request, thread_id)
    moderator = request.user.has_perm("participation.moderate", thread)
    return rows(
        queries.posts_of_thread(thread),
        functools.partial(_post_out, user=request.user, moderator=moderator),
    )


@router.post(P + "/threads/{thread_id}/posts", response={201: PostOut})
def create_post(
    request: SchoolHttpRequest, npsn: str, thread_id: uuid.UUID, body: PostIn
) -> Status[dict[str, Any]]:
    thread = _thread(request, thread_id)
    post = services.post_create(actor=request.user, thread=thread, body=body.body, link=body.link)
    return Status(201, _post_out(post, request.user, False))


@router.post(P + "/posts/{post_id}/report", response={201: dict[str, str]})
def report_post(
    request: SchoolHttpRequest, npsn: str, post_id: uuid.UUID, body: ReasonIn
) -> Status[dict[str, str]]:
    post = queries.get_post(request.school, post_id)
    require(request, "participation.view_space", post.thread.space)
    services.post_report(actor=request.user, post=post, reason=body.reason)
    return Status(201, {"detail": "reported"})


@router.post(P + "/posts/{post_id}/hide", response=PostOut)
def hide_post(
    request: SchoolHttpRequest, npsn: str, post_id: uuid.UUID, body: ReasonIn
) -> dict[str, Any]:
    post = queries.get_post(request.school, post_id)
    require(request, "participation.moderate", post)
    services.post_hide(actor=request.user, post=post, reason=body.reason)
    return _post_out(post, request.user, True)


# --- feedback --------------------------------------------------------------------------------


def _feedback_out(f: Any) -> dict[str, Any]:
    return {
        "id": f.pk,
        "month": f.month,
        "school_class": f.school_class.name,
        "engagement": f.engagement,
        "talks_about": f.talks_about,
        "suggestion": f.suggestion,
    }


@router.get(P + "/feedback", response=list[ParentFeedbackOut])
@paginate(Paged)
def list_own_feedback(request: SchoolHttpRequest, npsn: str) -> Any:
    """The feedback the parent gave, newest month first."""
    school = request.school
    require(request, "participation.feedback_give", school)
    return rows(queries.own_feedback(school, request.user).order_by("-month"), _feedback_out)


@router.post(P + "/feedback", response={201: ParentFeedbackOut})
def submit_feedback(
    request: SchoolHttpRequest, npsn: str, body: ParentFeedbackIn
) -> Status[dict[str, Any]]:
    """This month's feedback on one's child's class (sent again: changed)."""
    school = request.school
    require(request, "participation.feedback_give", school)
    school_class = object_of_school(
        SchoolClass, body.school_class_id, school=school, field="school_class_id"
    )
    feedback = services.feedback_submit(
        actor=request.user,
        school_class=school_class,
        engagement=body.engagement,
        talks_about=body.talks_about,
        suggestion=body.suggestion,
    )
    return Status(201, _feedback_out(feedback))


@router.get(P + "/feedback/summary", response=ParentFeedbackSummaryOut)
def feedback_summary(request: SchoolHttpRequest, npsn: str) -> dict[str, Any]:
    """Per class and month: the number of answers and the mean engagement (1-4); the school's.
    A mean of fewer than 3 answers is null (it would be one parent's answer)."""
    school = request.school
    require(request, "participation.feedback_view", school)
    summary = queries.feedback_summary(school, timezone.localdate())
    return {
        "months": summary.months,
        "classes": [
            {"school_class": c.name, "months": [vars(cell) for cell in cells]}
            for c, cells in summary.rows
        ],
        "school": [vars(cell) for cell in summary.school],
    }


# --- local input -----------------------------------------------------------------------------


@router.get(P + "/local-input", response=list[InputOut])
@paginate(Paged)
def list_inputs(request: SchoolHttpRequest, npsn: str) -> Any:
    """Teachers: every suggestion of the school; a community leader: their own."""
    school = request.school
    require(request, "participation.input_list", school)
    return rows(queries.inputs_for_user(school, request.user), _input_out)


@router.post(P + "/local-input", response={201: InputOut})
def create_input(request: SchoolHttpRequest, npsn: str, body: InputIn) -> Status[dict[str, Any]]:
    school = request.school
    require(request, "participation.input_give", school)
    material = (
        object_of_school(Material, body.material_id, school=school, field="material_id")
        if body.material_id
        else None
    )
    community = (
        object_of_school(Community, body.community_id, school=school, field="community_id")
        if body.community_id
        else None
    )
    # Which plans take input (still being written) is the service's rule.
    lesson_plan = (
        object_of_school(LessonPlan, body.lesson_plan_id, school=school, field="lesson_plan_id")
        if body.lesson_plan_id
        else None
    )
    item = services.input_create(
        actor=request.user,
        school=school,
        target=body.target,
        context=body.context,
        resource_kind=body.resource_kind,
        resource=body.resource,
        material=material,
        community=community,
        lesson_plan=lesson_plan,
    )
    return Status(201, _input_out(item))


@router.post(P + "/local-input/{input_id}/answer", response=InputOut)
def answer_input(
    request: SchoolHttpRequest, npsn: str, input_id: uuid.UUID, body: AnswerIn
) -> dict[str, Any]:
    item = queries.get_input(request.school, input_id)
    require(request, "participation.input_answer", item)
    services.input_answer(actor=request.user, item=item, answer=body.answer, accept=body.accept)
    return _input_out(item)


# --- forum meetings ------------------------------------------------------------------------


@router.get(P + "/meetings", response=list[ForumMeetingOut])
@paginate(Paged)
def list_meetings(request: SchoolHttpRequest, npsn: str) -> Any:
    """Learning forum meetings, newest first, with how many came."""
    school = request.school
    require(request, "participation.forum", school)
    return rows(queries.meetings_of_school(school), _meeting_out)


def _meeting_out(e: Any) -> dict[str, Any]:
    return {
        "id": e.pk,
        "programme_id": e.programme_id,
        "title": e.title,
        "date": e.date,
        "start_time": e.start_time,
        "end_time": e.end_time,
        "location": e.location,
        "is_cancelled": e.is_cancelled,
        "attended": getattr(e, "attended", 0),
    }


@router.put(P + "/meetings/{event_id}/attendance/{user_id}", response=ForumAttendanceOut)
def set_meeting_attendance(
    request: SchoolHttpRequest,
    npsn: str,
    event_id: uuid.UUID,
    user_id: uuid.UUID,
    body: ForumAttendanceIn,
) -> dict[str, Any]:
    """Whether a parent or community leader came; idempotent."""
    event = queries.get_meeting(request.school, event_id)
    require(request, "participation.meetings", event)
    person = queries.get_forum_person(request.school, user_id)
    record = services.meeting_attendance_set(
        actor=request.user, event=event, user=person, status=body.status
    )
    return {"user_id": person.pk, "full_name": person.full_name, "status": record.status}


# --- one's own data, figures -----------------------------------------------------------------


@router.get(P + "/me/data", response=dict[str, Any])
def own_data(request: SchoolHttpRequest, npsn: str) -> dict[str, Any]:
    """Everything kept about the user in this part of the school."""
    school = request.school
    require(request, "participation.own_data", school)
    return queries.own_data(school, request.user)


@router.get(P + "/figures", response=FiguresOut)
def month_figures(request: SchoolHttpRequest, npsn: str, month: datetime.date | None = None) -> Any:
    """Participation in one month (default: this one)."""
    school = request.school
    require(request, "participation.figures", school)
    return vars(queries.figures(school, month or timezone.localdate()))

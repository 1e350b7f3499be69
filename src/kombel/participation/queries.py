"""Reads of parents' and community leaders' participation, shared by views, the API, the home
panel and the calendar."""

import datetime
import json
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kombel.accounts.models import User
from kombel.core.http import one_or_404
from kombel.lessons.enums import EDITABLE
from kombel.lessons.models import Comment, LessonPlan
from kombel.participation import consent as consent_text
from kombel.participation.enums import (
    FORUM_MEETING_KIND,
    OUTSIDER_ROLES,
    InputStatus,
    InputTarget,
    InvitationStatus,
    RequestStatus,
    SpaceKind,
)
from kombel.participation.models import (
    ChildClass,
    Consent,
    DataRequest,
    Invitation,
    LocalInput,
    MeetingAttendance,
    MonthlyFeedback,
    Post,
    Report,
    Space,
    Thread,
)
from kombel.participation.rules import parent_of_programme, spaces_open_to
from kombel.programs.enums import ATTENDED, ProgrammeStatus
from kombel.programs.models import Event, Programme
from kombel.schools.access import roles_in
from kombel.schools.enums import Role
from kombel.schools.models import Membership, School, SchoolClass

THREADS_PER_PAGE = 15
POSTS_PER_PAGE = 20


# --- invitations -----------------------------------------------------------------------------


def invitations_of_school(school: School, status: str = "") -> QuerySet[Invitation]:
    qs = Invitation.objects.filter(school=school).select_related("school_class", "used_by")
    now = timezone.now()
    if status == InvitationStatus.PENDING:
        qs = qs.filter(used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)
    elif status == InvitationStatus.USED:
        qs = qs.filter(used_at__isnull=False)
    elif status == InvitationStatus.EXPIRED:
        qs = qs.filter(used_at__isnull=True, revoked_at__isnull=True, expires_at__lte=now)
    elif status == InvitationStatus.REVOKED:
        qs = qs.filter(used_at__isnull=True, revoked_at__isnull=False)
    return qs.order_by("-created_at", "pk")


def get_invitation(school: School, pk: Any) -> Invitation:
    return one_or_404(Invitation.objects.filter(school=school).select_related("school_class"), pk)


def classes_of(school: School) -> QuerySet[SchoolClass]:
    return SchoolClass.objects.filter(school=school).order_by(
        "-school_year__start", "grade", "name"
    )


def programmes_of(school: School) -> QuerySet[Programme]:
    """The school's programmes a forum space may belong to (not archived), latest first."""
    return (
        Programme.objects.filter(school=school)
        .exclude(status=ProgrammeStatus.ARCHIVED)
        .order_by("-start")
    )


# --- forum -----------------------------------------------------------------------------------


def programmes_of_parent(school: School, user: Any) -> QuerySet[Programme]:
    """The programmes whose parents `user` is one of (rules.parent_of_programme): a child in a
    class of a school year the programme runs in."""
    return Programme.objects.filter(school=school).filter(parent_of_programme(user, school))


def spaces_for_user(school: School, user: Any) -> QuerySet[Space]:
    """The forum spaces `user` belongs to (rules.spaces_open_to, the one rule), with their
    thread counts: the school's own first, then per programme, the latest first."""
    qs = Space.objects.filter(school=school).select_related("school_class", "programme")
    rule = spaces_open_to(user, school)
    if rule is not None:
        qs = qs.filter(rule)
    return qs.annotate(
        thread_count=Count("threads", filter=Q(threads__hidden_at__isnull=True))
    ).order_by(
        F("programme__start").desc(nulls_first=True),
        "programme__title",
        # All parents, then the classes, then with community leaders.
        Case(
            When(kind=SpaceKind.PARENTS, then=Value(0)),
            When(kind=SpaceKind.CLASS, then=Value(1)),
            default=Value(2),
        ),
        "school_class__grade",
        "school_class__name",
        "title",
    )


def get_space(school: School, pk: Any) -> Space:
    """A space of the school (404 for missing and foreign alike; membership is the rule's)."""
    return one_or_404(
        Space.objects.filter(school=school).select_related("school", "school_class", "programme"),
        pk,
    )


def threads_of_space(space: Space, user: Any, moderator: bool) -> QuerySet[Thread]:
    """Pinned first, then the latest active; hidden threads for the moderators and their
    authors only."""
    qs = Thread.objects.filter(space=space).select_related("author")
    if not moderator:
        qs = qs.filter(Q(hidden_at__isnull=True) | Q(author=user))
    return qs.order_by("-is_pinned", "-last_activity_at", "pk")


def get_thread(school: School, pk: Any) -> Thread:
    return one_or_404(
        Thread.objects.filter(school=school).select_related(
            "school", "space__school", "space__school_class", "space__programme", "author"
        ),
        pk,
    )


def posts_of_thread(thread: Thread) -> QuerySet[Post]:
    return (
        Post.objects.filter(thread=thread)
        .select_related("author")
        .annotate(open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True)))
        .order_by("created_at", "pk")
    )


def get_post(school: School, pk: Any) -> Post:
    return one_or_404(
        Post.objects.filter(school=school).select_related(
            "school", "thread__space__school", "thread__space__programme", "author"
        ),
        pk,
    )


def open_reports(school: School) -> QuerySet[Report]:
    return (
        Report.objects.filter(school=school, resolved_at__isnull=True)
        .select_related("post__thread__space", "post__author", "reporter")
        .order_by("-created_at")
    )


def get_report(school: School, pk: Any) -> Report:
    return one_or_404(Report.objects.filter(school=school).select_related("post"), pk)


# --- feedback --------------------------------------------------------------------------------


def children_of(school: School, user: Any) -> list[ChildClass]:
    return list(
        ChildClass.objects.filter(school=school, parent=user).select_related("school_class")
    )


def own_feedback(school: School, user: Any) -> QuerySet[MonthlyFeedback]:
    return MonthlyFeedback.objects.filter(school=school, parent=user).select_related("school_class")


# Fewer answers than this in a cell: its mean is not shown (it would be one parent's answer).
MIN_ANSWERS_SHOWN = 3


@dataclass
class FeedbackCell:
    n: int = 0
    average: float | None = None  # None when n < MIN_ANSWERS_SHOWN

    @classmethod
    def of(cls, n: int, average: float | None) -> "FeedbackCell":
        shown = average is not None and n >= MIN_ANSWERS_SHOWN
        return cls(n, round(average, 1) if shown and average is not None else None)


@dataclass
class FeedbackSummary:
    months: list[datetime.date]
    rows: list[tuple[SchoolClass, list[FeedbackCell]]]  # per class, per month
    school: list[FeedbackCell]  # the whole school, per month
    suggestions: list[tuple[str, str, str]] = field(
        default_factory=list
    )  # class, talks, suggestion


def feedback_summary(school: School, today: datetime.date, months: int = 6) -> FeedbackSummary:
    """Parents' feedback aggregated per class and month, and for the school; this and last
    month's words without names (never a parent's name: the school reads it as a whole)."""
    first = today.replace(day=1)
    month_list = []
    for _i in range(months):
        month_list.append(first)
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    month_list.reverse()
    rows = (
        MonthlyFeedback.objects.filter(school=school, month__gte=month_list[0])
        .values("school_class_id", "month")
        .annotate(n=Count("pk"), average=Avg("engagement"))
    )
    by_class: dict[Any, dict[datetime.date, FeedbackCell]] = defaultdict(dict)
    totals: dict[datetime.date, list[float]] = defaultdict(list)
    for row in rows:
        by_class[row["school_class_id"]][row["month"]] = FeedbackCell.of(row["n"], row["average"])
        totals[row["month"]].append(row["average"] * row["n"])
    counts: dict[datetime.date, int] = defaultdict(int)
    for cells in by_class.values():
        for month, cell in cells.items():
            counts[month] += cell.n
    classes = SchoolClass.objects.filter(pk__in=list(by_class)).order_by("grade", "name")
    recent = (
        MonthlyFeedback.objects.filter(school=school, month__gte=month_list[-2])
        .exclude(talks_about="", suggestion="")
        .select_related("school_class")
        .order_by("-month", "school_class__grade", "school_class__name", "pk")[:50]
    )
    return FeedbackSummary(
        months=month_list,
        rows=[(c, [by_class[c.pk].get(m, FeedbackCell()) for m in month_list]) for c in classes],
        school=[
            FeedbackCell.of(counts[m], sum(totals[m]) / counts[m] if counts[m] else None)
            for m in month_list
        ],
        # The class only beside words from a class with enough answers that month.
        suggestions=[
            (
                f.school_class.name
                if by_class[f.school_class_id].get(f.month, FeedbackCell()).n >= MIN_ANSWERS_SHOWN
                else "",
                f.talks_about,
                f.suggestion,
            )
            for f in recent
        ],
    )


# --- local input -----------------------------------------------------------------------------


def inputs_for_user(school: School, user: Any) -> QuerySet[LocalInput]:
    """Teachers and readers: every input of the school; a community leader: their own (the rule:
    "participation.input_view_all"; who may see the list at all: "participation.input_list")."""
    qs = LocalInput.objects.filter(school=school).select_related(
        "author", "material", "community", "answered_by"
    )
    if not user.has_perm("participation.input_view_all", school):
        qs = qs.filter(author=user)
    return qs.order_by("-created_at", "pk")


def get_input(school: School, pk: Any) -> LocalInput:
    return one_or_404(
        LocalInput.objects.filter(school=school).select_related(
            "school", "author", "material", "community", "answered_by"
        ),
        pk,
    )


def open_plans(school: School) -> QuerySet[LessonPlan]:
    """The lesson plans community leaders may give input on: those still being written."""
    return LessonPlan.objects.filter(school=school, is_example=False, status__in=EDITABLE).order_by(
        "title"
    )


def lesson_comment(item: LocalInput) -> Comment | None:
    """The lessons app's comment an input on a lesson plan became (None for other targets)."""
    if item.target != InputTarget.LESSON or not item.lesson_ref:
        return None
    return (
        Comment.objects.filter(
            plan_id=uuid.UUID(item.lesson_ref), source_ref=f"participation.input:{item.pk}"
        )
        .select_related("plan__school", "accepted_revision")
        .first()
    )


# --- meetings --------------------------------------------------------------------------------


def meetings_of_school(school: School) -> QuerySet[Event]:
    return (
        Event.objects.filter(school=school, kind=FORUM_MEETING_KIND)
        .select_related("programme")
        .annotate(
            attended=Count(
                "forum_attendances",
                filter=Q(forum_attendances__status__in=ATTENDED),
            )
        )
        .order_by("-date", "-start_time")
    )


def get_meeting(school: School, pk: Any) -> Event:
    return one_or_404(
        Event.objects.filter(school=school, kind=FORUM_MEETING_KIND).select_related(
            "school", "programme"
        ),
        pk,
    )


def _forum_people(school: School) -> QuerySet[User]:
    ids = Membership.objects.filter(school=school, role__in=OUTSIDER_ROLES).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True)


def forum_people(school: School) -> list[User]:
    """Who is asked to forum meetings: the school's parents and community leaders."""
    return list(_forum_people(school).order_by("full_name"))


def get_forum_person(school: School, pk: Any) -> User:
    """One of `forum_people`, in one query; 404 for anyone else."""
    return one_or_404(_forum_people(school), pk)


def meeting_rows(event: Event) -> list[tuple[User, str]]:
    """Every parent and community leader of the school with their recorded status ("" none)."""
    recorded = dict(MeetingAttendance.objects.filter(event=event).values_list("user_id", "status"))
    return [(user, recorded.get(user.pk, "")) for user in forum_people(event.school)]


def meeting_audience(event: Any) -> list[Any]:
    """Reminders of a forum meeting go to its school's parents and community leaders."""
    return forum_people(event.school)


def meeting_links(event: Any, user: Any) -> list[tuple[str, str]]:
    if event.kind != FORUM_MEETING_KIND or not user.has_perm(
        "participation.meetings", event.school
    ):
        return []
    url = reverse("participation:meeting", args=[event.school.npsn, event.pk])
    return [(_("Forum attendance"), url)]


# --- figures ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
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


def figures(school: School, month: datetime.date) -> Figures:
    """Per school and month: invited, joined, active parents (posted or gave feedback), forum
    threads and replies, feedback received, attendance at forum meetings, community leaders'
    suggestions given and taken up."""
    start = month.replace(day=1)
    end = (start + datetime.timedelta(days=32)).replace(day=1)
    in_month = {"created_at__date__gte": start, "created_at__date__lt": end}
    parents = Membership.objects.filter(school=school, role=Role.PARENT).values("user_id")
    posts = Post.objects.filter(school=school, **in_month)
    posters = set(posts.filter(author__in=parents).values_list("author_id", flat=True))
    feedback = MonthlyFeedback.objects.filter(school=school, month=start)
    givers = set(feedback.values_list("parent_id", flat=True))
    inputs = LocalInput.objects.filter(school=school, **in_month)
    return Figures(
        month=start,
        invited=Invitation.objects.filter(school=school, **in_month).count(),
        joined=Invitation.objects.filter(
            school=school, used_at__date__gte=start, used_at__date__lt=end
        ).count(),
        active_parents=len(posters | givers),
        threads=posts.filter(is_opening=True).count(),
        replies=posts.filter(is_opening=False).count(),
        feedback=feedback.count(),
        meeting_attendance=MeetingAttendance.objects.filter(
            school=school,
            event__date__gte=start,
            event__date__lt=end,
            status__in=ATTENDED,
        ).count(),
        suggestions=inputs.count(),
        suggestions_taken_up=inputs.filter(status=InputStatus.ACCEPTED).count(),
    )


def school_figures(schools: list[School], today: datetime.date) -> dict[Any, list[Any]]:
    """The summary of schools (core.extensions.SchoolFigures) for the schools with parents:
    parents taking part this month (posted or gave feedback) of those who joined, forum posts
    this month, community leaders' suggestions taken up of those given. Four queries whatever
    the number of schools."""
    start = today.replace(day=1)
    parents = dict(
        Membership.objects.filter(school__in=schools, role=Role.PARENT)
        .values("school_id")
        .annotate(n=Count("user_id", distinct=True))
        .values_list("school_id", "n")
    )
    a_parent = Membership.objects.filter(
        school=OuterRef("school"), user=OuterRef("author"), role=Role.PARENT
    )
    posts = Post.objects.filter(school__in=schools, created_at__date__gte=start)
    active: dict[Any, set[Any]] = defaultdict(set)
    posted: dict[Any, int] = defaultdict(int)
    for school_id, author_id, is_parent in posts.annotate(by_parent=Exists(a_parent)).values_list(
        "school_id", "author_id", "by_parent"
    ):
        posted[school_id] += 1
        if is_parent:
            active[school_id].add(author_id)
    for school_id, parent_id in MonthlyFeedback.objects.filter(
        school__in=schools, month=start
    ).values_list("school_id", "parent_id"):
        active[school_id].add(parent_id)
    inputs = {
        row["school_id"]: row
        for row in LocalInput.objects.filter(school__in=schools)
        .values("school_id")
        .annotate(n=Count("pk"), taken=Count("pk", filter=Q(status=InputStatus.ACCEPTED)))
    }
    result: dict[Any, list[Any]] = {}
    for school in schools:
        if school.pk not in parents and school.pk not in inputs:
            continue
        given = inputs.get(school.pk, {"n": 0, "taken": 0})
        result[school.pk] = [
            (
                _("Parents taking part this month"),
                f"{len(active[school.pk])}/{parents.get(school.pk, 0)}",
            ),
            (_("Forum posts this month"), str(posted[school.pk])),
            (_("Local suggestions taken up"), f"{given['taken']}/{given['n']}"),
        ]
    return result


# --- one's own page and data -----------------------------------------------------------------


def consents_of(school: School, user: Any) -> list[Consent]:
    return list(Consent.objects.filter(school=school, user=user).order_by("-given_at"))


def pending_request(school: School, user: Any) -> DataRequest | None:
    return DataRequest.objects.filter(
        school=school, user=user, status=RequestStatus.PENDING
    ).first()


def requests_of_school(school: School) -> QuerySet[DataRequest]:
    return DataRequest.objects.filter(school=school).select_related("user", "completed_by")


def get_request(school: School, pk: Any) -> DataRequest:
    return one_or_404(
        DataRequest.objects.filter(school=school).select_related("school", "user"), pk
    )


def _when(value: Any) -> str | None:
    return value.isoformat() if value else None


def own_data(school: School, user: Any) -> dict[str, Any]:
    """Everything Kombel keeps about `user` in this part of `school`, as plain data."""
    posts = Post.objects.filter(school=school, author=user).select_related("thread__space")
    return {
        "account": {
            "username": user.username,
            "full_name": user.full_name,
            "phone": user.phone,
            "email": user.email,
            "date_joined": _when(user.date_joined),
        },
        "school": {"npsn": school.npsn, "name": school.name},
        "roles": sorted(roles_in(user, school)),
        "consents": [
            {
                "version": c.version,
                "text": [
                    str(p)
                    for p in (consent_text.text_of(c.version) or consent_text.current()).paragraphs
                ],
                "given_at": _when(c.given_at),
                "withdrawn_at": _when(c.withdrawn_at),
            }
            for c in consents_of(school, user)
        ],
        "children": [
            {"class": c.school_class.name, "child_name": c.child_name}
            for c in children_of(school, user)
        ],
        "posts": [
            {
                "space": p.thread.space.title,
                "thread": p.thread.title,
                "opening_post": p.is_opening,
                "text": p.body,
                "link": p.link,
                "photo": (p.photo.name or "").rsplit("/", 1)[-1] or None,
                "written_at": _when(p.created_at),
                "hidden_reason": p.hidden_reason or None,
            }
            for p in posts.order_by("created_at")
        ],
        "feedback": [
            {
                "month": f.month.strftime("%Y-%m"),
                "class": f.school_class.name,
                "engagement": f.engagement,
                "talks_about": f.talks_about,
                "suggestion": f.suggestion,
            }
            for f in own_feedback(school, user).order_by("month")
        ],
        "local_input": [
            {
                "about": i.get_target_display(),
                "target": i.target_label,
                "context": i.context,
                "resource": i.resource,
                "status": i.status,
                "answer": i.answer,
                "given_at": _when(i.created_at),
            }
            for i in LocalInput.objects.filter(school=school, author=user)
            .select_related("material", "community")
            .order_by("created_at")
        ],
        "forum_meetings": [
            {"meeting": a.event.title, "date": a.event.date.isoformat(), "status": a.status}
            for a in MeetingAttendance.objects.filter(school=school, user=user)
            .select_related("event")
            .order_by("event__date")
        ],
        "reports_made": [
            {"reason": r.reason, "at": _when(r.created_at)}
            for r in Report.objects.filter(school=school, reporter=user)
        ],
    }


def own_data_json(school: School, user: Any) -> str:
    return json.dumps(own_data(school, user), ensure_ascii=False, indent=2)


def own_photos(school: School, user: Any) -> list[Post]:
    return list(Post.objects.filter(school=school, author=user).exclude(photo=""))


# --- home ------------------------------------------------------------------------------------


def home_panel(request: Any, schools: list[School]) -> dict[str, Any] | None:
    """Home of a parent or community leader: their forum spaces with what is new this week,
    and whether this month's feedback is given (one query per school, the feedback asked
    along with the spaces)."""
    user = request.user
    week_ago = timezone.now() - datetime.timedelta(days=7)
    month = timezone.localdate().replace(day=1)
    entries = []
    for school in schools:
        roles = roles_in(user, school)
        if not roles & OUTSIDER_ROLES:
            continue
        classes_awaiting_feedback = ChildClass.objects.filter(school=school, parent=user).exclude(
            school_class__in=MonthlyFeedback.objects.filter(
                school=school, parent=user, month=month
            ).values("school_class")
        )
        spaces = list(
            spaces_for_user(school, user).annotate(
                new=Count(
                    "threads",
                    filter=Q(
                        threads__last_activity_at__gte=week_ago, threads__hidden_at__isnull=True
                    ),
                ),
                feedback_due=Exists(classes_awaiting_feedback),
            )
        )
        entries.append(
            {
                "school": school,
                "spaces": spaces,
                "feedback_due": Role.PARENT in roles
                and (spaces[0].feedback_due if spaces else classes_awaiting_feedback.exists()),
                "is_leader": Role.COMMUNITY_LEADER in roles,
            }
        )
    return {"entries": entries} if entries else None


def _count_per_school(qs: QuerySet[Any]) -> Any:
    """`qs`'s rows of the outer query's school, counted in a subquery (0 when none)."""
    counted = qs.filter(school=OuterRef("pk")).order_by().values("school")
    return Coalesce(Subquery(counted.annotate(n=Count("pk")).values("n")[:1]), 0)


def staff_panel(request: Any, schools: list[School]) -> dict[str, Any] | None:
    """Home of those who invite or moderate: invitations waiting, deletion requests to
    complete, reports to look at (one query for all their schools)."""
    user = request.user
    rights = {
        school.pk: (
            user.has_perm("participation.invite", school),
            user.has_perm("participation.requests", school),
            user.has_perm("participation.moderate", school),
        )
        for school in schools
    }
    shown = [school for school in schools if rights[school.pk][0] or rights[school.pk][2]]
    if not shown:
        return None
    now = timezone.now()
    counts = {
        row["pk"]: row
        for row in School.objects.filter(pk__in=[school.pk for school in shown])
        .annotate(
            invitations=_count_per_school(
                Invitation.objects.filter(
                    used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
                )
            ),
            requests=_count_per_school(DataRequest.objects.filter(status=RequestStatus.PENDING)),
            reports=_count_per_school(Report.objects.filter(resolved_at__isnull=True)),
        )
        .values("pk", "invitations", "requests", "reports")
    }
    entries = []
    for school in shown:
        invite, requests, moderate = rights[school.pk]
        row = counts[school.pk]
        entry = {
            "school": school,
            "invitations": row["invitations"] if invite else 0,
            "requests": row["requests"] if requests else 0,
            "reports": row["reports"] if moderate else 0,
            "invite": invite,
        }
        if entry["invitations"] or entry["requests"] or entry["reports"]:
            entries.append(entry)
    return {"entries": entries} if entries else None

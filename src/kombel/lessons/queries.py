"""Reads of lesson plans shared by the pages, the API, the home panel and the tracker."""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from kombel.accounts.models import User
from kombel.communities.models import CommunityMember
from kombel.core.dates import day_text
from kombel.core.extensions import SourceInfo
from kombel.core.http import one_or_404
from kombel.lessons.enums import PlanStatus, ReviewKind, ReviewStatus
from kombel.lessons.models import (
    ApprovalDelegate,
    LessonPlan,
    PlanAuthor,
    PlanSection,
    PlanTemplate,
    Review,
    Revision,
)
from kombel.schools.enums import Role
from kombel.schools.models import Membership, School


def _plans(school: School) -> QuerySet[LessonPlan]:
    return (
        LessonPlan.objects.filter(school=school, is_example=False)
        .select_related("subject", "community", "school", "template")
        .prefetch_related(
            Prefetch("authorships", queryset=PlanAuthor.objects.select_related("user"))
        )
    )


def plans_for_user(school: School, user: User, *, mine: bool = False) -> QuerySet[LessonPlan]:
    """Every plan of the school (staff read them all); `mine`: those the user writes."""
    plans = _plans(school)
    if mine:
        plans = plans.filter(authorships__user=user)
    return plans.order_by("-updated_at")


def plans_to_review(school: School, user: User) -> QuerySet[Review]:
    """The user's reviews still to write (peer reviews and calibration exercises)."""
    return (
        Review.objects.filter(school=school, reviewer=user, status=ReviewStatus.ASSIGNED)
        .select_related("plan", "plan__subject", "revision", "school")
        .order_by("created_at")
    )


def community_plans(school: School, user: User) -> QuerySet[LessonPlan]:
    """Plans of the communities the user belongs to or runs."""
    member_of = CommunityMember.objects.filter(school=school, user=user).values("community_id")
    return (
        _plans(school)
        .filter(Q(community__in=member_of) | Q(community__facilitator=user))
        .order_by("-updated_at")
    )


def approved_plans(
    school: School,
    *,
    subject: str = "",
    grade: int | None = None,
    q: str = "",
) -> QuerySet[LessonPlan]:
    """The school's approved plans, searchable by subject code, grade and a keyword (title or
    any section's text)."""
    plans = _plans(school).filter(status=PlanStatus.APPROVED)
    if subject:
        plans = plans.filter(subject__code=subject)
    if grade:
        plans = plans.filter(grade=grade)
    if q.strip():
        words = q.split()[:6]
        for word in words:
            plans = plans.filter(
                Q(title__icontains=word)
                | Exists(PlanSection.objects.filter(plan=OuterRef("pk"), content__icontains=word))
            )
    return plans.order_by("title")


def get_plan_for_user(school: School, user: User, pk: UUID | str) -> LessonPlan:
    """The school's plan with what its page and permission checks read; 404 for missing and
    foreign alike."""
    plans = (
        LessonPlan.objects.filter(school=school, pk=pk)
        .annotate(
            last_revision=Subquery(
                Revision.objects.filter(plan=OuterRef("pk"))
                .order_by("-number")
                .values("number")[:1]
            ),
            viewer_in_community=Exists(
                CommunityMember.objects.filter(community_id=OuterRef("community_id"), user=user)
            ),
        )
        .select_related("school", "subject", "template", "community", "rubric", "created_by")
        .prefetch_related(
            Prefetch("authorships", queryset=PlanAuthor.objects.select_related("user")),
        )
        .order_by()[:1]
    )
    plan = next(iter(plans), None)
    if plan is None:
        raise Http404
    plan.viewer_id = user.pk  # type: ignore[attr-defined]  # whose viewer_in_community it is
    return plan


def templates_installed(school: School) -> bool:
    """Whether the school has plan templates (the shipped ones are added by a button, never by
    showing a page: services.defaults_install)."""
    return PlanTemplate.objects.filter(school=school).exists()


def get_section(plan: LessonPlan, key: str) -> PlanSection:
    section = PlanSection.objects.filter(plan=plan, key=key).first()
    if section is None:
        raise Http404
    section.plan = plan
    return section


def get_revision(plan: LessonPlan, number: int) -> Revision:
    revision = Revision.objects.filter(plan=plan, number=number).select_related("author").first()
    if revision is None:
        raise Http404
    return revision


def get_review_for_user(school: School, user: User, pk: UUID | str) -> Review:
    return one_or_404(
        Review.objects.filter(school=school)
        .select_related(
            "plan", "plan__school", "plan__community", "reviewer", "revision", "rubric", "school"
        )
        .prefetch_related(
            Prefetch("plan__authorships", queryset=PlanAuthor.objects.select_related("user")),
            "rubric__criteria",
        ),
        pk,
    )


@dataclass(frozen=True)
class Waiting:
    """Where the plan stands: who it waits on, to do what."""

    label: str
    people: list[User]


def approvers(school: School) -> list[User]:
    principals = User.objects.filter(memberships__school=school, memberships__role=Role.PRINCIPAL)
    delegates = User.objects.filter(
        pk__in=ApprovalDelegate.objects.filter(school=school).values("user_id")
    )
    return list((principals | delegates).distinct().order_by("full_name"))


def waiting_on(plan: LessonPlan, reviews: list[Review]) -> Waiting | None:
    """Who the plan waits on now (reads `reviews`: the plan's reviews, already loaded)."""
    authors = [a.user for a in plan.authorships.all()]
    status = plan.status
    if status == PlanStatus.DRAFT:
        return Waiting(_("The authors are writing; they submit it when ready."), authors)
    if status == PlanStatus.SUBMITTED:
        people: list[User] = []
        if plan.community is not None:
            people = [plan.community.facilitator]
        else:
            people = list(
                User.objects.filter(
                    memberships__school=plan.school, memberships__role=Role.FACILITATOR
                ).order_by("full_name")
            )
        return Waiting(_("Waiting for reviewers to be assigned."), people)
    if status == PlanStatus.IN_REVIEW:
        open_ = [
            r.reviewer
            for r in reviews
            if r.round == plan.round
            and r.kind == ReviewKind.PEER
            and r.status == ReviewStatus.ASSIGNED
        ]
        if open_:
            return Waiting(_("Waiting for the reviewers' reviews."), open_)
        return Waiting(_("Waiting for approval or for more reviewers."), approvers(plan.school))
    if status == PlanStatus.REVIEWED:
        return Waiting(
            _("Reviewed: the authors revise and resubmit, or the principal approves."),
            authors + approvers(plan.school),
        )
    return None


def missing_reviews(plan: LessonPlan, reviews: list[Review]) -> int:
    """How many submitted reviews of the current round the plan still lacks for approval
    (reads `reviews`, the plan's reviews already loaded)."""
    done = sum(
        1
        for r in reviews
        if r.round == plan.round
        and r.kind == ReviewKind.PEER
        and r.status == ReviewStatus.SUBMITTED
    )
    return max(plan.reviewers_needed - done, 0)


def plan_reviews(plan: LessonPlan) -> list[Review]:
    return list(
        Review.objects.filter(plan=plan)
        .exclude(kind=ReviewKind.CALIBRATION)
        .select_related("reviewer", "revision")
        .order_by("round", "created_at")
    )


def teachers_choices(school: School) -> QuerySet[User]:
    return User.objects.filter(
        pk__in=Membership.objects.filter(
            school=school, role__in=[Role.TEACHER, Role.FACILITATOR]
        ).values("user_id")
    ).order_by("full_name")


def home_panel(request: Any, schools: list[School]) -> dict[str, Any] | None:
    """Plans waiting for the user's review and their own plans that wait on them (one query:
    the home page holds a query budget shared by every app's panel)."""
    user = request.user
    my_review = Review.objects.filter(
        plan=OuterRef("pk"), reviewer=user, status=ReviewStatus.ASSIGNED
    ).order_by("created_at")
    plans = list(
        LessonPlan.objects.filter(school__in=schools)
        .filter(
            Q(authorships__user=user, status__in=[PlanStatus.DRAFT, PlanStatus.REVIEWED])
            | Q(reviews__reviewer=user, reviews__status=ReviewStatus.ASSIGNED)
        )
        .annotate(my_review_id=Subquery(my_review.values("pk")[:1]))
        .select_related("school")
        .distinct()
        .order_by("-updated_at")[:10]
    )
    to_review = [plan for plan in plans if plan.my_review_id is not None][:5]
    to_revise = [plan for plan in plans if plan.my_review_id is None][:5]
    if not to_review and not to_revise:
        return None
    return {"to_review": to_review, "to_revise": to_revise}


def plan_path(plan: LessonPlan) -> str:
    return reverse("lessons:plan", args=[plan.school.npsn, plan.pk])


def review_source_info(review: Review) -> SourceInfo:
    """How a follow-up agreed on a review names it."""
    when = review.submitted_at or review.created_at
    return SourceInfo(
        label=_("Review of “%(title)s” · %(date)s")
        % {"title": review.plan.title, "date": day_text(when)},
        url=reverse("lessons:review", args=[review.school.npsn, review.pk]),
        date=when.date(),
    )


def review_followup_owners(review: Review) -> QuerySet[User]:
    """A review's follow-ups are the authors' to do."""
    return User.objects.filter(lesson_authorships__plan_id=review.plan_id)


def review_quality(school: School) -> list[dict[str, Any]]:
    """For the facilitator: per reviewer, reviews done, how many commented, marked helpful,
    and per plan round how far apart two reviewers' percentages are."""
    reviews = list(
        Review.objects.filter(school=school, kind=ReviewKind.PEER, status=ReviewStatus.SUBMITTED)
        .select_related("reviewer", "plan")
        .annotate(n_comments=Count("comments"))
    )
    by_reviewer: dict[Any, dict[str, Any]] = {}
    by_round: dict[tuple[Any, int], list[Review]] = {}
    for r in reviews:
        row = by_reviewer.setdefault(
            r.reviewer_id,
            {"reviewer": r.reviewer, "done": 0, "commented": 0, "helpful": 0, "spread": []},
        )
        row["done"] += 1
        row["commented"] += 1 if (r.n_comments or r.summary) else 0
        row["helpful"] += 1 if r.helpful else 0
        by_round.setdefault((r.plan_id, r.round), []).append(r)
    for group in by_round.values():
        pcts = [r.percentage for r in group if r.percentage is not None]
        if len(pcts) >= 2:
            spread = max(pcts) - min(pcts)
            for member in group:
                by_reviewer[member.reviewer_id]["spread"].append(spread)
    rows = sorted(by_reviewer.values(), key=lambda row: row["reviewer"].full_name)
    for row in rows:
        spreads = row.pop("spread")
        row["spread"] = round(sum(spreads) / len(spreads)) if spreads else None
    return rows


@dataclass(frozen=True)
class Calibration:
    """A calibration review against the reference: per criterion (title, theirs, reference),
    how many agree, and the gap between the two percentages."""

    rows: list[tuple[str, int | None, int | None]]
    agree: int
    gap: int | None


def calibration_of(review: Review) -> Calibration | None:
    if review.kind != ReviewKind.CALIBRATION or review.status != ReviewStatus.SUBMITTED:
        return None
    reference = Review.objects.filter(
        plan_id=review.plan_id, kind=ReviewKind.REFERENCE, status=ReviewStatus.SUBMITTED
    ).first()
    if reference is None:
        return None
    rows = [
        (c.title, review.score_for(c), reference.score_for(c)) for c in review.rubric.criteria.all()
    ]
    agree = sum(1 for _t, mine, ref in rows if mine is not None and mine == ref)
    gap = (
        abs(review.percentage - reference.percentage)
        if review.percentage is not None and reference.percentage is not None
        else None
    )
    return Calibration(rows, agree, gap)


def calibration_examples(school: School) -> QuerySet[LessonPlan]:
    """The school's calibration examples whose reference review is written."""
    return (
        LessonPlan.objects.filter(school=school, is_example=True)
        .filter(
            Exists(
                Review.objects.filter(
                    plan=OuterRef("pk"), kind=ReviewKind.REFERENCE, status=ReviewStatus.SUBMITTED
                )
            )
        )
        .select_related("subject", "template")
        .order_by("-created_at")
    )

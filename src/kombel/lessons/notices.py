"""Telling people about lesson plans through the project's one mechanism,
`accounts.services.notice_send` (a notice in the app, on home and the notices page, and an
e-mail to a confirmed address): a reviewer assigned, a review submitted, a plan submitted,
reviewed, approved or sent back.

Called by the services inside their transaction (the e-mail leaves once it commits). Nobody is
told of their own action; each person is told in their own language.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from kombel.accounts.models import User
from kombel.accounts.services import notice_send
from kombel.lessons.enums import ReviewKind
from kombel.lessons.models import ApprovalDelegate, LessonPlan, PlanAuthor, Review
from kombel.schools.enums import Role


def _name(user: User | None) -> str:
    if user is None:
        return "Kombel"
    return user.get_full_name() or user.get_username()


def _plan_path(plan: LessonPlan) -> str:
    return reverse("lessons:plan", args=[plan.school.npsn, plan.pk])


def _review_path(review: Review) -> str:
    return reverse("lessons:review", args=[review.school.npsn, review.pk])


def _tell(
    users: Iterable[User],
    *,
    actor: User | None,
    url: str,
    subject: Callable[[], str],
    intro: Callable[[], str],
) -> int:
    """One notice (and e-mail) per person, in their language; `subject` and `intro` are called
    with that language active. Returns how many were told."""
    told = 0
    seen: set[Any] = set()
    for user in users:
        if user.pk in seen or (actor is not None and user.pk == actor.pk) or not user.is_active:
            continue
        seen.add(user.pk)
        with translation.override(user.language or settings.LANGUAGE_CODE):
            body = "\n\n".join(
                [
                    _("Hello %(name)s,") % {"name": user.get_short_name() or _name(user)},
                    intro(),
                    settings.SITE_URL + url,
                ]
            )
            notice_send(user=user, subject=subject(), body=body, url=url)
        told += 1
    return told


def authors(plan: LessonPlan) -> list[User]:
    return [
        a.user
        for a in PlanAuthor.objects.filter(plan=plan).select_related("user").order_by("created_at")
    ]


def assigners(plan: LessonPlan) -> list[User]:
    """Who gives the plan its reviewers: its community's facilitator, else the school's
    facilitators."""
    if plan.community_id is not None and plan.community is not None:
        return [plan.community.facilitator]
    return list(
        User.objects.filter(
            memberships__school=plan.school_id, memberships__role=Role.FACILITATOR
        ).distinct()
    )


def approvers(plan: LessonPlan) -> list[User]:
    """The principal(s) and the facilitators they let approve."""
    principals = User.objects.filter(
        memberships__school=plan.school_id, memberships__role=Role.PRINCIPAL
    )
    delegates = User.objects.filter(
        pk__in=ApprovalDelegate.objects.filter(school=plan.school_id).values("user_id")
    )
    return list((principals | delegates).distinct())


def _assigned(review: Review, *, actor: User | None, again: bool) -> int:
    title = review.plan.title

    def subject() -> str:
        if again:
            return _("Please review “%(title)s” again") % {"title": title}
        return _("Please review “%(title)s”") % {"title": title}

    def intro() -> str:
        if again:
            return _(
                "The authors revised the lesson plan “%(title)s” and submitted it again. "
                "Please review the new revision."
            ) % {"title": title}
        return _(
            "%(actor)s asked you to review the lesson plan “%(title)s” with the school's rubric."
        ) % {"actor": _name(actor), "title": title}

    return _tell(
        [review.reviewer], actor=actor, url=_review_path(review), subject=subject, intro=intro
    )


def reviewers_assigned(reviews: Iterable[Review], *, actor: User | None, again: bool) -> int:
    """Each newly assigned peer reviewer: a plan to review (`again`: revised, the same
    reviewers for a new round)."""
    return sum(
        _assigned(review, actor=actor, again=again)
        for review in reviews
        if review.kind == ReviewKind.PEER
    )


def review_submitted(review: Review, *, actor: User) -> int:
    """The authors: a review of their plan is in."""
    if review.kind != ReviewKind.PEER:
        return 0
    plan = review.plan
    return _tell(
        authors(plan),
        actor=actor,
        url=_review_path(review),
        subject=lambda: _("A review of “%(title)s” is in") % {"title": plan.title},
        intro=lambda: (
            _("%(reviewer)s submitted a review of your lesson plan “%(title)s”.")
            % {"reviewer": _name(review.reviewer), "title": plan.title}
        ),
    )


def plan_submitted(plan: LessonPlan, *, actor: User) -> int:
    """Those who assign reviewers: a plan waits for them."""
    return _tell(
        assigners(plan),
        actor=actor,
        url=reverse("lessons:assign", args=[plan.school.npsn, plan.pk]),
        subject=lambda: _("“%(title)s” was submitted for review") % {"title": plan.title},
        intro=lambda: (
            _("%(actor)s submitted the lesson plan “%(title)s”. It waits for its reviewers.")
            % {"actor": _name(actor), "title": plan.title}
        ),
    )


def plan_reviewed(plan: LessonPlan, *, actor: User | None) -> int:
    """Every review of the round is in: the authors revise, the approvers may approve."""
    url = _plan_path(plan)
    told = _tell(
        authors(plan),
        actor=actor,
        url=url,
        subject=lambda: _("Every review of “%(title)s” is in") % {"title": plan.title},
        intro=lambda: (
            _(
                "Every review of your lesson plan “%(title)s” is in: read them, revise and "
                "resubmit, or wait for the approval."
            )
            % {"title": plan.title}
        ),
    )
    told += _tell(
        [u for u in approvers(plan) if u.pk not in {a.pk for a in authors(plan)}],
        actor=actor,
        url=url,
        subject=lambda: _("“%(title)s” is ready for approval") % {"title": plan.title},
        intro=lambda: (
            _("Every review of the lesson plan “%(title)s” is in: approve it or send it back.")
            % {"title": plan.title}
        ),
    )
    return told


def plan_approved(plan: LessonPlan, *, actor: User, note: str = "") -> int:
    return _tell(
        authors(plan),
        actor=actor,
        url=_plan_path(plan),
        subject=lambda: _("“%(title)s” was approved") % {"title": plan.title},
        intro=lambda: "\n\n".join(
            filter(
                None,
                [
                    _("%(actor)s approved your lesson plan “%(title)s”.")
                    % {"actor": _name(actor), "title": plan.title},
                    note,
                ],
            )
        ),
    )


def plan_returned(plan: LessonPlan, *, actor: User, note: str) -> int:
    return _tell(
        authors(plan),
        actor=actor,
        url=_plan_path(plan),
        subject=lambda: _("“%(title)s” was sent back to revise") % {"title": plan.title},
        intro=lambda: (
            _("%(actor)s sent your lesson plan “%(title)s” back to revise:\n\n%(note)s")
            % {"actor": _name(actor), "title": plan.title, "note": note}
        ),
    )

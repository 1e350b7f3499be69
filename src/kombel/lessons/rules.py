"""Who may read, write, review and approve lesson plans (capabilities registered in apps.py).

- "lesson.view": the school's teaching staff, the principal, supervisors and mentors read every
  plan of the school (drafts too: plans are written in the open, to be improved together).
- "lesson.author" (taking part as oneself): teachers start plans; only a plan's authors edit it,
  submit it, restore a revision, take in a community leader's input and mark a review helpful.
- Comments: the authors, the members of the plan's community (every teacher when the plan has
  no community), its reviewers, and those who manage plans.
- "lesson.review" (taking part as oneself): a teacher reviews the plans they are assigned to,
  never one they wrote.
- "lesson.manage": the facilitators and the principal assign reviewers, keep the school's
  templates and rubrics, publish calibration examples and read the review-quality view.
- "lesson.approve": the principal; a facilitator the principal delegated (ApprovalDelegate).
"""

from typing import Any

import rules

from kombel.schools.rules import can


def plan_of(obj: Any) -> Any:
    if obj is None:
        return None
    if hasattr(obj, "template_id") and hasattr(obj, "status"):
        return obj
    return getattr(obj, "plan", None)


def author_ids(plan: Any) -> set[Any]:
    """The plan's authors' ids; no query when the page prefetched `authorships`."""
    return {a.user_id for a in plan.authorships.all()}


@rules.predicate
def is_author(user, obj) -> bool:  # type: ignore[no-untyped-def]
    plan = plan_of(obj)
    return plan is not None and user.pk in author_ids(plan)


@rules.predicate
def is_community_member(user, obj) -> bool:  # type: ignore[no-untyped-def]
    plan = plan_of(obj)
    if plan is None:
        return False
    if plan.community_id is None:
        return True
    community = plan.community
    if community.facilitator_id == user.pk:
        return True
    if getattr(plan, "viewer_id", None) == user.pk:  # loaded by queries.get_plan_for_user
        return bool(plan.viewer_in_community)
    return community.memberships.filter(user_id=user.pk).exists()


@rules.predicate
def is_plan_reviewer(user, obj) -> bool:  # type: ignore[no-untyped-def]
    plan = plan_of(obj)
    return plan is not None and plan.reviews.filter(reviewer_id=user.pk).exists()


@rules.predicate
def is_the_reviewer(user, review) -> bool:  # type: ignore[no-untyped-def]
    return review is not None and getattr(review, "reviewer_id", None) == user.pk


@rules.predicate
def is_delegate(user, obj) -> bool:  # type: ignore[no-untyped-def]
    from kombel.lessons.models import ApprovalDelegate

    school = getattr(obj, "school", None)
    return school is not None and ApprovalDelegate.objects.filter(school=school, user=user).exists()


view = can("lesson.view")
write = can("lesson.author")
manage = can("lesson.manage")

rules.add_perm("lessons.view_plan", view)
rules.add_perm("lessons.create_plan", write)
rules.add_perm("lessons.edit_plan", write & is_author)
rules.add_perm(
    "lessons.comment",
    (write & (is_author | is_community_member | is_plan_reviewer)) | manage,
)
rules.add_perm("lessons.review", can("lesson.review") & is_the_reviewer & ~is_author)
rules.add_perm("lessons.manage", manage)
# Adding the shipped templates and rubrics (once): whoever needs them first, author or manager.
rules.add_perm("lessons.install_defaults", write | manage)
rules.add_perm("lessons.approve_plan", can("lesson.approve") | (manage & is_delegate))
rules.add_perm("lessons.delegate", can("lesson.approve"))
rules.add_perm("lessons.calibrate", manage & can("lesson.review"))
rules.add_perm("lessons.practise", can("lesson.review"))

"""Lesson plans, their revisions, reviews and workflow steps under /schools/{npsn}/lessons/...

The same services as the pages; lists paginate (limit/offset, with the total count). Bad input
answers 422 with messages by field, a stale section or review 409, a refusal of who may do what
(an author reviewing their plan, approving without the needed reviews is a 422) 403.
"""

import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from kombel.communities.models import Community
from kombel.core.api import (
    Paged,
    object_of_school,
    objects_of_school,
    optional_object_of_school,
    require,
    rows,
)
from kombel.core.http import one_or_404
from kombel.lessons import queries, services
from kombel.lessons.enums import REVIEWERS_MAX, ReviewKind, ReviewStatus
from kombel.lessons.models import (
    Criterion,
    LessonPlan,
    PlanTemplate,
    Review,
    Revision,
    Rubric,
    Transition,
)
from kombel.lessons.text import compare
from kombel.schools.http import SchoolHttpRequest
from kombel.schools.models import Subject

router = Router(tags=["lessons"])
P = "/schools/{npsn}/lessons"


class SectionOut(Schema):
    key: str
    title: str
    kind: str
    group: str
    options: list[str]
    content: str
    version: int


class PlanOut(Schema):
    id: UUID
    title: str
    template: str
    subject: str | None
    grade: int | None
    phase: str
    school_year: str
    community_id: UUID | None
    authors: list[str]
    status: str
    round: int
    reviewers_needed: int
    updated_at: datetime.datetime
    version: int


class PlanDetailOut(PlanOut):
    sections: list[SectionOut]
    waiting_on: list[str]
    waiting_for: str


class PlanIn(Schema):
    template_key: str
    title: str
    subject_code: str | None = None
    grade: int | None = None
    community_id: UUID | None = None
    co_author_ids: list[UUID] = []
    school_year: str = ""


class SectionIn(Schema):
    content: str
    version: int


class RevisionOut(Schema):
    number: int
    author: str | None
    created_at: datetime.datetime
    section_key: str
    note: str
    restored_from: int | None


class RevisionDetailOut(RevisionOut):
    content: dict[str, str]


class RevisionChangeOut(Schema):
    key: str
    title: str
    changed: bool
    words_added: int
    words_removed: int
    diff_html: str


class TransitionOut(Schema):
    from_status: str
    to_status: str
    actor: str | None
    created_at: datetime.datetime
    note: str


class ReviewOut(Schema):
    id: UUID
    plan_id: UUID
    reviewer: str
    kind: str
    round: int
    revision: int
    status: str
    scores: dict[str, int]
    total: int
    maximum: int
    percentage: int | None
    summary: str
    comments: dict[str, str]
    helpful: bool
    submitted_at: datetime.datetime | None
    version: int


class ReviewIn(Schema):
    scores: dict[str, int] = {}
    summary: str = ""
    comments: dict[str, str] = {}
    submit: bool = False
    version: int | None = None


class AssignIn(Schema):
    reviewer_ids: list[UUID] = []


class NoteIn(Schema):
    note: str = ""


class HelpfulIn(Schema):
    helpful: bool = True


class CommentIn(Schema):
    text: str
    section_key: str = ""


class CommentOut(Schema):
    id: UUID
    kind: str
    section_key: str
    author: str
    text: str
    created_at: datetime.datetime


def _name(user: Any) -> str | None:
    return (user.get_full_name() or user.get_username()) if user is not None else None


def _plan_out(plan: LessonPlan) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "title": plan.title,
        "template": plan.template.key,
        "subject": plan.subject.code if plan.subject else None,
        "grade": plan.grade,
        "phase": plan.phase,
        "school_year": plan.school_year,
        "community_id": plan.community_id,
        "authors": [_name(a.user) for a in plan.authorships.all()],
        "status": plan.status,
        "round": plan.round,
        "reviewers_needed": plan.reviewers_needed,
        "updated_at": plan.updated_at,
        "version": plan.version,
    }


def _plan_detail(plan: LessonPlan) -> dict[str, Any]:
    reviews = queries.plan_reviews(plan)
    waiting = queries.waiting_on(plan, reviews)
    return {
        **_plan_out(plan),
        "sections": [
            {
                "key": s.key,
                "title": s.title,
                "kind": s.kind,
                "group": s.group,
                "options": s.options,
                "content": s.content,
                "version": s.version,
            }
            for s in plan.sections.all()
        ],
        "waiting_on": [_name(u) for u in waiting.people] if waiting else [],
        "waiting_for": waiting.label if waiting else "",
    }


def _revision_out(r: Revision, content: bool = False) -> dict[str, Any]:
    out = {
        "number": r.number,
        "author": _name(r.author),
        "created_at": r.created_at,
        "section_key": r.section_key,
        "note": r.note,
        "restored_from": r.restored_from.number if r.restored_from else None,
    }
    if content:
        out["content"] = r.content
    return out


def _review_out(r: Review) -> dict[str, Any]:
    return {
        "id": r.pk,
        "plan_id": r.plan_id,
        "reviewer": _name(r.reviewer),
        "kind": r.kind,
        "round": r.round,
        "revision": r.revision.number,
        "status": r.status,
        "scores": {k: int(v) for k, v in r.scores.items()},
        "total": r.total,
        "maximum": r.maximum,
        "percentage": r.percentage,
        "summary": r.summary,
        "comments": {c.section_key: c.text for c in r.comments.all()},
        "helpful": r.helpful,
        "submitted_at": r.submitted_at,
        "version": r.version,
    }


def _plan(request: SchoolHttpRequest, plan_id: UUID, perm: str = "lessons.view_plan") -> LessonPlan:
    plan = queries.get_plan_for_user(request.school, request.user, plan_id)
    require(request, perm, plan)
    return plan


@router.get(P + "/plans", response=list[PlanOut])
@paginate(Paged)
def list_plans(
    request: SchoolHttpRequest,
    npsn: str,
    list: str = "all",
    subject: str = "",
    grade: int | None = None,
    q: str = "",
) -> Any:
    """list: all (default), mine, community, approved (searchable by subject code, grade, q)."""
    school = request.school
    user: Any = request.user
    require(request, "lessons.view_plan", school)
    if list == "mine":
        plans = queries.plans_for_user(school, user, mine=True)
    elif list == "community":
        plans = queries.community_plans(school, user)
    elif list == "approved":
        plans = queries.approved_plans(school, subject=subject, grade=grade, q=q)
    else:
        plans = queries.plans_for_user(school, user)
    return rows(plans, _plan_out)


@router.post(P + "/plans", response={201: PlanDetailOut})
def plan_create(request: SchoolHttpRequest, npsn: str, payload: PlanIn) -> Status:
    school = request.school
    require(request, "lessons.create_plan", school)
    services.defaults_install(school=school)
    template = object_of_school(
        PlanTemplate, payload.template_key, school=school, field="template_key", lookup="key"
    )
    subject = optional_object_of_school(
        Subject, payload.subject_code, school=school, field="subject_code", lookup="code"
    )
    community = optional_object_of_school(
        Community, payload.community_id, school=school, field="community_id"
    )
    co_authors = objects_of_school(
        queries.teachers_choices(school),
        payload.co_author_ids,
        school=school,
        field="co_author_ids",
        message=_("Only teachers of this school can be chosen."),
    )
    plan = services.plan_create(
        actor=request.user,
        school=school,
        template=template,
        title=payload.title,
        subject=subject,
        grade=payload.grade,
        community=community,
        co_authors=co_authors,
        school_year=payload.school_year,
    )
    plan = queries.get_plan_for_user(school, request.user, plan.pk)
    return Status(201, _plan_detail(plan))


@router.get(P + "/plans/{plan_id}", response=PlanDetailOut)
def get_plan(request: SchoolHttpRequest, npsn: str, plan_id: UUID) -> dict[str, Any]:
    return _plan_detail(_plan(request, plan_id))


@router.put(P + "/plans/{plan_id}/sections/{key}", response=RevisionOut | None)
def section_save(
    request: SchoolHttpRequest, npsn: str, plan_id: UUID, key: str, payload: SectionIn
) -> Any:
    """Save one section; 409 when someone saved it since `version`. Answers the new revision
    (null when nothing changed)."""
    plan = _plan(request, plan_id, "lessons.edit_plan")
    section = queries.get_section(plan, key)
    revision = services.section_save(
        actor=request.user,
        section=section,
        content=payload.content,
        version=payload.version,
    )
    return _revision_out(revision) if revision else None


class LessonImageOut(Schema):
    id: UUID
    url: str
    markdown: str
    width: int
    height: int
    alt: str
    revision: int


@router.post(P + "/plans/{plan_id}/sections/{key}/images", response={201: LessonImageOut})
def section_image_add(
    request: SchoolHttpRequest,
    npsn: str,
    plan_id: UUID,
    key: str,
    image: File[UploadedFile | None] = None,
    alt: Form[str] = "",
    version: Form[int | None] = None,
) -> Status:
    """Add an image (multipart: `image`, JPEG or PNG, at most 10 MB; `alt`; `version` of the
    section) at the end of a rich-text section: resized to 1280 px, re-encoded without EXIF,
    recorded as a revision. 422 for what is not an image, 409 when the section is stale."""
    plan = _plan(request, plan_id, "lessons.edit_plan")
    section = queries.get_section(plan, key)
    if image is None:
        raise ValidationError({"image": _("Choose an image (JPEG or PNG).")})
    saved, revision = services.section_image_add(
        actor=request.user, section=section, upload=image, alt=alt[:200], version=version
    )
    url = saved.get_absolute_url()
    return Status(
        201,
        {
            "id": saved.pk,
            "url": url,
            "markdown": f"![{saved.alt}]({url})",
            "width": saved.width,
            "height": saved.height,
            "alt": saved.alt,
            "revision": revision.number,
        },
    )


@router.get(P + "/plans/{plan_id}/revisions", response=list[RevisionOut])
@paginate(Paged)
def list_revisions(request: SchoolHttpRequest, npsn: str, plan_id: UUID) -> Any:
    plan = _plan(request, plan_id)
    return rows(
        plan.revisions.select_related("author", "restored_from").defer(
            "content", "restored_from__content"
        ),
        _revision_out,
    )


@router.get(P + "/plans/{plan_id}/revisions/{number}", response=RevisionDetailOut)
def get_revision(
    request: SchoolHttpRequest, npsn: str, plan_id: UUID, number: int
) -> dict[str, Any]:
    plan = _plan(request, plan_id)
    return _revision_out(queries.get_revision(plan, number), content=True)


@router.get(P + "/plans/{plan_id}/compare", response=list[RevisionChangeOut])
def compare_revisions(
    request: SchoolHttpRequest, npsn: str, plan_id: UUID, a: int | None = None, b: int | None = None
) -> Any:
    """Section by section, word by word, from revision `a` to revision `b` (default: the two
    latest)."""
    plan = _plan(request, plan_id)
    latest = list(plan.revisions.values_list("number", flat=True)[:2])
    if not latest:
        raise Http404
    b = b or latest[0]
    a = a or (latest[1] if len(latest) > 1 else b)
    old, new = queries.get_revision(plan, a), queries.get_revision(plan, b)
    sections = list(plan.sections.values_list("key", "title"))
    return [
        {
            "key": c.key,
            "title": c.title,
            "changed": c.changed,
            "words_added": c.added,
            "words_removed": c.removed,
            "diff_html": str(c.html),
        }
        for c in compare(sections, old.content, new.content)
    ]


@router.post(P + "/plans/{plan_id}/revisions/{number}/restore", response={201: RevisionOut})
def restore_revision(request: SchoolHttpRequest, npsn: str, plan_id: UUID, number: int) -> Status:
    plan = _plan(request, plan_id, "lessons.edit_plan")
    revision = queries.get_revision(plan, number)
    new = services.revision_restore(actor=request.user, plan=plan, revision=revision)
    return Status(201, _revision_out(new))


@router.get(P + "/plans/{plan_id}/transitions", response=list[TransitionOut])
@paginate(Paged)
def list_transitions(request: SchoolHttpRequest, npsn: str, plan_id: UUID) -> Any:
    plan = _plan(request, plan_id)
    return rows(Transition.objects.filter(plan=plan).select_related("actor"), _transition_out)


def _transition_out(t: Transition) -> dict[str, Any]:
    return {
        "from_status": t.from_status,
        "to_status": t.to_status,
        "actor": _name(t.actor),
        "created_at": t.created_at,
        "note": t.note,
    }


@router.post(P + "/plans/{plan_id}/submit", response=PlanDetailOut)
def plan_submit(request: SchoolHttpRequest, npsn: str, plan_id: UUID, payload: NoteIn) -> Any:
    plan = _plan(request, plan_id, "lessons.edit_plan")
    services.plan_submit(actor=request.user, plan=plan, note=payload.note)
    return _plan_detail(_plan(request, plan_id))


@router.post(P + "/plans/{plan_id}/reviewers", response=list[ReviewOut])
def reviewers_assign(
    request: SchoolHttpRequest, npsn: str, plan_id: UUID, payload: AssignIn
) -> Any:
    """Assign the chosen reviewers, or (an empty list) the plan's number automatically."""
    plan = _plan(request, plan_id, "lessons.manage")
    chosen = objects_of_school(
        queries.teachers_choices(request.school),
        payload.reviewer_ids,
        school=request.school,
        field="reviewer_ids",
        message=_("Only teachers of this school can be chosen."),
    )
    reviews = services.reviewers_assign(
        actor=request.user,
        plan=plan,
        reviewers=chosen or None,
    )
    return [_review_out(r) for r in reviews]


@router.post(P + "/plans/{plan_id}/approve", response=PlanDetailOut)
def plan_approve(request: SchoolHttpRequest, npsn: str, plan_id: UUID, payload: NoteIn) -> Any:
    plan = _plan(request, plan_id, "lessons.approve_plan")
    services.plan_approve(actor=request.user, plan=plan, note=payload.note)
    return _plan_detail(_plan(request, plan_id))


@router.get(P + "/plans/{plan_id}/reviews", response=list[ReviewOut])
@paginate(Paged)
def list_plan_reviews(request: SchoolHttpRequest, npsn: str, plan_id: UUID) -> Any:
    """The plan's submitted reviews (and the caller's own, submitted or not)."""
    plan = _plan(request, plan_id)
    return rows(
        plan.reviews.filter(Q(status=ReviewStatus.SUBMITTED) | Q(reviewer=request.user))
        .select_related("reviewer", "revision")
        .prefetch_related("comments"),
        _review_out,
    )


@router.post(P + "/plans/{plan_id}/comments", response={201: CommentOut})
def comment_add(request: SchoolHttpRequest, npsn: str, plan_id: UUID, payload: CommentIn) -> Status:
    plan = _plan(request, plan_id, "lessons.comment")
    c = services.comment_add(
        actor=request.user,
        plan=plan,
        text=payload.text,
        section_key=payload.section_key,
    )
    return Status(
        201,
        {
            "id": c.pk,
            "kind": c.kind,
            "section_key": c.section_key,
            "author": _name(c.author),
            "text": c.text,
            "created_at": c.created_at,
        },
    )


@router.get(P + "/reviews", response=list[ReviewOut])
@paginate(Paged)
def my_reviews(request: SchoolHttpRequest, npsn: str) -> Any:
    """The caller's reviews still to write."""
    school = request.school
    require(request, "lessons.view_plan", school)
    return rows(
        queries.plans_to_review(school, request.user).prefetch_related("comments"), _review_out
    )


def _review(request: SchoolHttpRequest, review_id: UUID) -> Review:
    review = queries.get_review_for_user(request.school, request.user, review_id)
    require(request, "lessons.view_plan", review.plan)
    if review.status != "submitted" and review.reviewer_id != request.user.pk:
        raise Http404
    return review


@router.get(P + "/reviews/{review_id}", response=ReviewOut)
def get_review(request: SchoolHttpRequest, npsn: str, review_id: UUID) -> dict[str, Any]:
    return _review_out(_review(request, review_id))


@router.put(P + "/reviews/{review_id}", response=ReviewOut)
def review_save(request: SchoolHttpRequest, npsn: str, review_id: UUID, payload: ReviewIn) -> Any:
    """Scores by criterion id, comments by section key ("" for the whole plan); `submit`
    hands it in (every criterion scored). 409 when the review changed since `version`."""
    review = _review(request, review_id)
    require(request, "lessons.review", review)
    saved = services.review_save(
        actor=request.user,
        review=review,
        scores=dict(payload.scores),
        summary=payload.summary,
        comments=dict(payload.comments),
        submit=payload.submit,
        version=payload.version,
    )
    return _review_out(_review(request, saved.pk))


@router.post(P + "/reviews/{review_id}/helpful", response=ReviewOut)
def review_helpful(
    request: SchoolHttpRequest, npsn: str, review_id: UUID, payload: HelpfulIn
) -> Any:
    review = _review(request, review_id)
    require(request, "lessons.edit_plan", review.plan)
    services.review_mark_helpful(actor=request.user, review=review, helpful=payload.helpful)
    return _review_out(_review(request, review_id))


# --- how many reviewers -------------------------------------------------------------------


class ReviewersNeededIn(Schema):
    reviewers_needed: int = Field(..., ge=1, le=REVIEWERS_MAX)
    version: int | None = None


@router.put(P + "/plans/{plan_id}/reviewers_needed", response=PlanDetailOut)
def reviewers_needed_set(
    request: SchoolHttpRequest, npsn: str, plan_id: UUID, payload: ReviewersNeededIn
) -> Any:
    """How many submitted reviews the plan needs before approval (facilitators, principal)."""
    plan = _plan(request, plan_id, "lessons.manage")
    services.plan_reviewers_needed_set(
        actor=request.user, plan=plan, needed=payload.reviewers_needed, version=payload.version
    )
    return _plan_detail(_plan(request, plan_id))


# --- templates ----------------------------------------------------------------------------


class LessonTemplateSection(Schema):
    key: str = ""
    title: str = Field(..., max_length=200)
    kind: str = "rich"
    group: str = Field("", max_length=120)
    help: str = Field("", max_length=300)
    options: list[str] = []


class LessonTemplateOut(Schema):
    id: UUID
    key: str
    name: str
    description: str
    active: bool
    sections: list[LessonTemplateSection]
    updated_at: datetime.datetime
    version: int


class LessonTemplateIn(Schema):
    name: str = Field(..., min_length=1, max_length=120)
    description: str = Field("", max_length=300)
    active: bool = True
    sections: list[LessonTemplateSection] = Field(..., max_length=200)
    version: int | None = None


def _template_out(t: PlanTemplate) -> dict[str, Any]:
    return {
        "id": t.pk,
        "key": t.key,
        "name": t.name,
        "description": t.description,
        "active": t.active,
        "sections": t.sections,
        "updated_at": t.updated_at,
        "version": t.version,
    }


def _clean(text: str, *seps: str) -> str:
    for sep in ("|", "\n", "\r", *seps):
        text = text.replace(sep, " ")
    return text.strip()


def _sections(payload: LessonTemplateIn) -> list[dict[str, Any]]:
    """The same rules as the page's lines (services.parse_sections): "Line n" is section n."""
    lines = [
        " | ".join(
            [
                _clean(s.group),
                _clean(s.title) or "-",
                _clean(s.kind),
                _clean(s.help),
                "; ".join(_clean(o, ";") for o in s.options),
            ]
        )
        for s in payload.sections
    ]
    return services.parse_sections("\n".join(lines))


def _template(request: SchoolHttpRequest, template_id: UUID) -> PlanTemplate:
    return one_or_404(PlanTemplate.objects.filter(school=request.school), template_id)


@router.get(P + "/templates", response=list[LessonTemplateOut])
@paginate(Paged)
def list_templates(request: SchoolHttpRequest, npsn: str) -> Any:
    """The school's plan templates (the two shipped ones and the school's own). The shipped
    ones are added by the first plan created (their keys work then) or by the button on the
    pages; reading adds nothing."""
    require(request, "lessons.view_plan", request.school)
    return rows(
        PlanTemplate.objects.filter(school=request.school).order_by("name", "pk"), _template_out
    )


@router.get(P + "/templates/{template_id}", response=LessonTemplateOut)
def get_template(request: SchoolHttpRequest, npsn: str, template_id: UUID) -> Any:
    require(request, "lessons.view_plan", request.school)
    return _template_out(_template(request, template_id))


@router.post(P + "/templates", response={201: LessonTemplateOut})
def template_create(request: SchoolHttpRequest, npsn: str, payload: LessonTemplateIn) -> Status:
    require(request, "lessons.manage", request.school)
    template = services.template_save(
        actor=request.user,
        school=request.school,
        name=payload.name,
        description=payload.description,
        sections=_sections(payload),
        active=payload.active,
    )
    return Status(201, _template_out(template))


@router.put(P + "/templates/{template_id}", response=LessonTemplateOut)
def template_update(
    request: SchoolHttpRequest, npsn: str, template_id: UUID, payload: LessonTemplateIn
) -> Any:
    """Adjust a template (plans made from it keep their sections); 409 when stale."""
    require(request, "lessons.manage", request.school)
    template = services.template_save(
        actor=request.user,
        school=request.school,
        template=_template(request, template_id),
        name=payload.name,
        description=payload.description,
        sections=_sections(payload),
        active=payload.active,
        version=payload.version,
    )
    return _template_out(template)


# --- rubrics ------------------------------------------------------------------------------


class LessonRubricLevel(Schema):
    score: int = Field(..., ge=0, le=100)
    label: str = Field("", max_length=80)
    descriptor: str = Field("", max_length=300)


class LessonCriterionOut(Schema):
    id: UUID
    order: int
    title: str
    section_key: str
    description: str
    levels: list[LessonRubricLevel]
    max_score: int


class LessonCriterionIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    section_key: str = Field("", max_length=60)
    description: str = Field("", max_length=2000)
    levels: list[LessonRubricLevel] = Field(..., max_length=20)


class LessonRubricOut(Schema):
    id: UUID
    key: str
    name: str
    active: bool
    criteria: list[LessonCriterionOut]
    updated_at: datetime.datetime
    version: int


class LessonRubricIn(Schema):
    name: str = Field(..., min_length=1, max_length=120)
    active: bool = True
    version: int | None = None


def _criterion_out(c: Criterion) -> dict[str, Any]:
    return {
        "id": c.pk,
        "order": c.order,
        "title": c.title,
        "section_key": c.section_key,
        "description": c.description,
        "levels": c.levels,
        "max_score": c.max_score,
    }


def _rubric_out(r: Rubric) -> dict[str, Any]:
    return {
        "id": r.pk,
        "key": r.key,
        "name": r.name,
        "active": r.active,
        "criteria": [_criterion_out(c) for c in r.criteria.all()],
        "updated_at": r.updated_at,
        "version": r.version,
    }


def _rubric(request: SchoolHttpRequest, rubric_id: UUID) -> Rubric:
    return one_or_404(
        Rubric.objects.filter(school=request.school).prefetch_related("criteria"),
        rubric_id,
    )


def _levels(payload: LessonCriterionIn) -> list[dict[str, Any]]:
    """The same rules as the page's lines (services.parse_levels)."""
    lines = [f"{lv.score} | {_clean(lv.label)} | {_clean(lv.descriptor)}" for lv in payload.levels]
    return services.parse_levels("\n".join(lines))


@router.get(P + "/rubrics", response=list[LessonRubricOut])
@paginate(Paged)
def list_rubrics(request: SchoolHttpRequest, npsn: str) -> Any:
    """The school's review rubrics with their criteria and levels (the shipped ones once added,
    as for templates)."""
    require(request, "lessons.view_plan", request.school)
    return rows(
        Rubric.objects.filter(school=request.school)
        .prefetch_related("criteria")
        .order_by("name", "pk"),
        _rubric_out,
    )


@router.get(P + "/rubrics/{rubric_id}", response=LessonRubricOut)
def get_rubric(request: SchoolHttpRequest, npsn: str, rubric_id: UUID) -> Any:
    require(request, "lessons.view_plan", request.school)
    return _rubric_out(_rubric(request, rubric_id))


@router.post(P + "/rubrics", response={201: LessonRubricOut})
def rubric_create(request: SchoolHttpRequest, npsn: str, payload: LessonRubricIn) -> Status:
    require(request, "lessons.manage", request.school)
    rubric = services.rubric_save(
        actor=request.user, school=request.school, name=payload.name, active=payload.active
    )
    return Status(201, _rubric_out(_rubric(request, rubric.pk)))


@router.put(P + "/rubrics/{rubric_id}", response=LessonRubricOut)
def rubric_update(
    request: SchoolHttpRequest, npsn: str, rubric_id: UUID, payload: LessonRubricIn
) -> Any:
    """Rename or (de)activate a rubric; 409 when stale."""
    require(request, "lessons.manage", request.school)
    services.rubric_save(
        actor=request.user,
        school=request.school,
        rubric=_rubric(request, rubric_id),
        name=payload.name,
        active=payload.active,
        version=payload.version,
    )
    return _rubric_out(_rubric(request, rubric_id))


@router.post(P + "/rubrics/{rubric_id}/criteria", response={201: LessonCriterionOut})
def criterion_create(
    request: SchoolHttpRequest, npsn: str, rubric_id: UUID, payload: LessonCriterionIn
) -> Status:
    require(request, "lessons.manage", request.school)
    criterion = services.criterion_save(
        actor=request.user,
        rubric=_rubric(request, rubric_id),
        title=payload.title,
        section_key=payload.section_key,
        description=payload.description,
        levels=_levels(payload),
    )
    return Status(201, _criterion_out(criterion))


def _criterion(request: SchoolHttpRequest, rubric_id: UUID, criterion_id: UUID) -> Criterion:
    return one_or_404(
        Criterion.objects.filter(school=request.school, rubric_id=rubric_id), criterion_id
    )


@router.put(P + "/rubrics/{rubric_id}/criteria/{criterion_id}", response=LessonCriterionOut)
def criterion_update(
    request: SchoolHttpRequest,
    npsn: str,
    rubric_id: UUID,
    criterion_id: UUID,
    payload: LessonCriterionIn,
) -> Any:
    require(request, "lessons.manage", request.school)
    criterion = services.criterion_save(
        actor=request.user,
        rubric=_rubric(request, rubric_id),
        criterion=_criterion(request, rubric_id, criterion_id),
        title=payload.title,
        section_key=payload.section_key,
        description=payload.description,
        levels=_levels(payload),
    )
    return _criterion_out(criterion)


@router.delete(P + "/rubrics/{rubric_id}/criteria/{criterion_id}", response={204: None})
def criterion_delete(
    request: SchoolHttpRequest, npsn: str, rubric_id: UUID, criterion_id: UUID
) -> Status:
    """Remove a criterion (a rubric keeps at least one: 422)."""
    require(request, "lessons.manage", request.school)
    services.criterion_delete(
        actor=request.user, criterion=_criterion(request, rubric_id, criterion_id)
    )
    return Status(204, None)


# --- calibration --------------------------------------------------------------------------


class LessonCalibrationExampleOut(Schema):
    id: UUID
    title: str
    template: str
    subject: str | None
    grade: int | None
    created_at: datetime.datetime
    my_review_id: UUID | None
    my_review_status: str | None


class LessonCalibrationRow(Schema):
    criterion: str
    mine: int | None
    reference: int | None


class LessonCalibrationOut(Schema):
    review_id: UUID
    percentage: int | None
    reference_percentage: int | None
    agree: int
    criteria: int
    gap: int | None
    rows: list[LessonCalibrationRow]


@router.get(P + "/calibration", response=list[LessonCalibrationExampleOut])
@paginate(Paged)
def list_calibration(request: SchoolHttpRequest, npsn: str) -> Any:
    """The calibration examples whose reference review is written, with the caller's own
    exercise on each (if started)."""
    school = request.school
    require(request, "lessons.view_plan", school)
    mine: dict[Any, Review] = {}

    def own_exercises(page: list[LessonPlan]) -> None:  # one query for the page's examples
        mine.update(
            (r.plan_id, r)
            for r in Review.objects.filter(
                school=school,
                reviewer=request.user,
                plan__in=page,
                kind=ReviewKind.CALIBRATION,
            )
        )

    def out(e: LessonPlan) -> dict[str, Any]:
        return {
            "id": e.pk,
            "title": e.title,
            "template": e.template.key,
            "subject": e.subject.code if e.subject else None,
            "grade": e.grade,
            "created_at": e.created_at,
            "my_review_id": mine[e.pk].pk if e.pk in mine else None,
            "my_review_status": mine[e.pk].status if e.pk in mine else None,
        }

    return rows(
        queries.calibration_examples(school).order_by("-created_at", "pk"), out, own_exercises
    )


@router.post(P + "/plans/{plan_id}/calibration", response={201: ReviewOut})
def calibration_publish(request: SchoolHttpRequest, npsn: str, plan_id: UUID) -> Status:
    """Publish a copy of a plan (not one's own) as a calibration example; answers the
    reference review to write (PUT reviews/{id})."""
    plan = _plan(request, plan_id, "lessons.calibrate")
    reference = services.calibration_publish(actor=request.user, plan=plan)
    return Status(201, _review_out(_review(request, reference.pk)))


@router.post(P + "/calibration/{example_id}/practise", response={201: ReviewOut})
def calibration_practise(request: SchoolHttpRequest, npsn: str, example_id: UUID) -> Status:
    """Start (or continue) one's exercise on an example: a review to write like any other."""
    example = one_or_404(queries.calibration_examples(request.school), example_id)
    require(request, "lessons.practise", example)
    review = services.calibration_start(actor=request.user, example=example)
    return Status(201, _review_out(_review(request, review.pk)))


@router.get(P + "/reviews/{review_id}/calibration", response=LessonCalibrationOut)
def calibration_result(request: SchoolHttpRequest, npsn: str, review_id: UUID) -> Any:
    """A submitted exercise against the reference review, criterion by criterion (404 while
    it is not submitted, and for any other kind of review)."""
    review = _review(request, review_id)
    result = queries.calibration_of(review)
    if result is None:
        raise Http404
    reference = Review.objects.filter(
        plan_id=review.plan_id, kind=ReviewKind.REFERENCE, status="submitted"
    ).first()
    return {
        "review_id": review.pk,
        "percentage": review.percentage,
        "reference_percentage": reference.percentage if reference else None,
        "agree": result.agree,
        "criteria": len(result.rows),
        "gap": result.gap,
        "rows": [{"criterion": t, "mine": m, "reference": r} for t, m, r in result.rows],
    }

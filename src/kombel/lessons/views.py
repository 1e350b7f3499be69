"""Lesson plan pages: lists, a plan, its sections, revisions and comparison, the workflow,
reviews, the school's templates and rubrics."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kombel.communities.models import Community
from kombel.core.forms import apply_service_errors
from kombel.core.http import one_or_404, require_perm
from kombel.core.uploads import photo_response
from kombel.lessons import defaults, documents, queries, services
from kombel.lessons.enums import CommentKind, PlanStatus, ReviewKind, ReviewStatus, SectionKind
from kombel.lessons.forms import (
    AssignForm,
    CommentForm,
    CriterionForm,
    DelegateForm,
    ImageForm,
    ImportForm,
    NeededForm,
    NoteForm,
    PlanForm,
    RubricForm,
    SectionForm,
    TemplateForm,
)
from kombel.lessons.models import (
    ApprovalDelegate,
    Comment,
    Criterion,
    PlanImage,
    PlanSection,
    PlanTemplate,
    Review,
    Rubric,
)
from kombel.lessons.text import compare, render_markdown
from kombel.schools.enums import Grade, Role
from kombel.schools.http import SchoolHttpRequest
from kombel.schools.models import Subject

LISTS = ("mine", "review", "community", "approved", "all")


@login_required
def index(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    """The lists: my plans, waiting for my review, my community's, approved (searchable)."""
    school, user = request.school, request.user
    require_perm(request, "lessons.view_plan", school)
    can_write = user.has_perm("lessons.create_plan", school)
    which = request.GET.get("list") or ("mine" if can_write else "approved")
    if which not in LISTS:
        which = "approved"
    reviews: list[Any] = []
    plans: Any = None
    grade = request.GET.get("grade", "")
    filters = {
        "subject": request.GET.get("subject", ""),
        "grade": grade,
        "q": request.GET.get("q", ""),
    }
    if which == "review":
        reviews = list(queries.plans_to_review(school, user))
    elif which == "mine":
        plans = queries.plans_for_user(school, user, mine=True)
    elif which == "community":
        plans = queries.community_plans(school, user)
    elif which == "all":
        plans = queries.plans_for_user(school, user)
    else:
        plans = queries.approved_plans(
            school,
            subject=filters["subject"],
            grade=int(grade) if grade.isdigit() else None,
            q=filters["q"],
        )
    page = Paginator(plans, 25).get_page(request.GET.get("page")) if plans is not None else None
    context = {
        "school": school,
        "which": which,
        "page": page,
        "reviews": reviews,
        "filters": filters,
        "subjects": Subject.objects.all(),
        "grades": Grade.choices,
        "can_write": can_write,
        "can_manage": user.has_perm("lessons.manage", school),
    }
    return render(request, "lessons/index.html", context)


def _plan_form(request: SchoolHttpRequest, *, editing: bool, **kwargs: Any) -> PlanForm:
    school = request.school
    return PlanForm(
        request.POST or None,
        templates=PlanTemplate.objects.filter(school=school, active=True),
        communities=Community.objects.filter(school=school).order_by("name"),
        teachers=queries.teachers_choices(school).exclude(pk=request.user.pk),
        editing=editing,
        **kwargs,
    )


@login_required
def plan_create(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    school = request.school
    require_perm(request, "lessons.create_plan", school)
    copy_from = None
    if request.GET.get("copy"):
        copy_from = queries.get_plan_for_user(school, request.user, request.GET["copy"])
    initial: dict[str, Any] = {}
    if copy_from is not None:
        initial = {
            "template": copy_from.template_id,
            "title": copy_from.title,
            "subject": copy_from.subject_id,
            "grade": copy_from.grade,
        }
    form = _plan_form(request, editing=False, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.plan_create(
                actor=request.user,
                school=school,
                template=data["template"],
                title=data["title"],
                subject=data["subject"],
                grade=data["grade"],
                community=data["community"],
                co_authors=list(data["co_authors"]),
                school_year=data["school_year"],
                copy_from=copy_from,
            )
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, _("The plan was created: write its sections one by one."))
            return redirect("lessons:plan", npsn, plan.pk)
    context = {
        "school": school,
        "form": form,
        "copy_from": copy_from,
        "needs_defaults": not queries.templates_installed(school),
        "then": "plan_create",
    }
    return render(request, "lessons/plan_form.html", context)


@login_required
def plan_edit(request: SchoolHttpRequest, npsn: str, pk: UUID) -> HttpResponse:
    school = request.school
    plan = queries.get_plan_for_user(school, request.user, pk)
    require_perm(request, "lessons.edit_plan", plan)
    initial = {
        "title": plan.title,
        "subject": plan.subject_id,
        "grade": plan.grade,
        "school_year": plan.school_year,
        "community": plan.community_id,
        "co_authors": [a.user_id for a in plan.authorships.all() if a.user_id != request.user.pk],
        "version": plan.version,
    }
    form = _plan_form(request, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_update(
                actor=request.user,
                plan=plan,
                title=data["title"],
                subject=data["subject"],
                grade=data["grade"],
                community=data["community"],
                co_authors=list(data["co_authors"]),
                school_year=data["school_year"],
                version=data["version"],
            )
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, _("The plan was saved."))
            return redirect("lessons:plan", npsn, plan.pk)
    return render(request, "lessons/plan_form.html", {"school": school, "form": form, "plan": plan})


def _is_conflict(e: ValidationError) -> bool:
    """A lost race (code "conflict"); an error by field (a dict) never is one."""
    return any(err.code == "conflict" for err in getattr(e, "error_list", []))


def _grouped(sections: list[PlanSection]) -> list[tuple[str, list[PlanSection]]]:
    groups: list[tuple[str, list[PlanSection]]] = []
    for section in sections:
        if not groups or groups[-1][0] != section.group:
            groups.append((section.group, []))
        groups[-1][1].append(section)
    return groups


@login_required
def plan_detail(request: SchoolHttpRequest, npsn: str, pk: UUID) -> HttpResponse:
    """The plan, section by section, with where it stands and who it waits on."""
    school, user = request.school, request.user
    plan = queries.get_plan_for_user(school, user, pk)
    require_perm(request, "lessons.view_plan", plan)
    sections = list(plan.sections.all())
    for s in sections:
        s.html = render_markdown(s.content) if s.kind == SectionKind.RICH else ""  # type: ignore[attr-defined]
    reviews = queries.plan_reviews(plan)
    comments = list(plan.comments.select_related("author", "review", "review__reviewer"))
    by_section: dict[str, list[Comment]] = {}
    for c in comments:
        if (
            c.kind == CommentKind.REVIEW
            and c.review is not None
            and c.review.status != ReviewStatus.SUBMITTED
        ):
            continue  # a review's comments show once the review is submitted
        by_section.setdefault(c.section_key, []).append(c)
    for s in sections:
        s.comments = by_section.get(s.key, [])  # type: ignore[attr-defined]
    can_edit = user.has_perm("lessons.edit_plan", plan)
    can_comment = user.has_perm("lessons.comment", plan)
    context = {
        "school": school,
        "plan": plan,
        "groups": _grouped(sections),
        "general_comments": by_section.get("", []),
        # Where a leader's input on the whole plan may be taken in (a quotation: running text).
        "rich_sections": [s for s in sections if s.kind == SectionKind.RICH],
        "reviews": [r for r in reviews if r.kind == ReviewKind.PEER],
        "my_reviews": [
            r for r in reviews if r.reviewer_id == user.pk and r.status == ReviewStatus.ASSIGNED
        ],
        "transitions": list(plan.transitions.select_related("actor")),
        "waiting": queries.waiting_on(plan, reviews),
        "missing": queries.missing_reviews(plan, reviews),
        "editable": can_edit and plan.status in (PlanStatus.DRAFT, PlanStatus.REVIEWED),
        "can_edit": can_edit,
        "can_comment": can_comment,
        "can_manage": user.has_perm("lessons.manage", plan),
        "can_approve": user.has_perm("lessons.approve_plan", plan),
        "can_create": user.has_perm("lessons.create_plan", school),
        "can_calibrate": user.has_perm("lessons.calibrate", plan),
        "comment_form": CommentForm(plan=plan, sections=sections) if can_comment else None,
        "statuses": PlanStatus,
    }
    return render(request, "lessons/plan.html", context)


@login_required
def section_edit(request: SchoolHttpRequest, npsn: str, pk: UUID, key: str) -> HttpResponse:
    """One section alone. A stale save is refused and shows the other person's text beside
    one's own, with the new version: merge, then save again."""
    school = request.school
    plan = queries.get_plan_for_user(school, request.user, pk)
    require_perm(request, "lessons.edit_plan", plan)
    section = queries.get_section(plan, key)
    initial = {
        "content": section.choice_values
        if section.kind == SectionKind.CHOICES
        else section.content,
        "version": section.version,
    }
    form = SectionForm(request.POST or None, section=section, initial=initial)
    theirs: PlanSection | None = None
    if request.method == "POST" and form.is_valid():
        try:
            revision = services.section_save(
                actor=request.user,
                section=section,
                content=form.content_text(),
                version=form.cleaned_data["version"],
            )
        except ValidationError as e:
            if _is_conflict(e):
                theirs = PlanSection.objects.select_related("updated_by").get(pk=section.pk)
                data = request.POST.copy()
                data["version"] = str(theirs.version)
                form = SectionForm(data, section=section)
                form.is_valid()
                form.add_error(
                    None,
                    _(
                        "%(name)s saved this section while you were editing. Your text is kept "
                        "below and theirs is shown: merge them, then save again."
                    )
                    % {
                        "name": theirs.updated_by.get_full_name()
                        if theirs.updated_by
                        else _("Someone")
                    },
                )
            else:
                apply_service_errors(form, e)
        else:
            if revision is None:
                messages.success(request, _("Nothing changed."))
            else:
                messages.success(request, _("Saved as revision %(n)d.") % {"n": revision.number})
            return redirect(f"{queries.plan_path(plan)}#s-{section.key}")
    return _section_page(request, plan, section, form, theirs=theirs)


def _section_page(
    request: SchoolHttpRequest,
    plan: Any,
    section: PlanSection,
    form: SectionForm,
    *,
    theirs: PlanSection | None = None,
    image_form: ImageForm | None = None,
) -> HttpResponse:
    rich = section.kind == SectionKind.RICH
    if rich and image_form is None:
        image_form = ImageForm(initial={"version": (theirs or section).version})
    context = {
        "school": request.school,
        "plan": plan,
        "section": section,
        "form": form,
        "theirs": theirs,
        "theirs_html": render_markdown(theirs.content) if theirs and rich else "",
        "autosave_key": f"section-{section.pk}",
        "image_form": image_form if rich else None,
        "images": list(PlanImage.objects.filter(plan=plan, section_key=section.key))
        if rich
        else [],
    }
    return render(request, "lessons/section_form.html", context)


@login_required
@require_POST
def section_image(request: SchoolHttpRequest, npsn: str, pk: UUID, key: str) -> HttpResponse:
    """Add an image to a rich-text section (at its end, as a new revision)."""
    school = request.school
    plan = queries.get_plan_for_user(school, request.user, pk)
    require_perm(request, "lessons.edit_plan", plan)
    section = queries.get_section(plan, key)
    image_form = ImageForm(request.POST, request.FILES)
    if image_form.is_valid():
        try:
            _image, revision = services.section_image_add(
                actor=request.user,
                section=section,
                upload=image_form.cleaned_data["image"],
                alt=image_form.cleaned_data["alt"],
                version=image_form.cleaned_data["version"],
            )
        except ValidationError as e:
            if _is_conflict(e):
                image_form.add_error(
                    None,
                    _(
                        "This section was saved since you opened it. Save or reload your "
                        "text first, then add the image."
                    ),
                )
            else:
                apply_service_errors(image_form, e)
        else:
            messages.success(
                request,
                _("The image was added at the end of the section (revision %(n)d).")
                % {"n": revision.number},
            )
            return redirect("lessons:section", npsn, plan.pk, section.key)
    section = queries.get_section(plan, key)
    form = SectionForm(
        section=section, initial={"content": section.content, "version": section.version}
    )
    return _section_page(request, plan, section, form, image_form=image_form)


@login_required
def plan_image(request: SchoolHttpRequest, npsn: str, pk: UUID) -> FileResponse:
    """An image of a plan's text, for those who may read the plan only."""
    image = one_or_404(PlanImage.objects.filter(school=request.school).select_related("plan"), pk)
    require_perm(request, "lessons.view_plan", image.plan)
    return photo_response(image.image)


@login_required
def revisions(request: SchoolHttpRequest, npsn: str, pk: UUID) -> HttpResponse:
    school = request.school
    plan = queries.get_plan_for_user(school, request.user, pk)
    require_perm(request, "lessons.view_plan", plan)
    rows = plan.revisions.select_related("author").only(
        "number",
        "created_at",
        "author__full_name",
        "section_key",
        "note",
        "plan_id",
        "restored_from_id",
    )
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    titles = dict(plan.sections.values_list("key", "title"))
    context = {
        "school": school,
        "plan": plan,
        "page": page,
        "titles": titles,
        "can_edit": request.user.has_perm("lessons.edit_plan", plan)
        and plan.status in (PlanStatus.DRAFT, PlanStatus.REVIEWED),
    }
    return render(request, "lessons/revisions.html", context)


@login_required
def revision_compare(request: SchoolHttpRequest, npsn: str, pk: UUID) -> HttpResponse:
    """Two revisions section by section, word by word (?a=<number>&b=<number>; default: the
    two latest)."""
    school = request.school
    plan = queries.get_plan_for_user(school, request.user, pk)
    require_perm(request, "lessons.view_plan", plan)
    numbers = list(plan.revisions.values_list("number", flat=True)[:2])
    try:
        b = int(request.GET.get("b") or (numbers[0] if numbers else 0))
        a = int(request.GET.get("a") or (numbers[1] if len(numbers) > 1 else b))
    except ValueError:
        a = b = 0
    old = queries.get_revision(plan, a)
    new = queries.get_revision(plan, b)
    sections = list(plan.sections.values_list("key", "title"))
    changes = compare(sections, old.content, new.content)
    only = request.GET.get("all") != "1"
    context = {
        "school": school,
        "plan": plan,
        "old": old,
        "new": new,
        "changes": [c for c in changes if c.changed] if only else changes,
        "unchanged": sum(1 for c in changes if not c.changed),
        "only_changed": only,
        "numbers": list(plan.revisions.values_list("number", flat=True)),
    }
    return render(request, "lessons/compare.html", context)


@login_required
@require_POST
def revision_restore(request: SchoolHttpRequest, npsn: str, pk: UUID, number: int) -> HttpResponse:
    school = request.school
    plan = queries.get_plan_for_user(school, request.user, pk)
    require_perm(request, "lessons.edit_plan", plan)
    revision = queries.get_revision(plan, number)
    try:
        new = services.revision_restore(actor=request.user, plan=plan, revision=revision)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(
            request,
            _("Revision %(old)d was restored as revision %(new)d.")
            % {"old": revision.number, "new": new.number},
        )
    return redirect("lessons:plan", npsn, plan.pk)


@login_required
@require_POST
def comment_add(request: SchoolHttpRequest, npsn: str, pk: UUID) -> HttpResponse:
    school = request.school
    plan = queries.get_plan_for_user(school, request.user, pk)
    require_perm(request, "lessons.comment", plan)
    form = CommentForm(request.POST, plan=plan, sections=list(plan.sections.all()))
    if form.is_valid():
        try:
            services.comment_add(
                actor=request.user,
                plan=plan,
                text=form.cleaned_data["text"],
                section_key=form.cleaned_data["section_key"] or "",
            )
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(request, _("Your comment was added."))
    else:
        messages.error(request, _("Write the comment."))
    return redirect("lessons:plan", npsn, plan.pk)


@login_required
@require_POST
def local_input_accept(request: SchoolHttpRequest, npsn: str, pk: UUID) -> HttpResponse:
    school = request.school
    comment = one_or_404(Comment.objects.filter(school=school).select_related("plan", "author"), pk)
    plan = queries.get_plan_for_user(school, request.user, comment.plan_id)
    require_perm(request, "lessons.edit_plan", plan)
    comment.plan = plan
    try:
        revision = services.local_input_accept(
            actor=request.user,
            comment=comment,
            section_key=request.POST.get("section_key") or comment.section_key,
        )
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("Saved as revision %(n)d.") % {"n": revision.number})
    return redirect("lessons:plan", npsn, plan.pk)


# --- workflow --------------------------------------------------------------------------------


@login_required
@require_POST
def plan_submit(request: SchoolHttpRequest, npsn: str, pk: UUID) -> HttpResponse:
    school = request.school
    plan = queries.get_plan_for_user(school, request.user, pk)
    require_perm(request, "lessons.edit_plan", plan)
    try:
        services.plan_submit(actor=request.user, plan=plan, note=request.POST.get("note", ""))
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("The plan was submitted for review."))
    return redirect("lessons:plan", npsn, plan.pk)


@login_required
def reviewers_assign(request: SchoolHttpRequest, npsn: str, pk: UUID) -> HttpResponse:
    """How many reviewers the plan needs, and who they are (by hand, or automatically)."""
    school = request.school
    plan = queries.get_plan_for_user(school, request.user, pk)
    require_perm(request, "lessons.manage", plan)
    which = request.POST.get("form") if request.method == "POST" else None
    needed_form = NeededForm(
        request.POST if which == "needed" else None,
        initial={"reviewers_needed": plan.reviewers_needed, "version": plan.version},
        prefix="needed",
    )
    can_assign = plan.status in (PlanStatus.SUBMITTED, PlanStatus.IN_REVIEW)
    form = AssignForm(
        request.POST if which != "needed" and can_assign else None,
        candidates=queries.teachers_choices(school).exclude(
            pk__in=[a.user_id for a in plan.authorships.all()]
        ),
    )
    if which == "needed" and needed_form.is_valid():
        try:
            services.plan_reviewers_needed_set(
                actor=request.user,
                plan=plan,
                needed=needed_form.cleaned_data["reviewers_needed"],
                version=needed_form.cleaned_data["version"],
            )
        except ValidationError as e:
            apply_service_errors(needed_form, e)
        else:
            messages.success(request, _("Saved."))
            return redirect("lessons:assign", npsn, plan.pk)
    elif request.method == "POST" and which != "needed" and form.is_valid():
        chosen = list(form.cleaned_data["reviewers"])
        try:
            reviews = services.reviewers_assign(
                actor=request.user, plan=plan, reviewers=chosen or None
            )
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(
                request,
                _("Reviewers assigned: %(names)s")
                % {"names": ", ".join(r.reviewer.get_full_name() for r in reviews) or "—"},
            )
            return redirect("lessons:plan", npsn, plan.pk)
    reviews = [r for r in queries.plan_reviews(plan) if r.kind == ReviewKind.PEER]
    context = {
        "school": school,
        "plan": plan,
        "form": form if can_assign else None,
        "needed_form": needed_form,
        "assigned": [r for r in reviews if r.round == plan.round],
        "missing": queries.missing_reviews(plan, reviews),
        "candidates": services.reviewer_candidates(plan)[:10] if can_assign else [],
    }
    return render(request, "lessons/assign.html", context)


@login_required
@require_POST
def plan_approve(request: SchoolHttpRequest, npsn: str, pk: UUID) -> HttpResponse:
    school = request.school
    plan = queries.get_plan_for_user(school, request.user, pk)
    require_perm(request, "lessons.approve_plan", plan)
    try:
        services.plan_approve(actor=request.user, plan=plan, note=request.POST.get("note", ""))
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("The plan was approved."))
    return redirect("lessons:plan", npsn, plan.pk)


@login_required
@require_POST
def plan_return(request: SchoolHttpRequest, npsn: str, pk: UUID) -> HttpResponse:
    school = request.school
    plan = queries.get_plan_for_user(school, request.user, pk)
    require_perm(request, "lessons.approve_plan", plan)
    form = NoteForm(request.POST)
    form.is_valid()
    try:
        services.plan_return(actor=request.user, plan=plan, note=form.cleaned_data.get("note", ""))
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("The plan was sent back to its authors."))
    return redirect("lessons:plan", npsn, plan.pk)


@login_required
def review(request: SchoolHttpRequest, npsn: str, pk: UUID) -> HttpResponse:
    """A review: the reviewer scores the rubric and comments per section on the revision they
    were asked to review; everyone else who reads the plan sees it once submitted."""
    school, user = request.school, request.user
    rev = queries.get_review_for_user(school, user, pk)
    plan = rev.plan
    require_perm(request, "lessons.view_plan", plan)
    writing = rev.status == ReviewStatus.ASSIGNED
    if writing:
        require_perm(request, "lessons.review", rev)
    criteria = list(rev.rubric.criteria.all())
    sections = list(plan.sections.all())
    comments = {c.section_key: c for c in rev.comments.all()}
    errors: list[str] = []
    if request.method == "POST" and writing:
        scores = {str(c.pk): request.POST.get(f"score_{c.pk}", "") for c in criteria}
        texts = {s.key: request.POST.get(f"comment_{s.key}", "") for s in sections}
        texts[""] = request.POST.get("comment_", "")
        try:
            services.review_save(
                actor=user,
                review=rev,
                scores=scores,
                summary=request.POST.get("summary", ""),
                comments=texts,
                submit="submit" in request.POST,
                version=request.POST.get("version"),
            )
        except ValidationError as e:
            errors = e.messages
            rev.scores = {k: v for k, v in scores.items() if v}
            rev.summary = request.POST.get("summary", "")
            for key, text in texts.items():
                comments[key] = Comment(text=text, section_key=key)
        else:
            if "submit" in request.POST:
                messages.success(request, _("Your review was submitted. Thank you!"))
                return redirect("lessons:plan", npsn, plan.pk)
            messages.success(request, _("Your review was saved as a draft."))
            return redirect("lessons:review", npsn, rev.pk)
    content = rev.revision.content
    shown = []
    for s in sections:
        text = content.get(s.key, "")
        shown.append(
            {
                "section": s,
                "html": render_markdown(text) if s.kind == SectionKind.RICH else "",
                "text": text,
                "comment": comments.get(s.key),
            }
        )
    rows = []
    for c in criteria:
        rows.append({"criterion": c, "score": str(rev.scores.get(str(c.pk), ""))})
    context = {
        "school": school,
        "plan": plan,
        "review": rev,
        "writing": writing and user.pk == rev.reviewer_id,
        "rows": rows,
        "shown": shown,
        "general": comments.get(""),
        "errors": errors,
        "is_author": user.has_perm("lessons.edit_plan", plan),
        "calibration": queries.calibration_of(rev),
    }
    return render(request, "lessons/review.html", context)


@login_required
@require_POST
def review_helpful(request: SchoolHttpRequest, npsn: str, pk: UUID) -> HttpResponse:
    school = request.school
    rev = queries.get_review_for_user(school, request.user, pk)
    require_perm(request, "lessons.edit_plan", rev.plan)
    try:
        services.review_mark_helpful(
            actor=request.user, review=rev, helpful=request.POST.get("helpful", "1") == "1"
        )
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("Thank you: the reviewer will know."))
    return redirect("lessons:review", npsn, rev.pk)


# --- the school's templates, rubrics and approvers -----------------------------------------


@login_required
def settings_page(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    school = request.school
    require_perm(request, "lessons.manage", school)
    can_delegate = request.user.has_perm("lessons.delegate", school)
    facilitators = (
        queries.teachers_choices(school)
        .filter(memberships__school=school, memberships__role=Role.FACILITATOR)
        .distinct()
    )
    form = DelegateForm(request.POST or None, facilitators=facilitators)
    if request.method == "POST":
        require_perm(request, "lessons.delegate", school)
        if form.is_valid():
            try:
                services.delegate_set(
                    actor=request.user,
                    school=school,
                    user=form.cleaned_data["user"],
                    on=form.cleaned_data["on"],
                )
            except ValidationError as e:
                apply_service_errors(form, e)
            else:
                messages.success(request, _("Saved."))
                return redirect("lessons:settings", npsn)
    context = {
        "school": school,
        "templates": PlanTemplate.objects.filter(school=school),
        "rubrics": Rubric.objects.filter(school=school).prefetch_related("criteria"),
        "delegates": ApprovalDelegate.objects.filter(school=school).select_related("user"),
        "form": form if can_delegate else None,
        "needs_defaults": not queries.templates_installed(school),
        "then": "settings",
    }
    return render(request, "lessons/settings.html", context)


# Where the button that adds the shipped templates returns to (a name, never a URL from the form).
_DEFAULTS_THEN = {"plan_create", "import", "settings"}


@login_required
@require_POST
def defaults_install(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    """The shipped templates and rubrics, added to the school by the button of the pages that
    need them: showing a page writes nothing."""
    school = request.school
    require_perm(request, "lessons.install_defaults", school)
    services.defaults_install(school=school, actor=request.user)
    messages.success(request, _("The ready-made templates and rubrics were added."))
    then = request.POST.get("then", "")
    return redirect(f"lessons:{then}" if then in _DEFAULTS_THEN else "lessons:index", npsn)


@login_required
def template_edit(request: SchoolHttpRequest, npsn: str, pk: UUID | None = None) -> HttpResponse:
    school = request.school
    require_perm(request, "lessons.manage", school)
    template = None
    initial: dict[str, Any] = {}
    if pk is not None:
        template = one_or_404(PlanTemplate.objects.filter(school=school), pk)
        initial = {
            "name": template.name,
            "description": template.description,
            "sections": services.sections_text(template.sections),
            "active": template.active,
            "version": template.version,
        }
    form = TemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.template_save(
                actor=request.user,
                school=school,
                template=template,
                name=data["name"],
                description=data["description"],
                sections=services.parse_sections(data["sections"]),
                active=data["active"],
                version=data["version"],
            )
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, _("The template was saved."))
            return redirect("lessons:settings", npsn)
    return render(
        request,
        "lessons/template_form.html",
        {"school": school, "form": form, "template": template},
    )


@login_required
def rubric_edit(request: SchoolHttpRequest, npsn: str, pk: UUID | None = None) -> HttpResponse:
    """A rubric: its name, its criteria with levels (edit one, add one, remove one)."""
    school = request.school
    require_perm(request, "lessons.manage", school)
    rubric = None
    if pk is not None:
        rubric = one_or_404(Rubric.objects.filter(school=school), pk)
    form = RubricForm(
        request.POST if request.POST.get("form") == "rubric" else None,
        initial={"name": rubric.name, "active": rubric.active, "version": rubric.version}
        if rubric
        else {},
    )
    criterion_form = CriterionForm(
        request.POST if request.POST.get("form") == "criterion" else None,
        initial={"levels": services.levels_text([dict(lv) for lv in defaults.TELAAH_LEVELS])},
    )
    if request.method == "POST" and form.is_bound and form.is_valid():
        try:
            rubric = services.rubric_save(
                actor=request.user,
                school=school,
                rubric=rubric,
                name=form.cleaned_data["name"],
                active=form.cleaned_data["active"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, _("The rubric was saved."))
            return redirect("lessons:rubric", npsn, rubric.pk)
    if (
        request.method == "POST"
        and rubric is not None
        and criterion_form.is_bound
        and criterion_form.is_valid()
    ):
        data = criterion_form.cleaned_data
        criterion = None
        if request.POST.get("criterion"):
            criterion = Criterion.objects.filter(
                rubric=rubric, pk=request.POST["criterion"]
            ).first()
        try:
            services.criterion_save(
                actor=request.user,
                rubric=rubric,
                criterion=criterion,
                title=data["title"],
                section_key=data["section_key"],
                description=data["description"],
                levels=services.parse_levels(data["levels"]),
            )
        except ValidationError as e:
            apply_service_errors(criterion_form, e)
        else:
            messages.success(request, _("The criterion was saved."))
            return redirect("lessons:rubric", npsn, rubric.pk)
    criteria = []
    if rubric is not None:
        for c in rubric.criteria.all():
            criteria.append(
                (
                    c,
                    CriterionForm(
                        initial={
                            "title": c.title,
                            "section_key": c.section_key,
                            "description": c.description,
                            "levels": services.levels_text(c.levels),
                        },
                        prefix=f"c{c.pk}",
                    ),
                )
            )
    context = {
        "school": school,
        "rubric": rubric,
        "form": form,
        "criterion_form": criterion_form,
        "criteria": criteria,
    }
    return render(request, "lessons/rubric.html", context)


@login_required
@require_POST
def criterion_delete(request: SchoolHttpRequest, npsn: str, pk: UUID) -> HttpResponse:
    school = request.school
    require_perm(request, "lessons.manage", school)
    criterion = one_or_404(Criterion.objects.filter(school=school), pk)
    try:
        services.criterion_delete(actor=request.user, criterion=criterion)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("The criterion was removed."))
    return redirect("lessons:rubric", npsn, criterion.rubric_id)


@login_required
def quality(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    """For the facilitator: did reviewers comment, were they found helpful, how far apart two
    reviewers of the same plan are."""
    school = request.school
    require_perm(request, "lessons.manage", school)
    rows = queries.review_quality(school)
    return render(request, "lessons/quality.html", {"school": school, "rows": rows})


# --- documents -------------------------------------------------------------------------------


def _filename(plan: Any, ext: str) -> str:
    from django.utils.text import slugify

    return f"{slugify(plan.title)[:60] or 'modul-ajar'}.{ext}"


@login_required
def export_docx(request: SchoolHttpRequest, npsn: str, pk: UUID) -> HttpResponse:
    plan = queries.get_plan_for_user(request.school, request.user, pk)
    require_perm(request, "lessons.view_plan", plan)
    response = HttpResponse(
        documents.plan_docx(plan),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(plan, "docx")}"'
    return response


@login_required
def export_pdf(request: SchoolHttpRequest, npsn: str, pk: UUID) -> HttpResponse:
    plan = queries.get_plan_for_user(request.school, request.user, pk)
    require_perm(request, "lessons.view_plan", plan)
    response = HttpResponse(documents.plan_pdf(plan), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(plan, "pdf")}"'
    return response


@login_required
def plan_import(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    """Last year's Modul Ajar (DOCX) becomes a plan, so nobody retypes it."""
    school = request.school
    require_perm(request, "lessons.create_plan", school)
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        templates=PlanTemplate.objects.filter(school=school, active=True),
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(documents.DOCX_MAX_BYTES + 1)
        try:
            plan = services.plan_import_docx(
                actor=request.user,
                school=school,
                template=form.cleaned_data["template"],
                data=data,
                title=form.cleaned_data["title"],
                filename=upload.name or "",
            )
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, _("The document was imported: check each section."))
            return redirect("lessons:plan", npsn, plan.pk)
    context = {
        "school": school,
        "form": form,
        "needs_defaults": not queries.templates_installed(school),
        "then": "import",
    }
    return render(request, "lessons/import.html", context)


# --- calibration -----------------------------------------------------------------------------


@login_required
def calibration(request: SchoolHttpRequest, npsn: str) -> HttpResponse:
    """The calibration examples: new reviewers score one and see how far they are from the
    reference review."""
    school, user = request.school, request.user
    require_perm(request, "lessons.view_plan", school)
    examples = list(queries.calibration_examples(school))
    mine = {
        r.plan_id: r for r in Review.objects.filter(school=school, reviewer=user, plan__in=examples)
    }
    rows = [(e, mine.get(e.pk)) for e in examples]
    context = {
        "school": school,
        "rows": rows,
        "can_practise": user.has_perm("lessons.practise", school),
    }
    return render(request, "lessons/calibration.html", context)


@login_required
@require_POST
def calibration_publish(request: SchoolHttpRequest, npsn: str, pk: UUID) -> HttpResponse:
    school = request.school
    plan = queries.get_plan_for_user(school, request.user, pk)
    require_perm(request, "lessons.calibrate", plan)
    try:
        reference = services.calibration_publish(actor=request.user, plan=plan)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect("lessons:plan", npsn, plan.pk)
    messages.success(request, _("The example was published: write its reference review now."))
    return redirect("lessons:review", npsn, reference.pk)


@login_required
@require_POST
def calibration_practise(request: SchoolHttpRequest, npsn: str, pk: UUID) -> HttpResponse:
    school = request.school
    example = queries.get_plan_for_user(school, request.user, pk)
    require_perm(request, "lessons.practise", example)
    try:
        review = services.calibration_start(actor=request.user, example=example)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect("lessons:calibration", npsn)
    return redirect("lessons:review", npsn, review.pk)

"""Every write of lesson plans: templates, rubrics, plans and sections with their revisions,
the review workflow, comments and community leaders' input.

Each function takes `actor=`, runs in one transaction, checks that foreign objects belong to the
plan's school, and records an audit entry. Concurrent saves: a section and a review carry their
`version` (a stale save is refused with code "conflict"); revision numbers and workflow steps
are taken with the plan's row locked.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kombel.accounts.models import User
from kombel.communities.models import Community
from kombel.core.audit import log_action
from kombel.core.uploads import photo_fitted, photo_jpeg, photo_open
from kombel.core.versioning import check_version
from kombel.lessons import defaults, notices
from kombel.lessons.enums import (
    EDITABLE,
    IMAGE_MAX_PER_PLAN,
    IMAGE_MAX_PX,
    REVIEWERS_MAX,
    SECTION_MAX_CHARS,
    CommentKind,
    PlanStatus,
    ReviewKind,
    ReviewStatus,
    SectionKind,
)
from kombel.lessons.models import (
    ApprovalDelegate,
    Comment,
    Criterion,
    LessonPlan,
    PlanAuthor,
    PlanImage,
    PlanSection,
    PlanTemplate,
    Review,
    Revision,
    Rubric,
    Transition,
)
from kombel.schools.enums import TEACHING_ROLES, Role
from kombel.schools.models import Membership, School, Subject


def _forbidden(message: str) -> ValidationError:
    return ValidationError(message, code="forbidden")


def _same_school(school: School, obj: Any, field: str) -> None:
    if obj is not None and getattr(obj, "school_id", None) != school.pk:
        raise ValidationError({field: _("This belongs to another school.")})


def _teachers(school: School, users: Iterable[User], field: str) -> list[User]:
    users = list(users)
    ids = set(
        Membership.objects.filter(
            school=school, role__in=TEACHING_ROLES, user__in=users
        ).values_list("user_id", flat=True)
    )
    if any(u.pk not in ids for u in users):
        raise ValidationError({field: _("Only teachers of this school can be chosen.")})
    return users


def _lock(plan: LessonPlan) -> LessonPlan:
    """The plan's row, locked until the transaction ends (revision numbers, workflow steps)."""
    return LessonPlan.objects.select_for_update().get(pk=plan.pk)


def _author_ids(plan: LessonPlan) -> set[Any]:
    return set(PlanAuthor.objects.filter(plan=plan).values_list("user_id", flat=True))


def _require_author(actor: User, plan: LessonPlan) -> None:
    if actor.pk not in _author_ids(plan):
        raise _forbidden(_("Only the plan's authors may do this."))


# --- templates and rubrics ------------------------------------------------------------------


def defaults_install(*, school: School, actor: User | None = None) -> None:
    """The shipped templates and rubrics, copied into the school once (idempotent; a school's
    own changes to them are kept)."""
    if PlanTemplate.objects.filter(school=school).exists():
        return
    with transaction.atomic():
        for spec in defaults.TEMPLATES:
            PlanTemplate.objects.get_or_create(
                school=school,
                key=spec["key"],
                defaults={
                    "name": spec["name"],
                    "description": spec["description"],
                    "sections": [_section_spec(s) for s in spec["sections"]],
                },
            )
        for rspec in defaults.RUBRICS:
            rubric, created = Rubric.objects.get_or_create(
                school=school, key=rspec["key"], defaults={"name": rspec["name"]}
            )
            if created:
                Criterion.objects.bulk_create(
                    Criterion(
                        school=school,
                        rubric=rubric,
                        order=i,
                        title=c["title"],
                        section_key=c["section_key"],
                        description=c["description"],
                        levels=[dict(level) for level in rspec["levels"]],
                    )
                    for i, c in enumerate(rspec["criteria"])
                )
        if actor is not None:
            log_action("lessons.template.created", actor=actor, school=school)


def _section_spec(spec: Any) -> dict[str, Any]:
    return {
        "key": spec["key"],
        "title": spec["title"],
        "kind": spec.get("kind", SectionKind.RICH),
        "group": spec.get("group", ""),
        "help": spec.get("help", ""),
        "options": list(spec.get("options", [])),
    }


def parse_sections(text: str) -> list[dict[str, Any]]:
    """A template's sections from lines "Part | Title | kind | help | option; option" (kind:
    rich, text or choices; only the title is needed). ValidationError naming the bad line."""
    sections: list[dict[str, Any]] = []
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")] + [""] * 5
        group, title, kind, help_text, options = parts[:5]
        if not title:
            group, title = "", group
        kind = kind or SectionKind.RICH
        if kind not in SectionKind.values:
            raise ValidationError(
                {
                    "sections": _("Line %(n)d: the kind must be rich, text or choices.")
                    % {"n": number}
                }
            )
        key = slugify(title).replace("-", "_")[:60] or f"bagian_{number}"
        while key in seen:
            key = f"{key}_{number}"[:60]
        seen.add(key)
        choice_list = [o.strip() for o in options.split(";") if o.strip()]
        if kind == SectionKind.CHOICES and not choice_list:
            raise ValidationError(
                {"sections": _("Line %(n)d: list the choices, separated by ;.") % {"n": number}}
            )
        sections.append(
            {
                "key": key,
                "title": title[:200],
                "kind": kind,
                "group": group[:120],
                "help": help_text[:300],
                "options": choice_list,
            }
        )
    if not sections:
        raise ValidationError({"sections": _("A template needs at least one section.")})
    return sections


def sections_text(sections: list[dict[str, Any]]) -> str:
    """The editable form of a template's sections (the inverse of parse_sections)."""
    lines = []
    for s in sections:
        options = "; ".join(s.get("options", []))
        lines.append(
            " | ".join(
                [s.get("group", ""), s["title"], s.get("kind", "rich"), s.get("help", ""), options]
            ).rstrip(" |")
        )
    return "\n".join(lines)


@transaction.atomic
def template_save(
    *,
    actor: User,
    school: School,
    name: str,
    sections: list[dict[str, Any]],
    description: str = "",
    active: bool = True,
    template: PlanTemplate | None = None,
    version: int | None = None,
) -> PlanTemplate:
    """Add a school's own template, or adjust one (plans made from it keep their sections).
    Section keys of an adjusted template are kept where the title stays the same."""
    if template is None:
        base = slugify(name)[:50] or "template"
        key, n = base, 1
        while PlanTemplate.objects.filter(school=school, key=key).exists():
            n += 1
            key = f"{base}-{n}"
        template = PlanTemplate(school=school, key=key)
        verb = "created"
    else:
        _same_school(school, template, "template")
        template = PlanTemplate.objects.select_for_update().get(pk=template.pk)
        check_version(template, version)
        old_keys = {s["title"]: s["key"] for s in template.sections}
        for s in sections:
            s["key"] = old_keys.get(s["title"], s["key"])
        template.version += 1
        verb = "updated"
    template.name = name.strip()
    template.description = description.strip()
    template.sections = sections
    template.active = active
    template.full_clean()
    template.save()
    log_action(f"lessons.template.{verb}", actor=actor, school=school, obj=template)
    return template


def parse_levels(text: str) -> list[dict[str, Any]]:
    """A criterion's levels from lines "4 | Sangat baik | descriptor", best first."""
    levels = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")] + ["", ""]
        try:
            score = int(parts[0])
        except ValueError:
            raise ValidationError(
                {"levels": _("Line %(n)d: start with the score, a whole number.") % {"n": number}}
            ) from None
        if score < 0 or score > 100:
            raise ValidationError(
                {"levels": _("Line %(n)d: a score from 0 to 100.") % {"n": number}}
            )
        levels.append({"score": score, "label": parts[1][:80], "descriptor": parts[2][:300]})
    if len(levels) < 2:
        raise ValidationError({"levels": _("A criterion needs at least two levels.")})
    if len({lv["score"] for lv in levels}) != len(levels):
        raise ValidationError({"levels": _("Two levels have the same score.")})
    return sorted(levels, key=lambda lv: -lv["score"])


def levels_text(levels: list[dict[str, Any]]) -> str:
    return "\n".join(f"{lv['score']} | {lv['label']} | {lv['descriptor']}" for lv in levels)


@transaction.atomic
def rubric_save(
    *,
    actor: User,
    school: School,
    name: str,
    active: bool = True,
    rubric: Rubric | None = None,
    version: int | None = None,
) -> Rubric:
    """Add a rubric to the school, or rename / (de)activate one."""
    if rubric is None:
        base = slugify(name)[:50] or "rubrik"
        key, n = base, 1
        while Rubric.objects.filter(school=school, key=key).exists():
            n += 1
            key = f"{base}-{n}"
        rubric = Rubric(school=school, key=key)
        verb = "created"
    else:
        _same_school(school, rubric, "rubric")
        rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
        check_version(rubric, version)
        rubric.version += 1
        verb = "updated"
    rubric.name = name.strip()
    rubric.active = active
    rubric.full_clean()
    rubric.save()
    log_action(f"lessons.rubric.{verb}", actor=actor, school=school, obj=rubric)
    return rubric


@transaction.atomic
def criterion_save(
    *,
    actor: User,
    rubric: Rubric,
    title: str,
    levels: list[dict[str, Any]],
    section_key: str = "",
    description: str = "",
    criterion: Criterion | None = None,
) -> Criterion:
    """Add a criterion to a rubric or change one. Reviews already submitted keep their totals."""
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    if criterion is None:
        last = rubric.criteria.order_by("-order").first()
        criterion = Criterion(
            school=rubric.school, rubric=rubric, order=(last.order + 1) if last else 0
        )
    elif criterion.rubric_id != rubric.pk:
        raise ValidationError({"criterion": _("This criterion belongs to another rubric.")})
    criterion.title = title.strip()
    criterion.section_key = section_key.strip()
    criterion.description = description.strip()
    criterion.levels = levels
    criterion.full_clean()
    criterion.save()
    rubric.version += 1
    rubric.save(update_fields=["version", "updated_at"])
    log_action("lessons.criterion.updated", actor=actor, school=rubric.school, obj=criterion)
    return criterion


@transaction.atomic
def criterion_delete(*, actor: User, criterion: Criterion) -> None:
    rubric = Rubric.objects.select_for_update().get(pk=criterion.rubric_id)
    if rubric.criteria.count() <= 1:
        raise ValidationError(_("A rubric keeps at least one criterion."))
    log_action("lessons.criterion.deleted", actor=actor, school=rubric.school, obj=criterion)
    criterion.delete()
    rubric.version += 1
    rubric.save(update_fields=["version", "updated_at"])


def default_rubric(school: School) -> Rubric | None:
    """The rubric new plans are reviewed with: the shipped *telaah* rubric while it is in use,
    else the school's first rubric in use."""
    rubrics = list(Rubric.objects.filter(school=school, active=True).order_by("name"))
    return next((r for r in rubrics if r.key == defaults.TELAAH["key"]), None) or next(
        iter(rubrics), None
    )


# --- plans, sections, revisions -------------------------------------------------------------


@transaction.atomic
def plan_create(
    *,
    actor: User,
    school: School,
    template: PlanTemplate,
    title: str,
    subject: Subject | None = None,
    grade: int | None = None,
    community: Community | None = None,
    co_authors: Sequence[User] = (),
    school_year: str = "",
    copy_from: LessonPlan | None = None,
) -> LessonPlan:
    """A new plan with the template's sections (empty), or a copy of another plan's content
    (e.g. an approved plan of the school, or last year's); the actor and `co_authors` write it."""
    _same_school(school, template, "template")
    _same_school(school, community, "community")
    _same_school(school, copy_from, "copy_from")
    authors = _teachers(school, [actor, *[u for u in co_authors if u.pk != actor.pk]], "co_authors")
    rubric = default_rubric(school)
    plan = LessonPlan(
        school=school,
        template=template,
        title=title.strip(),
        subject=subject,
        grade=grade,
        community=community,
        school_year=school_year.strip(),
        created_by=actor,
        rubric=rubric,
    )
    plan.full_clean()
    plan.save()
    PlanAuthor.objects.bulk_create(PlanAuthor(school=school, plan=plan, user=u) for u in authors)
    if copy_from is not None:
        specs = [
            {
                "key": s.key,
                "title": s.title,
                "kind": s.kind,
                "group": s.group,
                "help": s.help,
                "options": s.options,
                "content": s.content,
            }
            for s in copy_from.sections.all()
        ]
    else:
        specs = [{**s, "content": ""} for s in template.sections]
    PlanSection.objects.bulk_create(
        PlanSection(
            school=school,
            plan=plan,
            key=s["key"],
            title=s["title"],
            kind=s.get("kind", SectionKind.RICH),
            group=s.get("group", ""),
            help=s.get("help", ""),
            options=s.get("options", []),
            order=i,
            content=s["content"],
            updated_by=actor,
        )
        for i, s in enumerate(specs)
    )
    if copy_from is not None:
        _record_revision(
            plan, actor, note=_("Copied from “%(title)s”") % {"title": copy_from.title}
        )
    log_action(
        "lessons.plan.created",
        actor=actor,
        school=school,
        obj=plan,
        data={"authors": len(authors), "copy_from": str(copy_from.pk) if copy_from else ""},
    )
    return plan


@transaction.atomic
def plan_update(
    *,
    actor: User,
    plan: LessonPlan,
    title: str,
    subject: Subject | None,
    grade: int | None,
    community: Community | None,
    co_authors: Sequence[User],
    school_year: str = "",
    version: int | None = None,
) -> LessonPlan:
    """Change a plan's identity and its authors (the actor stays one)."""
    school = plan.school
    _same_school(school, community, "community")
    locked = _lock(plan)
    check_version(locked, version)
    _require_author(actor, locked)
    authors = _teachers(school, [actor, *[u for u in co_authors if u.pk != actor.pk]], "co_authors")
    locked.title = title.strip()
    locked.subject = subject
    locked.grade = grade
    locked.community = community
    locked.school_year = school_year.strip()
    locked.version += 1
    locked.full_clean()
    locked.save()
    keep = {u.pk for u in authors}
    PlanAuthor.objects.filter(plan=locked).exclude(user_id__in=keep).delete()
    have = _author_ids(locked)
    PlanAuthor.objects.bulk_create(
        PlanAuthor(school=school, plan=locked, user=u) for u in authors if u.pk not in have
    )
    log_action("lessons.plan.updated", actor=actor, school=school, obj=locked)
    return locked


def _snapshot(plan: LessonPlan) -> dict[str, str]:
    return dict(PlanSection.objects.filter(plan=plan).values_list("key", "content"))


def _record_revision(
    plan: LessonPlan,
    actor: User | None,
    *,
    section_key: str = "",
    note: str = "",
    restored_from: Revision | None = None,
) -> Revision:
    """A new revision with the plan's content now (call with the plan's row locked)."""
    last = (
        Revision.objects.filter(plan=plan)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    revision = Revision(
        school=plan.school,
        plan=plan,
        number=(last or 0) + 1,
        author=actor,
        section_key=section_key,
        note=note[:200],
        content=_snapshot(plan),
        restored_from=restored_from,
    )
    revision.save()
    LessonPlan.objects.filter(pk=plan.pk).update(updated_at=timezone.now())
    return revision


def _clean_content(section: PlanSection, content: str) -> str:
    content = content.replace("\r\n", "\n").rstrip()
    if len(content) > SECTION_MAX_CHARS:
        raise ValidationError(
            {
                "content": _("This section is too long (at most %(n)s characters).")
                % {"n": f"{SECTION_MAX_CHARS:,}".replace(",", ".")}
            }
        )
    if section.kind == SectionKind.TEXT:
        content = " ".join(content.split())[:500]
    elif section.kind == SectionKind.CHOICES:
        chosen = [line.strip() for line in content.splitlines() if line.strip()]
        unknown = [c for c in chosen if c not in section.options]
        if unknown:
            raise ValidationError({"content": _("Choose among the options offered.")})
        content = "\n".join(o for o in section.options if o in chosen)
    return content


@transaction.atomic
def section_save(
    *, actor: User, section: PlanSection, content: str, version: int | str | None
) -> Revision | None:
    """Save one section; a save that changes it records a revision (None when nothing
    changed). Refused with code "conflict" when someone saved the section since `version`,
    unless the section already holds this very text (a double tap, a save sent again after the
    connection dropped): nothing of anyone's is lost then, nothing changes."""
    plan = _lock(section.plan)
    _require_author(actor, plan)
    if plan.status not in EDITABLE:
        raise ValidationError(
            _("The plan is %(status)s: it cannot be changed now.")
            % {"status": plan.get_status_display().lower()}
        )
    current = PlanSection.objects.select_for_update().get(pk=section.pk)
    content = _clean_content(current, content)
    if content == current.content:
        return None
    check_version(current, version)
    current.content = content
    current.version += 1
    current.updated_by = actor
    current.save(update_fields=["content", "version", "updated_by", "updated_at"])
    revision = _record_revision(plan, actor, section_key=current.key)
    log_action(
        "lessons.section.updated",
        actor=actor,
        school=plan.school,
        obj=plan,
        data={"section": current.key, "revision": revision.number},
    )
    return revision


@transaction.atomic
def revision_restore(*, actor: User, plan: LessonPlan, revision: Revision) -> Revision:
    """Bring back an old revision's content as a new revision (nothing is lost: the newer
    revisions stay)."""
    if revision.plan_id != plan.pk:
        raise ValidationError({"revision": _("This revision belongs to another plan.")})
    plan = _lock(plan)
    _require_author(actor, plan)
    if plan.status not in EDITABLE:
        raise ValidationError(
            _("The plan is %(status)s: it cannot be changed now.")
            % {"status": plan.get_status_display().lower()}
        )
    changed = 0
    for section in PlanSection.objects.select_for_update().filter(plan=plan):
        old = revision.content.get(section.key)
        if old is not None and old != section.content:
            section.content = old
            section.version += 1
            section.updated_by = actor
            section.save(update_fields=["content", "version", "updated_by", "updated_at"])
            changed += 1
    new = _record_revision(
        plan,
        actor,
        note=_("Restored from revision %(n)d") % {"n": revision.number},
        restored_from=revision,
    )
    log_action(
        "lessons.revision.restored",
        actor=actor,
        school=plan.school,
        obj=plan,
        data={"from": revision.number, "revision": new.number, "sections": changed},
    )
    return new


# --- images in rich text ---------------------------------------------------------------------


def _markdown_alt(text: str) -> str:
    return " ".join(text.replace("[", "(").replace("]", ")").split())[:200]


@transaction.atomic
def section_image_add(
    *,
    actor: User,
    section: PlanSection,
    upload: Any,
    alt: str = "",
    version: int | str | None = None,
) -> tuple[PlanImage, Revision]:
    """An author adds an image to a rich-text section: resized for phones (`photo_jpeg`) and
    appended to the section's text as `![description](its address)`, recorded as a revision.
    Refused with code "conflict" when the section was saved since `version` (the author's
    unsaved text is not overwritten: save it first)."""
    plan = _lock(section.plan)
    _require_author(actor, plan)
    if plan.status not in EDITABLE:
        raise ValidationError(
            _("The plan is %(status)s: it cannot be changed now.")
            % {"status": plan.get_status_display().lower()}
        )
    current = PlanSection.objects.select_for_update().get(pk=section.pk)
    if current.kind != SectionKind.RICH:
        raise ValidationError({"image": _("Images go into a section of running text.")})
    check_version(current, version)
    if PlanImage.objects.filter(plan=plan).count() >= IMAGE_MAX_PER_PLAN:
        raise ValidationError(
            {"image": _("A plan holds at most %(n)d images.") % {"n": IMAGE_MAX_PER_PLAN}}
        )
    photo = photo_fitted(photo_open(upload, field="image"), IMAGE_MAX_PX)
    data, (width, height) = photo_jpeg(photo, max_px=None), photo.size
    alt = _markdown_alt(alt) or _("Image")
    image = PlanImage(
        school=plan.school,
        plan=plan,
        section_key=current.key,
        width=width,
        height=height,
        alt=alt,
        uploaded_by=actor,
    )
    line = f"![{alt}]({image.get_absolute_url()})"
    content = f"{current.content.rstrip()}\n\n{line}".strip()
    if len(content) > SECTION_MAX_CHARS:
        raise ValidationError({"image": _("This section is too long to add an image to.")})
    image.image.save(data.name or "image.jpg", data, save=False)
    image.full_clean()
    image.save()
    current.content = content
    current.version += 1
    current.updated_by = actor
    current.save(update_fields=["content", "version", "updated_by", "updated_at"])
    revision = _record_revision(plan, actor, section_key=current.key, note=_("Image added"))
    log_action(
        "lessons.image.added",
        actor=actor,
        school=plan.school,
        obj=plan,
        data={"section": current.key, "revision": revision.number, "image": str(image.pk)},
    )
    return image, revision


# --- workflow -------------------------------------------------------------------------------


def _transition(plan: LessonPlan, to: str, actor: User | None, note: str = "") -> Transition:
    step = Transition.objects.create(
        school=plan.school,
        plan=plan,
        from_status=plan.status,
        to_status=to,
        actor=actor,
        note=note[:300],
    )
    plan.status = to
    plan.status_changed_at = step.created_at
    plan.version += 1
    plan.save(update_fields=["status", "status_changed_at", "version", "round", "updated_at"])
    log_action(
        "lessons.plan.status_changed",
        actor=actor,
        school=plan.school,
        obj=plan,
        data={"from": step.from_status, "to": to},
    )
    return step


def latest_revision(plan: LessonPlan) -> Revision | None:
    return Revision.objects.filter(plan=plan).order_by("-number").first()


@transaction.atomic
def plan_submit(*, actor: User, plan: LessonPlan, note: str = "") -> LessonPlan:
    """The authors hand the plan in for review (again, after revising: a new round, given to
    the same reviewers on the new revision)."""
    plan = _lock(plan)
    _require_author(actor, plan)
    if plan.status not in EDITABLE:
        raise ValidationError(_("Only a draft or a reviewed plan can be submitted."))
    revision = latest_revision(plan)
    if revision is None:
        raise ValidationError(_("Write at least one section before submitting the plan."))
    previous = list(
        Review.objects.filter(plan=plan, round=plan.round, kind=ReviewKind.PEER).select_related(
            "reviewer"
        )
    )
    plan.round += 1
    authors = _author_ids(plan)
    again = [r.reviewer for r in previous if r.reviewer_id not in authors]
    if again:
        _transition(plan, PlanStatus.SUBMITTED, actor, note)
        reviews = _assign(plan, again, actor, revision)
        _transition(plan, PlanStatus.IN_REVIEW, actor, _("Resubmitted to the same reviewers"))
        notices.reviewers_assigned(reviews, actor=actor, again=True)
    else:
        _transition(plan, PlanStatus.SUBMITTED, actor, note)
        notices.plan_submitted(plan, actor=actor)
    return plan


def _assign(
    plan: LessonPlan, reviewers: Sequence[User], actor: User | None, revision: Revision
) -> list[Review]:
    rubric = plan.rubric
    if rubric is None:
        rubric = default_rubric(plan.school)
        if rubric is None:
            raise ValidationError(_("The school has no review rubric yet."))
        plan.rubric = rubric
        plan.save(update_fields=["rubric", "updated_at"])
    reviews = []
    for reviewer in reviewers:
        try:
            with transaction.atomic():
                review = Review.objects.create(
                    school=plan.school,
                    plan=plan,
                    reviewer=reviewer,
                    revision=revision,
                    round=plan.round,
                    rubric=rubric,
                    assigned_by=actor,
                )
        except IntegrityError:
            continue  # assigned already in this round (a double click, a race)
        reviews.append(review)
        log_action(
            "lessons.review.assigned",
            actor=actor,
            school=plan.school,
            obj=review,
            data={"reviewer": str(reviewer.pk), "revision": revision.number},
        )
    return reviews


def reviewer_candidates(plan: LessonPlan) -> list[User]:
    """Who may review the plan: the members of its community (the school's teachers when it
    has none), never an author, those with the fewest open reviews in the school first."""
    school = plan.school
    if plan.community_id is not None:
        community = Community.objects.get(pk=plan.community_id)
        ids = set(community.memberships.values_list("user_id", flat=True)) | {
            community.facilitator_id
        }
    else:
        ids = set(
            Membership.objects.filter(school=school, role__in=TEACHING_ROLES).values_list(
                "user_id", flat=True
            )
        )
    ids -= _author_ids(plan)
    return list(
        User.objects.filter(pk__in=ids, is_active=True)
        .annotate(
            load=Count(
                "lesson_reviews",
                filter=Q(
                    lesson_reviews__school=school,
                    lesson_reviews__status=ReviewStatus.ASSIGNED,
                    lesson_reviews__kind=ReviewKind.PEER,
                ),
            )
        )
        .order_by("load", "full_name", "pk")
    )


@transaction.atomic
def reviewers_assign(
    *,
    actor: User,
    plan: LessonPlan,
    reviewers: Sequence[User] | None = None,
    count: int | None = None,
) -> list[Review]:
    """Give the submitted plan its reviewers: those chosen (by the facilitator), or
    automatically `count` (the plan's `reviewers_needed`) of the candidates with the least
    load. Never an author; the plan moves to "in review"."""
    plan = _lock(plan)
    if plan.status not in (PlanStatus.SUBMITTED, PlanStatus.IN_REVIEW):
        raise ValidationError(_("Reviewers are assigned to a submitted plan."))
    authors = _author_ids(plan)
    if reviewers is None:
        needed = count or plan.reviewers_needed
        taken = set(
            Review.objects.filter(plan=plan, round=plan.round, kind=ReviewKind.PEER).values_list(
                "reviewer_id", flat=True
            )
        )
        candidates = [u for u in reviewer_candidates(plan) if u.pk not in taken]
        reviewers = candidates[: max(needed - len(taken), 0)]
        if not reviewers and not taken:
            raise ValidationError(_("There is nobody who could review this plan."))
    else:
        if any(u.pk in authors for u in reviewers):
            raise _forbidden(_("An author cannot review their own plan."))
        _teachers(plan.school, reviewers, "reviewers")
    revision = latest_revision(plan)
    if revision is None:  # a submitted plan has one; a plan emptied by hand has not
        raise ValidationError(_("Write at least one section before submitting the plan."))
    reviews = _assign(plan, reviewers, actor, revision)
    if plan.status == PlanStatus.SUBMITTED:
        _transition(plan, PlanStatus.IN_REVIEW, actor)
    notices.reviewers_assigned(reviews, actor=actor, again=False)
    return reviews


@transaction.atomic
def plan_reviewers_needed_set(
    *, actor: User, plan: LessonPlan, needed: int, version: int | None = None
) -> LessonPlan:
    """How many submitted reviews a plan needs before approval (the facilitator or the
    principal). From 1 to REVIEWERS_MAX, and no more than the school's teachers who did not write
    it. A plan in review whose reviews are all in with the new number becomes "reviewed"."""
    plan = _lock(plan)
    if not actor.has_perm("lessons.manage", plan):
        raise _forbidden(_("Only the facilitators and the principal decide this."))
    check_version(plan, version)
    if plan.status == PlanStatus.APPROVED:
        raise ValidationError(
            {"reviewers_needed": _("The plan is approved: its reviews are done.")}
        )
    if not 1 <= needed <= REVIEWERS_MAX:
        raise ValidationError(
            {"reviewers_needed": _("Choose from 1 to %(max)d reviewers.") % {"max": REVIEWERS_MAX}}
        )
    possible = (
        Membership.objects.filter(school=plan.school, role__in=TEACHING_ROLES, user__is_active=True)
        .exclude(user_id__in=_author_ids(plan))
        .values("user_id")
        .distinct()
        .count()
    )
    if needed > possible:
        raise ValidationError(
            {
                "reviewers_needed": _(
                    "Only %(n)d teachers of the school could review this plan: choose at most "
                    "that many."
                )
                % {"n": possible}
            }
        )
    old = plan.reviewers_needed
    if needed == old:
        return plan
    plan.reviewers_needed = needed
    plan.version += 1
    plan.save(update_fields=["reviewers_needed", "version", "updated_at"])
    log_action(
        "lessons.plan.updated",
        actor=actor,
        school=plan.school,
        obj=plan,
        data={"reviewers_needed": [old, needed]},
    )
    if plan.status == PlanStatus.IN_REVIEW:
        round_reviews = Review.objects.filter(plan=plan, round=plan.round, kind=ReviewKind.PEER)
        done = round_reviews.filter(status=ReviewStatus.SUBMITTED).count()
        open_ = round_reviews.filter(status=ReviewStatus.ASSIGNED).count()
        if open_ == 0 and done >= needed:
            _transition(plan, PlanStatus.REVIEWED, actor, _("Every review is in"))
            notices.plan_reviewed(plan, actor=actor)
    return plan


def _validate_scores(review: Review, scores: dict[str, Any], complete: bool) -> dict[str, int]:
    criteria = {str(c.pk): c for c in review.rubric.criteria.all()}
    clean: dict[str, int] = {}
    for key, value in scores.items():
        if value in (None, ""):
            continue
        criterion = criteria.get(str(key))
        if criterion is None:
            raise ValidationError({"scores": _("A score was given for an unknown criterion.")})
        try:
            score = int(value)
        except (TypeError, ValueError):
            raise ValidationError({"scores": _("A score must be one of the levels.")}) from None
        if score not in criterion.scores:
            raise ValidationError({"scores": _("A score must be one of the levels.")})
        clean[str(key)] = score
    if complete and set(clean) != set(criteria):
        raise ValidationError({"scores": _("Score every criterion before submitting.")})
    return clean


@transaction.atomic
def review_save(
    *,
    actor: User,
    review: Review,
    scores: dict[str, Any],
    summary: str = "",
    comments: dict[str, str] | None = None,
    submit: bool = False,
    version: int | str | None = None,
) -> Review:
    """The reviewer scores the rubric and comments per section (kept as a draft until
    submitted). The last needed review of the round moves the plan to "reviewed"."""
    plan = _lock(review.plan)
    current = Review.objects.select_for_update().select_related("rubric").get(pk=review.pk)
    if current.reviewer_id != actor.pk:
        raise _forbidden(_("Only the assigned reviewer may write this review."))
    if actor.pk in _author_ids(plan):
        raise _forbidden(_("An author cannot review their own plan."))
    if current.status == ReviewStatus.SUBMITTED:
        raise ValidationError(_("This review was submitted already."))
    check_version(current, version)
    section_keys = set(PlanSection.objects.filter(plan=plan).values_list("key", flat=True))
    current.scores = _validate_scores(current, scores, complete=submit)
    criteria = list(current.rubric.criteria.all())
    current.total = sum(current.scores.values())
    current.maximum = sum(c.max_score for c in criteria)
    current.summary = summary.strip()
    current.version += 1
    for key, text in (comments or {}).items():
        if key not in section_keys and key != "":
            raise ValidationError({"comments": _("A comment names a section the plan lacks.")})
        text = text.strip()
        existing = Comment.objects.filter(review=current, section_key=key).first()
        if existing is not None and not text:
            existing.delete()
        elif existing is not None:
            existing.text = text
            existing.save(update_fields=["text", "updated_at"])
        elif text:
            Comment.objects.create(
                school=plan.school,
                plan=plan,
                review=current,
                author=actor,
                kind=CommentKind.REVIEW,
                section_key=key,
                text=text,
                revision=current.revision,
            )
    if submit:
        current.status = ReviewStatus.SUBMITTED
        current.submitted_at = timezone.now()
    current.full_clean()
    current.save()
    log_action(
        "lessons.review.submitted" if submit else "lessons.review.updated",
        actor=actor,
        school=plan.school,
        obj=current,
        data={"total": current.total, "maximum": current.maximum},
    )
    if submit:
        notices.review_submitted(current, actor=actor)
    if submit and current.kind == ReviewKind.PEER and plan.status == PlanStatus.IN_REVIEW:
        round_reviews = Review.objects.filter(plan=plan, round=plan.round, kind=ReviewKind.PEER)
        done = round_reviews.filter(status=ReviewStatus.SUBMITTED).count()
        open_ = round_reviews.filter(status=ReviewStatus.ASSIGNED).count()
        if open_ == 0 and done >= plan.reviewers_needed:
            _transition(plan, PlanStatus.REVIEWED, actor, _("Every review is in"))
            notices.plan_reviewed(plan, actor=actor)
    return current


@transaction.atomic
def review_mark_helpful(*, actor: User, review: Review, helpful: bool = True) -> Review:
    """An author tells the reviewer (and the facilitator) the review helped."""
    _require_author(actor, review.plan)
    if review.status != ReviewStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted review can be marked."))
    review = Review.objects.select_for_update().get(pk=review.pk)
    review.helpful = helpful
    review.save(update_fields=["helpful", "updated_at"])
    log_action(
        "lessons.review.marked",
        actor=actor,
        school=review.school,
        obj=review,
        data={"helpful": helpful},
    )
    return review


def reviews_missing(plan: LessonPlan) -> int:
    """How many submitted reviews of the current round the plan still lacks for approval."""
    done = Review.objects.filter(
        plan=plan, round=plan.round, kind=ReviewKind.PEER, status=ReviewStatus.SUBMITTED
    ).count()
    return max(plan.reviewers_needed - done, 0) if plan.round else plan.reviewers_needed


@transaction.atomic
def plan_approve(*, actor: User, plan: LessonPlan, note: str = "") -> LessonPlan:
    """The principal (or a delegated facilitator) approves a plan whose reviews are in."""
    plan = _lock(plan)
    if not actor.has_perm("lessons.approve_plan", plan):
        raise _forbidden(_("Only the principal or a delegated facilitator approves plans."))
    if actor.pk in _author_ids(plan):
        raise _forbidden(_("An author cannot approve their own plan."))
    if plan.status not in (PlanStatus.IN_REVIEW, PlanStatus.REVIEWED):
        raise ValidationError(_("Only a plan in review can be approved."))
    missing = reviews_missing(plan)
    if missing:
        raise ValidationError(
            _("The plan still needs %(n)d submitted review(s) before it can be approved.")
            % {"n": missing}
        )
    _transition(plan, PlanStatus.APPROVED, actor, note)
    notices.plan_approved(plan, actor=actor, note=note.strip())
    return plan


@transaction.atomic
def plan_return(*, actor: User, plan: LessonPlan, note: str) -> LessonPlan:
    """The approver sends a reviewed plan back to its authors to revise, with a reason."""
    plan = _lock(plan)
    if not actor.has_perm("lessons.approve_plan", plan):
        raise _forbidden(_("Only the principal or a delegated facilitator approves plans."))
    if plan.status not in (PlanStatus.IN_REVIEW, PlanStatus.REVIEWED, PlanStatus.APPROVED):
        raise ValidationError(_("Only a plan in review or approved can be sent back."))
    if not note.strip():
        raise ValidationError({"note": _("Say what the authors should revise.")})
    _transition(plan, PlanStatus.REVIEWED, actor, note.strip())
    notices.plan_returned(plan, actor=actor, note=note.strip())
    return plan


@transaction.atomic
def delegate_set(*, actor: User, school: School, user: User, on: bool) -> None:
    """The principal lets a facilitator approve plans (or takes it back)."""
    if not Membership.objects.filter(school=school, user=user, role=Role.FACILITATOR).exists():
        raise ValidationError(
            {"user": _("Only a facilitator of this school can approve in the principal's place.")}
        )
    if on:
        ApprovalDelegate.objects.get_or_create(
            school=school, user=user, defaults={"granted_by": actor}
        )
    else:
        ApprovalDelegate.objects.filter(school=school, user=user).delete()
    log_action("lessons.delegate.set", actor=actor, school=school, obj=user, data={"on": on})


# --- comments and community leaders' input --------------------------------------------------


@transaction.atomic
def comment_add(*, actor: User, plan: LessonPlan, text: str, section_key: str = "") -> Comment:
    """A comment on the plan (members of the community, reviewers, authors), anchored to a
    section or to the whole plan."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the comment.")})
    if section_key and not PlanSection.objects.filter(plan=plan, key=section_key).exists():
        raise ValidationError({"section_key": _("The plan has no such section.")})
    comment = Comment(
        school=plan.school,
        plan=plan,
        author=actor,
        kind=CommentKind.DISCUSSION,
        section_key=section_key,
        text=text,
        revision=latest_revision(plan),
    )
    comment.full_clean()
    comment.save()
    log_action("lessons.comment.added", actor=actor, school=plan.school, obj=plan)
    return comment


@transaction.atomic
def local_input_add(
    *,
    actor: User,
    plan: LessonPlan,
    leader: User,
    text: str,
    section_key: str | None = None,
    source_ref: str = "",
) -> Comment:
    """A community leader's input on the plan's local relevance: a comment of its own kind,
    shown to everyone who reads the plan. `actor` is the leader, or whoever records the input
    for them (an author, a facilitator, the principal); `source_ref` names where it came from
    (e.g. the participation app's invitation)."""
    school = plan.school
    if not Membership.objects.filter(
        school=school, user=leader, role=Role.COMMUNITY_LEADER
    ).exists():
        raise ValidationError(
            {"leader": _("Only a community leader of this school gives local input.")}
        )
    if actor.pk != leader.pk and not (
        actor.pk in _author_ids(plan) or actor.has_perm("lessons.manage", plan)
    ):
        raise _forbidden(_("You may not record input for someone else."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the input.")})
    key = section_key or ""
    if key and not PlanSection.objects.filter(plan=plan, key=key).exists():
        raise ValidationError({"section_key": _("The plan has no such section.")})
    comment = Comment(
        school=school,
        plan=plan,
        author=leader,
        kind=CommentKind.LOCAL,
        section_key=key,
        text=text,
        revision=latest_revision(plan),
        source_ref=source_ref[:200],
    )
    comment.full_clean()
    comment.save()
    log_action(
        "lessons.local_input.added",
        actor=actor,
        school=school,
        obj=plan,
        data={"leader": str(leader.pk)},
    )
    return comment


@transaction.atomic
def local_input_accept(*, actor: User, comment: Comment, section_key: str) -> Revision:
    """An author takes a community leader's input into a section: the text is added at the end
    of the section as a quotation naming the leader, recorded as a new revision."""
    if comment.kind != CommentKind.LOCAL:
        raise ValidationError(_("Only local-relevance input can be taken into the plan."))
    if comment.accepted_at is not None:
        raise ValidationError(_("This input was taken into the plan already."))
    plan = _lock(comment.plan)
    _require_author(actor, plan)
    if plan.status not in EDITABLE:
        raise ValidationError(
            _("The plan is %(status)s: it cannot be changed now.")
            % {"status": plan.get_status_display().lower()}
        )
    section = PlanSection.objects.select_for_update().filter(plan=plan, key=section_key).first()
    if section is None:
        raise ValidationError({"section_key": _("The plan has no such section.")})
    if section.kind != SectionKind.RICH:
        raise ValidationError({"section_key": _("Choose a section of running text.")})
    quote = "\n".join(f"> {line}" if line.strip() else ">" for line in comment.text.splitlines())
    addition = f"{quote}\n>\n> — {comment.author.get_full_name() or comment.author.get_username()}"
    section.content = f"{section.content.rstrip()}\n\n{addition}".strip()
    section.version += 1
    section.updated_by = actor
    section.save(update_fields=["content", "version", "updated_by", "updated_at"])
    revision = _record_revision(
        plan, actor, section_key=section.key, note=_("Community leader's input taken in")
    )
    comment.accepted_at = timezone.now()
    comment.accepted_by = actor
    comment.accepted_revision = revision
    comment.section_key = section.key
    comment.save(
        update_fields=[
            "accepted_at",
            "accepted_by",
            "accepted_revision",
            "section_key",
            "updated_at",
        ]
    )
    log_action(
        "lessons.local_input.accepted",
        actor=actor,
        school=plan.school,
        obj=plan,
        data={"section": section.key, "revision": revision.number},
    )
    return revision


# --- DOCX import ----------------------------------------------------------------------------


@transaction.atomic
def plan_import_docx(
    *,
    actor: User,
    school: School,
    template: PlanTemplate,
    data: bytes,
    title: str = "",
    filename: str = "",
) -> LessonPlan:
    """A teacher's existing Modul Ajar (DOCX) becomes a plan: headings that name a section of
    the template fill it; what maps to no section is kept in a section of its own ("Lainnya").
    One revision holds the imported content."""
    from kombel.lessons.documents import DOCX_MAX_BYTES, read_docx

    if len(data) > DOCX_MAX_BYTES:
        raise ValidationError(
            {
                "file": _("The file is too large (at most %(mb)d MB).")
                % {"mb": DOCX_MAX_BYTES // 2**20}
            }
        )
    _same_school(school, template, "template")
    sections = [
        PlanSection(key=s["key"], title=s["title"], kind=s.get("kind", SectionKind.RICH))
        for s in template.sections
    ]
    try:
        imported = read_docx(data, sections)
    except Exception:  # any unreadable upload is the same bad input
        raise ValidationError(
            {"file": _("This is not a Word document (.docx) Kombel can read.")}
        ) from None
    name = (title or imported.title or filename.rsplit(".", 1)[0] or _("Imported plan")).strip()
    plan = plan_create(actor=actor, school=school, template=template, title=name[:200])
    filled = 0
    for section in PlanSection.objects.filter(plan=plan):
        text = imported.text(section.key)
        if not text:
            continue
        if section.kind == SectionKind.CHOICES:
            chosen = [o for o in section.options if _norm_text(o) in _norm_text(text)]
            text = "\n".join(chosen)
        elif section.kind == SectionKind.TEXT:
            text = " ".join(text.split())[:500]
        section.content = text[:SECTION_MAX_CHARS]
        section.save(update_fields=["content", "updated_at"])
        filled += 1
    if imported.unmatched:
        last = PlanSection.objects.filter(plan=plan).order_by("-order").first()
        PlanSection.objects.create(
            school=school,
            plan=plan,
            key="lainnya",
            title=_("Other (imported)"),
            kind=SectionKind.RICH,
            group=_("Other"),
            order=(last.order + 1) if last else 0,
            content="\n\n".join(imported.unmatched)[:SECTION_MAX_CHARS],
            updated_by=actor,
        )
    locked = _lock(plan)
    _record_revision(locked, actor, note=_("Imported from %(file)s") % {"file": filename or "DOCX"})
    log_action(
        "lessons.plan.imported",
        actor=actor,
        school=school,
        obj=plan,
        data={"sections": filled, "unmatched": len(imported.unmatched)},
    )
    return plan


def _norm_text(text: str) -> str:
    return " ".join(text.lower().split())


# --- calibration (as in Moodle's Workshop) --------------------------------------------------


@transaction.atomic
def calibration_publish(*, actor: User, plan: LessonPlan) -> Review:
    """The facilitator publishes a copy of a plan as a calibration example and is asked for its
    reference review (returned, to be written like any review). New reviewers then score the
    example and see how far they are from the reference."""
    if actor.pk in _author_ids(plan):
        raise _forbidden(_("Choose a plan you did not write: you write its reference review."))
    authors = list(User.objects.filter(lesson_authorships__plan=plan).order_by("full_name"))
    example = plan_create(
        actor=authors[0],
        school=plan.school,
        template=plan.template,
        title=plan.title,
        subject=plan.subject,
        grade=plan.grade,
        co_authors=authors[1:],
        school_year=plan.school_year,
        copy_from=plan,
    )
    example.is_example = True
    example.created_by = actor
    example.round = 1
    example.save(update_fields=["is_example", "created_by", "round", "updated_at"])
    revision = latest_revision(example)
    if revision is None:
        raise ValidationError(_("Write at least one section before submitting the plan."))
    rubric = example.rubric or default_rubric(plan.school)
    if rubric is None:
        raise ValidationError(_("The school has no review rubric yet."))
    reference = Review.objects.create(
        school=plan.school,
        plan=example,
        reviewer=actor,
        kind=ReviewKind.REFERENCE,
        revision=revision,
        rubric=rubric,
        assigned_by=actor,
    )
    log_action("lessons.plan.shared", actor=actor, school=plan.school, obj=example)
    return reference


@transaction.atomic
def calibration_start(*, actor: User, example: LessonPlan) -> Review:
    """A reviewer's exercise on a calibration example (the same one when they started already)."""
    if not example.is_example:
        raise ValidationError(_("This plan is not a calibration example."))
    if actor.pk in _author_ids(example):
        raise _forbidden(_("An author cannot review their own plan."))
    existing = Review.objects.filter(plan=example, reviewer=actor).first()
    if existing is not None:
        return existing
    reference = Review.objects.filter(plan=example, kind=ReviewKind.REFERENCE).first()
    if reference is None or reference.status != ReviewStatus.SUBMITTED:
        raise ValidationError(_("The reference review of this example is not written yet."))
    review, _created = Review.objects.get_or_create(
        school=example.school,
        plan=example,
        reviewer=actor,
        round=1,
        kind=ReviewKind.CALIBRATION,
        defaults={"revision": reference.revision, "rubric": reference.rubric},
    )
    log_action("lessons.review.assigned", actor=actor, school=example.school, obj=review)
    return review

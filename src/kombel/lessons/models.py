"""Lesson plans (RPP / Modul Ajar) written together, their revisions, and their peer review."""

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kombel.communities.models import Community
from kombel.core.managers import ScopedManager
from kombel.core.models import BaseModel, VersionedModel
from kombel.lessons.enums import (
    CommentKind,
    PlanStatus,
    ReviewKind,
    ReviewStatus,
    SectionKind,
)
from kombel.schools.enums import Grade
from kombel.schools.models import School, Subject


class PlanTemplate(VersionedModel):
    """A school's template of typed sections (a copy of a shipped one, or its own).

    `sections`: [{"key", "title", "kind", "group", "help", "options"}] (see defaults.SectionSpec).
    """

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    key = models.SlugField(_("key"), max_length=60)
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)
    sections = models.JSONField(_("sections"), default=list)
    active = models.BooleanField(_("offered for new plans"), default=True)

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "key"], name="lessons_template_unique_key")
        ]
        verbose_name = _("plan template")
        verbose_name_plural = _("plan templates")

    def __str__(self) -> str:
        return self.name


class Rubric(VersionedModel):
    """A school's review rubric: criteria (tied to sections) each scored on its levels."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    key = models.SlugField(_("key"), max_length=60)
    name = models.CharField(_("name"), max_length=120)
    active = models.BooleanField(_("in use"), default=True)

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "key"], name="lessons_rubric_unique_key")
        ]
        verbose_name = _("review rubric")
        verbose_name_plural = _("review rubrics")

    def __str__(self) -> str:
        return self.name


class Criterion(BaseModel):
    """One criterion of a rubric. `levels`: [{"score", "label", "descriptor"}], best first."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("criterion"), max_length=200)
    section_key = models.CharField(_("section"), max_length=60, blank=True)
    description = models.TextField(_("description"), blank=True)
    levels = models.JSONField(_("levels"), default=list)

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return self.title

    @property
    def max_score(self) -> int:
        return max((int(level["score"]) for level in self.levels), default=0)

    @property
    def scores(self) -> list[int]:
        return [int(level["score"]) for level in self.levels]


class LessonPlan(VersionedModel):
    """A lesson plan written by one or more authors, optionally in a community."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    template = models.ForeignKey(
        PlanTemplate, on_delete=models.PROTECT, related_name="plans", verbose_name=_("template")
    )
    title = models.CharField(_("title"), max_length=200)
    subject = models.ForeignKey(
        Subject, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("subject")
    )
    grade = models.PositiveSmallIntegerField(
        _("grade"), null=True, blank=True, choices=Grade.choices
    )
    phase = models.CharField(_("phase"), max_length=2, default="D")
    school_year = models.CharField(_("school year"), max_length=9, blank=True)
    community = models.ForeignKey(
        Community,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lesson_plans",
        verbose_name=_("learning community"),
    )
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="PlanAuthor",
        related_name="lesson_plans",
        verbose_name=_("authors"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    round = models.PositiveSmallIntegerField(_("review round"), default=0)
    reviewers_needed = models.PositiveSmallIntegerField(_("reviewers needed"), default=2)
    rubric = models.ForeignKey(
        Rubric, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("rubric")
    )
    is_example = models.BooleanField(_("calibration example"), default=False)
    status_changed_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["school", "status"])]
        verbose_name = _("lesson plan")
        verbose_name_plural = _("lesson plans")

    def __str__(self) -> str:
        return self.title


class PlanAuthor(BaseModel):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(LessonPlan, on_delete=models.CASCADE, related_name="authorships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_authorships"
    )

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "user"], name="lessons_author_unique")
        ]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self) -> str:
        return f"{self.user} · {self.plan}"


class PlanSection(VersionedModel):
    """One section of a plan, edited alone; `version` refuses a stale save."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(LessonPlan, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(_("key"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=10, choices=SectionKind.choices, default=SectionKind.RICH
    )
    group = models.CharField(_("part"), max_length=120, blank=True)
    help = models.CharField(_("help"), max_length=300, blank=True)
    options = models.JSONField(_("options"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    content = models.TextField(_("content"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="lessons_section_unique_key")
        ]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.title

    @property
    def choice_values(self) -> list[str]:
        return [line.strip() for line in self.content.splitlines() if line.strip()]


class Revision(BaseModel):
    """The plan's content after one content-changing save: {section key: text}."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(LessonPlan, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revision"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    section_key = models.CharField(max_length=60, blank=True)  # "" when several changed
    note = models.CharField(_("note"), max_length=200, blank=True)
    content = models.JSONField(default=dict)
    restored_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="lessons_revision_unique")
        ]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self) -> str:
        return f"{self.plan} · r{self.number}"


class Transition(BaseModel):
    """One step of the plan's workflow: who moved it from which status to which, when."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(LessonPlan, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=12, choices=PlanStatus.choices)
    to_status = models.CharField(max_length=12, choices=PlanStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")

    def __str__(self) -> str:
        return f"{self.plan}: {self.from_status} → {self.to_status}"


class Review(VersionedModel):
    """A reviewer's scoring of one revision of a plan (the one they were asked to review).

    `scores`: {criterion id (str): score}. A reference review belongs to a calibration example;
    a calibration review is a new reviewer's exercise on it.
    """

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(LessonPlan, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="lesson_reviews"
    )
    kind = models.CharField(max_length=12, choices=ReviewKind.choices, default=ReviewKind.PEER)
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="reviews")
    round = models.PositiveSmallIntegerField(default=1)
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="reviews")
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.ASSIGNED
    )
    scores = models.JSONField(default=dict, blank=True)
    total = models.PositiveIntegerField(default=0)
    maximum = models.PositiveIntegerField(default=0)
    summary = models.TextField(_("overall comment"), blank=True)
    helpful = models.BooleanField(_("marked helpful"), default=False)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "reviewer", "round", "kind"], name="lessons_review_unique"
            )
        ]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        return f"{self.plan} · {self.reviewer}"

    @property
    def percentage(self) -> int | None:
        return round(100 * self.total / self.maximum) if self.maximum else None

    def score_for(self, criterion: Any) -> int | None:
        value = self.scores.get(str(criterion.pk))
        return int(value) if value is not None else None


class Comment(BaseModel):
    """A comment on a plan, anchored to a section: a member's, a reviewer's, or a community
    leader's input on local relevance (which the authors may take into a section)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(LessonPlan, on_delete=models.CASCADE, related_name="comments")
    review = models.ForeignKey(
        Review, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(
        _("kind"), max_length=12, choices=CommentKind.choices, default=CommentKind.DISCUSSION
    )
    section_key = models.CharField(_("section"), max_length=60, blank=True)
    text = models.TextField(_("comment"))
    revision = models.ForeignKey(
        Revision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_ref = models.CharField(max_length=200, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_revision = models.ForeignKey(
        Revision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.text[:60]


class ApprovalDelegate(BaseModel):
    """A facilitator the principal lets approve plans in their place."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager(school="school")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school", "user"], name="lessons_delegate_unique")
        ]
        verbose_name = _("approval delegate")
        verbose_name_plural = _("approval delegates")

    def __str__(self) -> str:
        return str(self.user)


def _image_to(instance: Any, filename: str) -> str:
    return f"lessons/{instance.school_id}/{uuid.uuid4().hex}.jpg"


class PlanImage(BaseModel):
    """An image in a plan's rich text, resized for phones and re-encoded (no EXIF kept). The
    section's Markdown names it by its page address; it is served only to those who may read
    the plan (`views.plan_image`)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(LessonPlan, on_delete=models.CASCADE, related_name="images")
    section_key = models.CharField(_("section"), max_length=60, blank=True)
    image = models.ImageField(_("image"), upload_to=_image_to, max_length=255)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    alt = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self) -> str:
        return self.alt or self.image.name or ""

    def get_absolute_url(self) -> str:
        return reverse("lessons:image", args=[self.school.npsn, self.pk])

"""Instruments (versioned), observations with their observers' records and notes, mentoring
visits and lesson-study cycles. Every row carries its school."""

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from kombel.core.dates import day_text
from kombel.core.managers import ScopedManager
from kombel.core.models import BaseModel, VersionedModel
from kombel.lessons.models import LessonPlan
from kombel.observations.enums import (
    Competency,
    CycleStage,
    InstrumentKind,
    ItemKind,
    Stage,
    VersionStatus,
    VisitStatus,
)
from kombel.schools.models import School, SchoolClass

USER = settings.AUTH_USER_MODEL


def _note_photo_to(instance: Any, filename: str) -> str:
    return f"observations/{instance.school_id}/{uuid.uuid4().hex}.jpg"


class Instrument(BaseModel):
    """An observation sheet. Its questions live in versions: an observation keeps the version
    it was made with, and a change to a version in use makes a new one."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=InstrumentKind.choices, default=InstrumentKind.OTHER
    )
    shipped = models.BooleanField(default=False, editable=False)
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "code"], name="obs_instrument_code_unique")
        ]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self) -> str:
        return self.name


class InstrumentVersion(BaseModel):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["instrument", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "number"], name="obs_version_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument} v{self.number}"


class Section(BaseModel):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="sections"
    )
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.title


class Item(BaseModel):
    """One behaviour to look for (a scale or yes/no) or a prompt answered in words.

    `levels` of a scale: [{"value": 1, "label": "...", "label_en": "...", "descriptor": "...",
    "descriptor_en": "..."}, ...], ascending. A yes/no item scores 1 (yes) or 0 (no)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE, related_name="items")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField(default=0)
    code = models.SlugField(_("code"), max_length=40)
    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices)
    text = models.TextField(_("text"))
    text_en = models.TextField(_("text (English)"), blank=True)
    competency = models.CharField(
        _("competency"), max_length=20, choices=Competency.choices, blank=True
    )
    levels = models.JSONField(_("levels"), default=list, blank=True)
    evidence = models.BooleanField(_("note of evidence"), default=True)

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["section__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="obs_item_code_unique")
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def values(self) -> list[int]:
        if self.kind == ItemKind.SCALE:
            return [int(level["value"]) for level in self.levels]
        if self.kind == ItemKind.YES_NO:
            return [0, 1]
        return []

    @property
    def is_scored(self) -> bool:
        return self.kind in (ItemKind.SCALE, ItemKind.YES_NO)


class LessonStudyCycle(VersionedModel):
    """Plan together → one teaches while the others observe → reflect → a revised plan."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    teacher = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("teacher who teaches")
    )
    members: "models.ManyToManyField[Any, Any]" = models.ManyToManyField(
        USER, related_name="+", verbose_name=_("members")
    )
    school_class = models.ForeignKey(
        SchoolClass,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("class"),
    )
    plan = models.TextField(_("plan designed together"), blank=True)
    lesson_plan = models.ForeignKey(
        LessonPlan,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("lesson plan"),
    )
    plan_link = models.URLField(_("link to the lesson plan"), blank=True, max_length=500)
    reflection = models.TextField(_("reflection meeting"), blank=True)
    revised_plan = models.TextField(_("revised plan"), blank=True)
    stage = models.CharField(
        _("stage"), max_length=10, choices=CycleStage.choices, default=CycleStage.PLAN
    )
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lesson study cycle")
        verbose_name_plural = _("lesson study cycles")

    def __str__(self) -> str:
        return self.title


class Observation(VersionedModel):
    """A lesson observed by one or more observers, each recording separately."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    instrument_version = models.ForeignKey(
        InstrumentVersion,
        on_delete=models.PROTECT,
        related_name="observations",
        verbose_name=_("instrument"),
    )
    teacher = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("teacher observed")
    )
    school_class = models.ForeignKey(
        SchoolClass,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("class"),
    )
    subject = models.CharField(_("subject"), max_length=100, blank=True)
    lesson_plan = models.ForeignKey(
        LessonPlan,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("lesson plan"),
    )
    starts_at = models.DateTimeField(_("date and time"))
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=80)
    focus = models.TextField(
        _("focus"), blank=True, help_text=_("Agreed in the pre-observation talk.")
    )
    teacher_plan = models.TextField(_("the teacher's plan"), blank=True)
    stage = models.CharField(
        _("stage"), max_length=12, choices=Stage.choices, default=Stage.PREPARATION
    )
    released_at = models.DateTimeField(_("released"), null=True, blank=True)
    shared = models.BooleanField(_("shared with the school's teachers"), default=False)
    debrief = models.TextField(_("follow-up discussion"), blank=True)
    reflection = models.TextField(_("the teacher's reflection"), blank=True)
    cycle = models.ForeignKey(
        LessonStudyCycle,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="observations",
    )
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["school", "teacher", "starts_at"])]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")

    def __str__(self) -> str:
        return f"{self.instrument_version.instrument} · {day_text(localtime(self.starts_at))}"

    @property
    def capture_open(self) -> bool:
        return self.stage in (Stage.PREPARATION, Stage.OBSERVATION)


class Record(BaseModel):
    """One observer's record of one observation: their scores and notes."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="records")
    observer = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["observation", "observer"], name="obs_record_observer_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.observation_id} · {self.observer_id}"


class Score(BaseModel):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    value = models.SmallIntegerField(_("score"), null=True, blank=True)
    text = models.TextField(_("answer"), blank=True)
    note = models.TextField(_("evidence"), blank=True)
    # When the observer set it on their phone: the newest setting wins when batches cross.
    captured_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(school="school")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["record", "item"], name="obs_score_item_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item_id}={self.value}"


class Note(models.Model):
    """A time-stamped note taken during the lesson; its id is made on the phone (a UUID), so a
    batch sent twice stores it once."""

    id = models.UUIDField(primary_key=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="notes")
    taken_at = models.DateTimeField(_("time"))
    student = models.CharField(_("student or seat"), max_length=100, blank=True)
    group = models.CharField(_("group"), max_length=100, blank=True)
    text = models.TextField(_("note"))
    # A photo taken with the note, sent after it (resized for phones, without EXIF/GPS); served
    # only through the permission-checked `views.observations.note_photo`.
    photo = models.ImageField(_("photo"), upload_to=_note_photo_to, blank=True, max_length=255)
    thumbnail = models.ImageField(upload_to=_note_photo_to, blank=True, max_length=255)
    received_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["taken_at"]

    def __str__(self) -> str:
        return self.text[:80]


class Visit(VersionedModel):
    """A mentoring visit (pendampingan) by the external team."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("mentor")
    )
    teachers: "models.ManyToManyField[Any, Any]" = models.ManyToManyField(
        USER, related_name="+", verbose_name=_("teachers")
    )
    school_class = models.ForeignKey(
        SchoolClass,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("class"),
    )
    visited_on = models.DateField(_("date"))
    status = models.CharField(
        _("status"), max_length=10, choices=VisitStatus.choices, default=VisitStatus.PLANNED
    )
    focus = models.TextField(_("focus"), blank=True)
    seen = models.TextField(_("what was seen"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["-visited_on", "-created_at"]
        verbose_name = _("mentoring visit")
        verbose_name_plural = _("mentoring visits")

    def __str__(self) -> str:
        return day_text(self.visited_on)

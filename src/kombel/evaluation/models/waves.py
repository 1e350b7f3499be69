"""Waves of a questionnaire, their responses, and the receipts of anonymous answers."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kombel.core.managers import ScopedManager
from kombel.core.models import BaseModel, VersionedModel
from kombel.evaluation.enums import (
    ImportFormat,
    ImportStatus,
    ResponseSource,
    ResponseStatus,
    WaveKind,
)
from kombel.evaluation.models.questionnaires import Questionnaire
from kombel.programs.models import Event, Programme
from kombel.schools.models import School


class Wave(VersionedModel):
    """One giving of a questionnaire within a programme: the baseline, a month, the end."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="waves", verbose_name=_("programme")
    )
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.PROTECT,
        related_name="waves",
        verbose_name=_("questionnaire"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=WaveKind.choices)
    # The first day of the programme month the wave evaluates (monthly waves).
    month = models.DateField(_("month"), null=True, blank=True)
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="evaluation_waves"
    )
    title = models.CharField(_("title"), max_length=200)
    opens_on = models.DateField(_("opens"))
    closes_on = models.DateField(_("closes"))
    anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_("Nobody can see who answered what, not even the administrators."),
    )
    names_visible = models.BooleanField(
        _("show names to the facilitator team and the principal"), default=False
    )

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["opens_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="wave_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=Q(anonymous=False) | Q(names_visible=False),
                name="wave_anonymous_shows_no_names",
            ),
        ]
        verbose_name = _("wave")
        verbose_name_plural = _("waves")

    def __str__(self) -> str:
        return self.title


class Response(models.Model):
    """One respondent's answers to a wave.

    Deliberately without times (no created/updated): in an anonymous wave a submitted response
    holds nothing that leads back to its respondent, and a timestamp next to the audit log's
    "X submitted at 10.32" would. `respondent` is set in named waves only; an anonymous draft
    is found again through `draft_key` (a keyed hash), cleared when it is submitted.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evaluation_responses",
    )
    draft_key = models.CharField(max_length=64, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT
    )
    submitted_on = models.DateField(_("submitted"), null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=ResponseSource.choices, default=ResponseSource.WEB
    )
    # The row's id in an imported file (KoboToolbox _uuid, a Google Forms timestamp and row).
    external_id = models.CharField(max_length=100, blank=True)
    # {item name: 1..k} and {item name: text}
    likert = models.JSONField(default=dict, blank=True)
    open = models.JSONField(default=dict, blank=True)
    # The Likert answers again, one digit per item slot ("0": unanswered), so that statistics
    # read a million answers as a few thousand short strings (see encode_likert).
    vector = models.CharField(max_length=250, blank=True, editable=False)

    objects = ScopedManager(school="school")

    class Meta:
        indexes = [models.Index(fields=["wave", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "respondent"],
                condition=Q(respondent__isnull=False),
                name="response_once_per_respondent",
            ),
            models.UniqueConstraint(
                fields=["wave", "draft_key"],
                condition=~Q(draft_key=""),
                name="response_one_draft_per_key",
            ),
            models.UniqueConstraint(
                fields=["wave", "external_id"],
                condition=~Q(external_id=""),
                name="response_imported_once",
            ),
        ]
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return f"{self.wave} · {self.get_status_display()}"


def encode_likert(likert: dict[str, int], slots: dict[str, int]) -> str:
    """`likert` as the digits of its answers at their items' slots, "0" where unanswered."""
    digits = ["0"] * (max(slots.values(), default=-1) + 1)
    for name, value in likert.items():
        if name in slots and value:
            digits[slots[name]] = str(value)
    return "".join(digits).rstrip("0")


class Receipt(models.Model):
    """That someone answered an anonymous wave: a keyed hash, no time, no link to the answers.
    It is what refuses a second answer."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="receipts")
    key = models.CharField(max_length=64)

    objects = ScopedManager(school="school")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["wave", "key"], name="receipt_once")]

    def __str__(self) -> str:
        return str(self.wave)


class ResponseImport(BaseModel):
    """An uploaded export (KoboToolbox/ODK, Google Forms) between its preview and its import."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="imports")
    format = models.CharField(_("format"), max_length=10, choices=ImportFormat.choices)
    file = models.FileField(upload_to="evaluation/imports/%Y/%m/", max_length=300)
    file_name = models.CharField(max_length=200)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEW
    )
    imported = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("response import")
        verbose_name_plural = _("response imports")

    def __str__(self) -> str:
        return self.file_name

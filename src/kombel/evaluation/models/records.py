"""Interviews and the documentation gallery of a programme."""

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kombel.core.dates import day_text
from kombel.core.managers import ScopedManager
from kombel.core.models import BaseModel, VersionedModel
from kombel.evaluation.enums import ActivityKind
from kombel.observations.models import Observation
from kombel.programs.models import Programme
from kombel.schools.enums import Role
from kombel.schools.models import School


def _audio_to(instance: Any, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"evaluation/{instance.school_id}/interviews/{uuid.uuid4().hex}.{ext}"


def _doc_to(instance: Any, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"evaluation/{instance.school_id}/documentation/{uuid.uuid4().hex}.{ext}"


class Interview(VersionedModel):
    """An interview of the monthly evaluation. Its transcript is read by evaluators only."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="interviews", verbose_name=_("programme")
    )
    month = models.DateField(_("programme month"))  # first day of the month
    held_on = models.DateField(_("date"))
    interviewee_role = models.CharField(
        _("interviewee's role"), max_length=20, choices=Role.choices
    )
    interviewee = models.CharField(
        _("interviewee"),
        max_length=200,
        blank=True,
        help_text=_("A name, or a description such as “IPA teacher, grade VIII”."),
    )
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("interviewer"),
    )
    consent_given = models.BooleanField(_("consent given"), default=False)
    consent_note = models.CharField(
        _("how consent was given"), max_length=200, blank=True, help_text=_("E.g. signed form.")
    )
    transcript = models.TextField(_("transcript"), blank=True)
    audio = models.FileField(_("audio recording"), upload_to=_audio_to, blank=True, max_length=255)
    audio_name = models.CharField(max_length=200, blank=True, editable=False)

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["-held_on", "-created_at"]
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")

    def __str__(self) -> str:
        who = self.interviewee or self.get_interviewee_role_display()
        return f"{who} · {day_text(self.held_on)}"


class DocumentationItem(BaseModel):
    """A photo or file showing an activity. Photos get copies sized for phones and are kept at
    full size without their EXIF data (place, device); other files as uploaded."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="documentation")
    caption = models.CharField(_("caption"), max_length=300)
    taken_on = models.DateField(_("date"))
    activity_kind = models.CharField(
        _("activity"), max_length=20, choices=ActivityKind.choices, default=ActivityKind.OTHER
    )
    # The workshop session, meeting or observation shown (its id), when it is in Kombel.
    activity_id = models.UUIDField(null=True, blank=True)
    activity_label = models.CharField(_("activity shown"), max_length=200, blank=True)
    # The classroom observation shown: linked on the gallery for those who may open it.
    observation = models.ForeignKey(
        Observation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("observation"),
    )
    original = models.FileField(_("file"), upload_to=_doc_to, max_length=255)
    display = models.FileField(upload_to=_doc_to, blank=True, max_length=255)
    thumbnail = models.FileField(upload_to=_doc_to, blank=True, max_length=255)
    file_name = models.CharField(max_length=200)
    file_size = models.PositiveIntegerField(default=0)
    is_image = models.BooleanField(default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["-taken_on", "-created_at"]
        verbose_name = _("documentation")
        verbose_name_plural = _("documentation")

    def __str__(self) -> str:
        return self.caption

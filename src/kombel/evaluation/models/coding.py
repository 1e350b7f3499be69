"""Qualitative coding: a codebook per programme, the texts coded, and the codings."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kombel.core.managers import ScopedManager
from kombel.core.models import BaseModel, VersionedModel
from kombel.evaluation.enums import SourceType
from kombel.programs.models import Programme
from kombel.schools.models import School


class Codebook(VersionedModel):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="codebook")
    name = models.CharField(_("name"), max_length=200)

    objects = ScopedManager(school="school")

    class Meta:
        verbose_name = _("codebook")
        verbose_name_plural = _("codebooks")

    def __str__(self) -> str:
        return self.name


class Code(BaseModel):
    """A code, or a theme grouping codes (a code with no parent that is not itself applied).

    Its id is its REFI-QDA GUID: stable across exports."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    codebook = models.ForeignKey(Codebook, on_delete=models.CASCADE, related_name="codes")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name=_("theme"),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_codable = models.BooleanField(default=True)
    color = models.CharField(_("colour"), max_length=7, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["codebook", "parent", "name"], name="code_unique_name_in_theme"
            )
        ]
        verbose_name = _("code")
        verbose_name_plural = _("codes")

    def __str__(self) -> str:
        return self.name


class Document(BaseModel):
    """A text as it was when coding began: a transcript, a meeting's reflection or notes, the open
    answers to one question of a wave. Codings point into this copy, so that a later edit of the
    source never moves a passage."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="coding_documents"
    )
    source_type = models.CharField(_("source"), max_length=20, choices=SourceType.choices)
    source_id = models.UUIDField()
    source_key = models.CharField(max_length=60, blank=True)  # e.g. the open question's name
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    month = models.DateField(_("month"))  # first day of the month the text belongs to

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["-month", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "source_type", "source_id", "source_key"],
                name="coding_document_once",
            )
        ]
        verbose_name = _("coded text")
        verbose_name_plural = _("coded texts")

    def __str__(self) -> str:
        return self.title


class Coding(BaseModel):
    """A passage of a document tagged with a code by one coder. Offsets are zero-based Unicode
    code points, end exclusive (`document.text[start:end]`), as REFI-QDA counts them."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="codings")
    code = models.ForeignKey(Code, on_delete=models.CASCADE, related_name="codings")
    coder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["document", "start", "end"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="coding_not_empty"),
            models.UniqueConstraint(
                fields=["document", "code", "coder", "start", "end"], name="coding_once"
            ),
        ]
        verbose_name = _("coding")
        verbose_name_plural = _("codings")

    def __str__(self) -> str:
        return f"{self.code} · {self.document}"

    @property
    def passage(self) -> str:
        return self.document.text[self.start : self.end]

"""Workshop sessions (lokakarya): a programme Event with its attendance, materials, feedback and
outputs."""

import secrets
import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kombel.core.managers import ScopedManager
from kombel.core.models import BaseModel, VersionedModel
from kombel.programs.enums import AttendanceStatus
from kombel.programs.models import Event, Material
from kombel.schools.models import School
from kombel.workshops.enums import AttendanceMethod, OutputKind, Venue

# No 0/O, 1/I/L: the code is read aloud or copied from a projector.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


def new_checkin_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _upload_to(instance: Any, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"workshops/{instance.school_id}/{instance.session_id}/{uuid.uuid4().hex}.{ext}"


class WorkshopSession(VersionedModel):
    """The workshop part of one programme Event: date, time and place live on the Event."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="workshop_session")
    venue = models.CharField(
        _("kind of place"), max_length=20, choices=Venue.choices, default=Venue.CLASSROOM
    )
    materials = models.ManyToManyField(
        Material, blank=True, related_name="+", verbose_name=_("materials covered")
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="facilitated_workshops",
        verbose_name=_("facilitators"),
    )
    outside_speaker = models.CharField(
        _("outside speaker"),
        max_length=200,
        blank=True,
        help_text=_("Name and institution of a speaker from outside the school, if any."),
    )
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("One item per line."))
    checkin_code = models.CharField(
        _("check-in code"), max_length=12, default=new_checkin_code, editable=False
    )

    objects = ScopedManager(school="school")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["school", "checkin_code"], name="workshop_session_code_unique"
            )
        ]
        verbose_name = _("workshop session")
        verbose_name_plural = _("workshop sessions")

    # The audit log names the session as it is now, in the reader's language.
    AUDIT_LIVE_NAME: ClassVar[tuple[str, ...]] = ("event",)

    def __str__(self) -> str:
        return str(self.event)

    @property
    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]


class Attendance(BaseModel):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(
        WorkshopSession, on_delete=models.CASCADE, related_name="attendances"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workshop_attendances"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AttendanceStatus.choices,
        default=AttendanceStatus.PRESENT,
    )
    method = models.CharField(
        max_length=10, choices=AttendanceMethod.choices, default=AttendanceMethod.MANUAL
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager(school="school")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="attendance_unique")
        ]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_status_display()}"


class SessionResource(BaseModel):
    """A file or link attached to a session, visible to the programme's participants."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(WorkshopSession, on_delete=models.CASCADE, related_name="resources")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_upload_to, blank=True, max_length=255)
    file_name = models.CharField(max_length=200, blank=True, editable=False)
    file_size = models.PositiveIntegerField(default=0, editable=False)
    url = models.URLField(_("link"), blank=True, max_length=500)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(url=""), name="session_resource_file_or_url"
            )
        ]
        verbose_name = _("session material")
        verbose_name_plural = _("session materials")

    def __str__(self) -> str:
        return self.title


class SessionFeedback(BaseModel):
    """One participant's rating of a session; anonymous to facilitators unless `show_name`."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(WorkshopSession, on_delete=models.CASCADE, related_name="feedback")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)
    show_name = models.BooleanField(_("show my name to the facilitators"), default=False)

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="session_feedback_unique"),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="session_feedback_rating_range"
            ),
        ]
        verbose_name = _("session feedback")
        verbose_name_plural = _("session feedback")

    def __str__(self) -> str:
        return f"{self.session} · {self.rating}"


class SessionOutput(BaseModel):
    """What a session produced: a draft lesson plan, a project design…"""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(WorkshopSession, on_delete=models.CASCADE, related_name="outputs")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=OutputKind.choices, default=OutputKind.LESSON_PLAN
    )
    description = models.TextField(_("description"), blank=True)
    file = models.FileField(_("file"), upload_to=_upload_to, blank=True, max_length=255)
    file_name = models.CharField(max_length=200, blank=True, editable=False)
    file_size = models.PositiveIntegerField(default=0, editable=False)
    url = models.URLField(_("link"), blank=True, max_length=500)
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="workshop_outputs", verbose_name=_("authors")
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("session output")
        verbose_name_plural = _("session outputs")

    def __str__(self) -> str:
        return self.title

import datetime
import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kombel.core.dates import day_text
from kombel.core.extensions import event_kind
from kombel.core.managers import ScopedManager
from kombel.core.models import BaseModel, VersionedModel
from kombel.programs.enums import ProgrammeStatus
from kombel.schools.enums import Role
from kombel.schools.models import School, Semester


class Material(BaseModel):
    """A workshop material (materi). The model's five are seeded by a data migration."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self) -> str:
        return self.title


class Programme(VersionedModel):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="programmes")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    goals = models.TextField(_("goals"), blank=True, help_text=_("One goal per line."))
    semester = models.ForeignKey(
        Semester, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("semester")
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    status = models.CharField(
        _("status"), max_length=10, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    materials = models.ManyToManyField(Material, blank=True, verbose_name=_("materials"))
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Participant", related_name="programmes", blank=True
    )
    # Schedule rules: the calendar is generated from these, then edited event by event.
    workshop_weekdays = models.JSONField(
        _("workshop days"), default=list, blank=True, help_text=_("0 = Monday … 5 = Saturday")
    )
    workshop_start = models.TimeField(_("workshop starts"), default=datetime.time(13, 30))
    workshop_end = models.TimeField(_("workshop ends"), default=datetime.time(15, 30))
    community_interval_weeks = models.PositiveSmallIntegerField(
        _("community meeting every (weeks)"), default=2
    )
    community_weekday = models.PositiveSmallIntegerField(_("community meeting day"), default=4)
    monthly_evaluation = models.BooleanField(_("monthly evaluation"), default=True)
    locations = models.TextField(
        _("places"), blank=True, help_text=_("One place per line; workshops rotate through them.")
    )
    feed_token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="programme_end_after_start"
            )
        ]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.title

    @property
    def goal_list(self) -> list[str]:
        return [line.strip() for line in self.goals.splitlines() if line.strip()]

    @property
    def location_list(self) -> list[str]:
        return [line.strip() for line in self.locations.splitlines() if line.strip()]


class Participant(BaseModel):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="participations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participations"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    objects = ScopedManager(school="programme__school")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "user"], name="participant_unique")
        ]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return f"{self.user} · {self.programme}"

    @property
    def school(self) -> School:
        return self.programme.school


class SchoolClosure(BaseModel):
    """A school's own day without activities (exam, school event), skipped by the calendar."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="closures")
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200)

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["school", "date"], name="closure_unique")]
        verbose_name = _("school closure")
        verbose_name_plural = _("school closures")

    def __str__(self) -> str:
        return f"{day_text(self.date)} {self.reason}"


def generated_title(key: str, detail: str = "") -> str:
    """A generated event name in the current language: the label of the event kind `key`,
    followed by `detail` ("Lokakarya: Asesmen"). "" without a key."""
    if not key:
        return ""
    kind = event_kind(key)
    label = str(kind.label) if kind is not None else key
    if not detail:
        return label
    return gettext("%(kind)s: %(detail)s") % {"kind": label, "detail": detail}


class Event(VersionedModel):
    """One dated activity of a programme: a workshop session, community meeting, evaluation…

    Times are wall-clock times in the school's time zone.
    """

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="events")
    # A registered kind (core.extensions.EventKind): "workshop", "community", "evaluation"...
    kind = models.CharField(_("kind"), max_length=20)
    # A generated name ("Lokakarya: Asesmen", "Evaluasi bulanan") is stored as a key: the kind
    # whose label names the event (`title_key`) and what follows it (`title_detail`: a material,
    # a community), and shown in the reader's language (`name`; `title` as loaded too). `title`
    # keeps it in the school's language for whatever reads the column; a title someone typed
    # has no key and is shown as typed.
    title = models.CharField(_("title"), max_length=200)
    title_key = models.CharField(max_length=20, blank=True, editable=False)
    title_detail = models.CharField(max_length=200, blank=True, editable=False)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"))
    location = models.CharField(_("place"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    # Every participant is invited, whatever the roles the kind is for: a workshop for parents
    # and community leaders too (core.extensions.EventKind.roles).
    invites_all = models.BooleanField(
        _("parents and community leaders invited too"),
        default=False,
        help_text=_("They see it on their home and calendar, are reminded and can check in."),
    )
    # False once someone edited it by hand: regenerating the calendar leaves it alone.
    is_generated = models.BooleanField(default=True, editable=False)
    # Which rule made it ("workshop:2026-03-03"): regenerating matches events by this key.
    source_key = models.CharField(max_length=40, blank=True, editable=False)

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["date", "start_time"]
        indexes = [
            models.Index(fields=["school", "date"]),
            models.Index(fields=["programme", "date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="event_ends_after_start"
            )
        ]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    # The audit log names the event as it is now, in the reader's language.
    AUDIT_LIVE_NAME: ClassVar[tuple[str, ...]] = ()

    def __str__(self) -> str:
        return f"{self.name} ({day_text(self.date)})"

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any, **kwargs: Any) -> "Event":
        """A generated name is read in the language of whoever loads the event, so that every
        page, export and API answer showing `title` shows it in the reader's language."""
        event = super().from_db(db, field_names, values, **kwargs)
        if event.__dict__.get("title_key") and "title" in event.__dict__:
            event.title = event.name
        return event

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.title_key:
            super().save(*args, **kwargs)
            return
        shown = self.title
        with translation.override(settings.LANGUAGE_CODE):  # the column: the school's language
            self.title = self.name
        try:
            super().save(*args, **kwargs)
        finally:
            self.title = shown

    @property
    def name(self) -> str:
        """The event's name in the current language: a generated one from its key, else the
        title someone typed."""
        return generated_title(self.title_key, self.title_detail) or self.title

    @property
    def kind_label(self) -> str:
        kind = event_kind(self.kind)
        return str(kind.label) if kind is not None else self.kind


class SentReminder(BaseModel):
    """A reminder e-mail already sent: a replayed reminder task sends nothing twice.

    Keyed by the event's start as it was when the reminder was scheduled, so that a moved event
    gets a fresh reminder for its new time.
    """

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sent_reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField()

    objects = ScopedManager(school="school")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user", "starts_at"], name="sent_reminder_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.user}"

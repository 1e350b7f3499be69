import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kombel.communities.enums import MeetingStatus
from kombel.core.dates import day_text
from kombel.core.managers import ScopedManager
from kombel.core.models import BaseModel, VersionedModel
from kombel.programs.enums import AttendanceStatus
from kombel.programs.models import Event, Programme
from kombel.schools.enums import Grade
from kombel.schools.models import School, Subject


class Community(VersionedModel):
    """A learning community (komunitas belajar) of a school's programme."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="communities", verbose_name=_("programme")
    )
    name = models.CharField(_("name"), max_length=120)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    goals = models.TextField(_("goals"), blank=True, help_text=_("One goal per line."))
    subjects = models.ManyToManyField(Subject, blank=True, verbose_name=_("subjects"))
    grades = models.JSONField(_("grades"), default=list, blank=True)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="facilitated_communities",
        verbose_name=_("facilitator"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="CommunityMember",
        related_name="communities",
        blank=True,
        verbose_name=_("members"),
    )
    interval_weeks = models.PositiveSmallIntegerField(_("meets every (weeks)"), default=2)

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="community_unique_name")
        ]
        verbose_name = _("learning community")
        verbose_name_plural = _("learning communities")

    def __str__(self) -> str:
        return self.name

    @property
    def goal_list(self) -> list[str]:
        return [line.strip() for line in self.goals.splitlines() if line.strip()]

    @property
    def grade_labels(self) -> list[str]:
        return [Grade(g).label for g in sorted(self.grades) if g in Grade.values]

    @property
    def dormant_after(self) -> datetime.timedelta:
        """No meeting for longer than one and a half intervals: the community is dormant."""
        return datetime.timedelta(days=round(self.interval_weeks * 7 * 1.5))


class CommunityMember(BaseModel):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_memberships"
    )

    objects = ScopedManager(school="school")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "user"], name="community_member_unique")
        ]
        verbose_name = _("community member")
        verbose_name_plural = _("community members")

    def __str__(self) -> str:
        return f"{self.user} · {self.community}"


class Meeting(VersionedModel):
    """One meeting, following the kombel cycle: need → practice → reflection → follow-up → record.

    The facilitator writes the minutes (`notes`); members add their own entries (MinuteEntry)
    and the reflection. Both forms compare `version`, so two people typing at once do not
    overwrite each other.
    """

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="meetings")
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="community_meetings"
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("starts"), default=datetime.time(13, 30))
    location = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    agenda = models.TextField(_("agenda"), blank=True)
    notes = models.TextField(_("minutes"), blank=True)
    need = models.TextField(_("need identified"), blank=True)
    practice_shared = models.TextField(_("practice shared"), blank=True)
    went_well = models.TextField(_("what went well"), blank=True)
    lacking = models.TextField(_("what was lacking"), blank=True)
    next_steps = models.TextField(_("what next"), blank=True)
    follow_up = models.TextField(_("follow-up agreed"), blank=True)
    documentation_url = models.URLField(_("documentation (link)"), blank=True, max_length=500)

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["date", "start_time"]
        indexes = [models.Index(fields=["community", "date"])]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    # The audit log names the meeting as it is now (its date in the reader's language).
    AUDIT_LIVE_NAME: ClassVar[tuple[str, ...]] = ("community",)

    def __str__(self) -> str:
        return f"{self.community} · {day_text(self.date)}"


class MeetingAttendance(BaseModel):
    """Whether a member came to a meeting: the same statuses as a workshop session's register."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AttendanceStatus.choices,
        default=AttendanceStatus.PRESENT,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager(school="school")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="community_attendance_unique")
        ]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.user} · {self.meeting}"


class MinuteEntry(BaseModel):
    """A member's addition to a meeting's minutes, kept separate from the facilitator's text."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="entries")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("text"))

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("minutes entry")
        verbose_name_plural = _("minutes entries")

    def __str__(self) -> str:
        return self.text[:60]


class Practice(VersionedModel):
    """A shared good practice or innovation (praktik baik)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="practices")
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practices",
        verbose_name=_("meeting"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    subject = models.ForeignKey(
        Subject, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("subject")
    )
    grade = models.PositiveSmallIntegerField(
        _("grade"), null=True, blank=True, choices=Grade.choices
    )
    link = models.URLField(_("link"), blank=True, max_length=500)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("shared by"),
    )

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["school", "created_at"])]
        verbose_name = _("practice")
        verbose_name_plural = _("practices")

    def __str__(self) -> str:
        return self.title


class PracticeFile(BaseModel):
    """Evidence of a practice, stored through Django's storage API (never a local path)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to="practices/%Y/%m/", max_length=300)
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    content_type = models.CharField(max_length=100, blank=True)

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("practice file")
        verbose_name_plural = _("practice files")

    def __str__(self) -> str:
        return self.name

"""Parents and community leaders: invitations, consent, the learning forum, monthly feedback,
local input, forum meetings' attendance, requests about one's own data."""

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kombel.communities.models import Community
from kombel.core.managers import ScopedManager
from kombel.core.models import BaseModel, VersionedModel
from kombel.participation.enums import (
    Engagement,
    InputStatus,
    InputTarget,
    InvitationStatus,
    RequestStatus,
    ResourceKind,
    SpaceKind,
)
from kombel.programs.enums import AttendanceStatus
from kombel.programs.models import Event, Material, Programme
from kombel.schools.enums import Role
from kombel.schools.models import School, SchoolClass

USER = settings.AUTH_USER_MODEL


def _photo_to(instance: Any, filename: str) -> str:
    return f"participation/{instance.school_id}/{uuid.uuid4().hex}.jpg"


# Titles a name may already carry ("Ibu Nurlela", "H. Abdul Malik"): no "Bapak/Ibu" before it.
TITLES = frozenset(
    [
        "bapak",
        "pak",
        "bpk",
        "ibu",
        "bu",
        "saudara",
        "saudari",
        "sdr",
        "sdri",
        "h",
        "hj",
        "haji",
        "hajah",
        "hajjah",
        "ustaz",
        "ustadz",
        "ustazah",
        "ustadzah",
        "datuk",
        "datuak",
        "dr",
        "drs",
        "dra",
        "ir",
        "kak",
        "mas",
        "mbak",
        "tuan",
        "nyonya",
        "ny",
        "tn",
    ]
)


def addressed(name: str) -> str:
    """`name` with "Bapak/Ibu" before it, unless it starts with a title of its own."""
    first = name.split(maxsplit=1)[0].rstrip(".,").casefold() if name.strip() else ""
    if first in TITLES:
        return name
    return gettext("Bapak/Ibu %(name)s") % {"name": name}


class Invitation(BaseModel):
    """A single-use, expiring link for a parent (with their child's class) or a community leader.

    Only the SHA-256 of the link's secret is kept: the link is shown once, when it is made or
    renewed.
    """

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=[
            (Role.PARENT, Role.PARENT.label),
            (Role.COMMUNITY_LEADER, Role.COMMUNITY_LEADER.label),
        ],
    )
    name = models.CharField(_("name"), max_length=200, help_text=_("As the school knows them."))
    phone = models.CharField(_("WhatsApp number"), max_length=20, blank=True)
    school_class = models.ForeignKey(
        SchoolClass,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("child's class"),
    )
    child_name = models.CharField(_("child's name"), max_length=200, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("valid until"))
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    used_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    @property
    def addressed(self) -> str:
        """The name as the invitation greets it: "Ibu Nurlela" as typed, a bare "Nurlela" as
        "Bapak/Ibu Nurlela" (the form asks for the name as the school knows it, title and all)."""
        return addressed(self.name)

    def status_at(self, now: Any = None) -> str:
        if self.used_at:
            return InvitationStatus.USED
        if self.revoked_at:
            return InvitationStatus.REVOKED
        if self.expires_at <= (now or timezone.now()):
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING

    @property
    def status(self) -> str:
        return self.status_at()

    @property
    def status_label(self) -> str:
        return str(InvitationStatus(self.status).label)


class Consent(BaseModel):
    """Consent to the consent text of `version` (participation.consent), until withdrawn."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    version = models.CharField(_("text version"), max_length=20)
    given_at = models.DateTimeField(_("given"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["-given_at"]
        constraints = [
            # At most one consent in force per person and school.
            models.UniqueConstraint(
                fields=["school", "user"],
                condition=Q(withdrawn_at__isnull=True),
                name="consent_one_in_force",
            )
        ]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.user} · {self.version}"


class ChildClass(BaseModel):
    """A parent's child in a class: the class spaces they join and the class of their feedback."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    parent = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.CASCADE, related_name="+", verbose_name=_("class")
    )
    child_name = models.CharField(_("child's name"), max_length=200, blank=True)

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["school_class__grade", "school_class__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "school_class", "child_name"], name="child_class_unique"
            )
        ]
        verbose_name = _("child's class")
        verbose_name_plural = _("children's classes")

    def __str__(self) -> str:
        return f"{self.child_name or self.parent} · {self.school_class}"


class DataRequest(BaseModel):
    """A person's request to delete their data, completed by the school's operator."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("reason (optional)"), blank=True)
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "user"],
                condition=Q(status="pending"),
                name="data_request_one_pending",
            )
        ]
        verbose_name = _("deletion request")
        verbose_name_plural = _("deletion requests")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_status_display()}"


# --- learning forum --------------------------------------------------------------------------


class Space(BaseModel):
    """A forum space: all parents, the parents of one class, or parents with community leaders.

    It may belong to a programme: then "all parents" are the programme's parents (those with a
    child in a class of the school year the programme runs in, rules.space_open_to), and its
    class spaces are classes of that year. Without a programme it is the whole school's.
    The school's teachers, facilitators and principal take part in every space."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    # PROTECT: a programme with a forum space is never deleted (programs' programme_delete
    # refuses one with records: end or archive it), so no thread goes with it.
    programme = models.ForeignKey(
        Programme,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forum_spaces",
        verbose_name=_("programme"),
        help_text=_("Empty: the whole school's parents."),
    )
    kind = models.CharField(_("who takes part"), max_length=12, choices=SpaceKind.choices)
    school_class = models.ForeignKey(
        SchoolClass,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("class"),
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["kind", "title"]
        indexes = [models.Index(fields=["school", "programme"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="class", school_class__isnull=False)
                | (~Q(kind="class") & Q(school_class__isnull=True)),
                name="space_class_iff_class_kind",
            )
        ]
        verbose_name = _("forum space")
        verbose_name_plural = _("forum spaces")

    def __str__(self) -> str:
        return self.title


class Hideable(models.Model):
    """Moderation: hidden with a reason its author sees; never deleted."""

    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(_("reason"), max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Thread(VersionedModel, Hideable):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="threads")
    author = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("title"), max_length=150)
    is_pinned = models.BooleanField(_("pinned announcement"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False)
    last_activity_at = models.DateTimeField(default=timezone.now, db_index=True)
    reply_count = models.PositiveIntegerField(default=0)

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["-is_pinned", "-last_activity_at"]
        indexes = [models.Index(fields=["space", "is_pinned", "last_activity_at"])]
        verbose_name = _("thread")
        verbose_name_plural = _("threads")

    def __str__(self) -> str:
        return self.title


class Post(BaseModel, Hideable):
    """The opening post of a thread (`is_opening`) or a reply: text, a photo, a link."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    is_opening = models.BooleanField(default=False)
    body = models.TextField(_("text"), max_length=5000)
    link = models.URLField(_("link"), blank=True, max_length=500)
    photo = models.ImageField(_("photo"), upload_to=_photo_to, blank=True, max_length=255)
    thumbnail = models.ImageField(upload_to=_photo_to, blank=True, max_length=255)

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["thread", "created_at"])]
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    def __str__(self) -> str:
        return self.body[:60]


class Report(BaseModel):
    """A member's report of a post to the facilitator team."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(_("what is wrong"), max_length=300)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["post", "reporter"], name="report_once_per_person")
        ]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return self.reason[:60]


# --- feedback and local input ----------------------------------------------------------------


class MonthlyFeedback(BaseModel):
    """A parent's short feedback on their child's learning for one month (one per child's class
    and month; changed until the month is over)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    parent = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.CASCADE, related_name="+", verbose_name=_("class")
    )
    month = models.DateField(_("month"))  # its first day
    engagement = models.PositiveSmallIntegerField(
        _("How keen is your child on learning at school?"), choices=Engagement.choices
    )
    talks_about = models.TextField(
        _("What does your child talk about from school?"), blank=True, max_length=2000
    )
    suggestion = models.TextField(_("Your suggestion"), blank=True, max_length=2000)

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "school_class", "month"], name="feedback_once_a_month"
            )
        ]
        verbose_name = _("parent feedback")
        verbose_name_plural = _("parent feedback")

    def __str__(self) -> str:
        return f"{self.school_class} · {self.month:%Y-%m}"


class LocalInput(BaseModel):
    """A community leader's local perspective on a programme material, a community's theme or a
    lesson plan: local context and a suggested local resource (a place, a craft, a person),
    answered and possibly taken up by the teachers."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    target = models.CharField(_("about"), max_length=10, choices=InputTarget.choices)
    material = models.ForeignKey(
        Material,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("material"),
    )
    community = models.ForeignKey(
        Community,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("learning community"),
    )
    # A lesson plan of the lessons app, when it is installed (its id and title as given).
    lesson_ref = models.CharField(max_length=64, blank=True)
    lesson_title = models.CharField(max_length=200, blank=True)
    context = models.TextField(_("local context"), max_length=3000)
    resource_kind = models.CharField(
        _("suggested local resource"),
        max_length=10,
        choices=ResourceKind.choices,
        default=ResourceKind.OTHER,
    )
    resource = models.CharField(
        _("name of the resource"),
        max_length=200,
        blank=True,
        help_text=_("e.g. Danau Sipin, batik Jambi, Pak Rahman the rubber farmer"),
    )
    status = models.CharField(max_length=10, choices=InputStatus.choices, default=InputStatus.OPEN)
    answer = models.TextField(_("teachers' answer"), blank=True, max_length=2000)
    answered_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("local input")
        verbose_name_plural = _("local input")

    def __str__(self) -> str:
        return self.resource or self.context[:60]

    @property
    def target_label(self) -> str:
        if self.target == InputTarget.MATERIAL and self.material_id:
            return str(self.material)
        if self.target == InputTarget.THEME and self.community_id:
            community = self.community
            return f"{community.name}: {community.theme}".rstrip(": ") if community else ""
        if self.target == InputTarget.LESSON:
            return self.lesson_title
        return ""


class MeetingAttendance(BaseModel):
    """Who came to a learning forum meeting (a programme Event of kind "forum")."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="forum_attendances")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AttendanceStatus.choices,
        default=AttendanceStatus.PRESENT,
    )
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager(school="school")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="forum_attendance_unique")
        ]
        verbose_name = _("forum meeting attendance")
        verbose_name_plural = _("forum meeting attendance")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_status_display()}"

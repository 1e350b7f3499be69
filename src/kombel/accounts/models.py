import datetime
import hashlib
import re
import secrets
import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def normalize_phone(phone: str) -> str:
    """Strip the spaces, dashes, dots and brackets people type in phone numbers."""
    return re.sub(r"[\s.\-()]", "", phone or "")


def wa_digits(phone: str) -> str:
    """A phone number in the international form wa.me expects: 081234... -> 6281234..."""
    digits = phone.lstrip("+")
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return digits


phone_validator = RegexValidator(
    r"^(\+62|62|0)8[0-9]{7,12}$",
    _("Enter an Indonesian mobile number, e.g. 081234567890 or +6281234567890."),
)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, username: str, password: str | None = None, **extra: Any) -> "User":
        if not username:
            raise ValueError("username is required")
        user = self.model(username=self.model.normalize_username(username), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, username: str, password: str | None = None, **extra: Any) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(username, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    username = models.CharField(
        _("username"), max_length=150, unique=True, validators=[UnicodeUsernameValidator()]
    )
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(
        _("WhatsApp number"), max_length=20, blank=True, validators=[phone_validator]
    )
    language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="id"
    )
    # Secret for the personal iCalendar feed URL; rotating it revokes old subscriptions.
    feed_token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)
    is_active = models.BooleanField(_("active"), default=True)
    # Moves on whenever the person's roles change (schools.access.forget_roles): the roles cached
    # for a version are never read for another.
    access_version = models.PositiveIntegerField(default=0, editable=False)
    # Moves on whenever a notice of theirs arrives or is read (accounts.services): their unread
    # notices are cached for a version.
    notices_version = models.PositiveIntegerField(default=0, editable=False)
    is_staff = models.BooleanField(_("staff status"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # What others see of the person changed (API clients sync people by it); a login does not.
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # A password reset goes only to a confirmed address: the owner opened the link sent to it.
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    # A changed address or number takes effect once its owner confirms it (accounts.services).
    pending_email = models.EmailField(_("new e-mail, not yet confirmed"), blank=True)
    pending_phone = models.CharField(
        _("new WhatsApp number, not yet confirmed"),
        max_length=20,
        blank=True,
        validators=[phone_validator],
    )
    # Set by a login with a one-time code: every page asks for a new password first.
    must_change_password = models.BooleanField(_("must set a new password"), default=False)

    objects = UserManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    # Saves of these fields alone leave `updated_at` as it was: nothing another person sees.
    QUIET_FIELDS = frozenset(
        {"last_login", "access_version", "notices_version", "feed_token", "password"}
    )

    def save(self, *args: Any, **kwargs: Any) -> None:
        fields = kwargs.get("update_fields")
        if fields is not None and not set(fields) <= self.QUIET_FIELDS:
            kwargs["update_fields"] = {*fields, "updated_at"}
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        """The first name, without academic titles: "Drs. Ahmad Yani, M.Pd." -> "Ahmad"."""
        for word in self.full_name.replace(",", " ").split():
            if not word.endswith("."):
                return word
        return self.full_name or self.username

    @property
    def wa_number(self) -> str:
        """The phone in the international form wa.me expects (62...)."""
        return wa_digits(self.phone)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token of the API, stored as its SHA-256 only; it expires after
    settings.API_TOKEN_IDLE_DAYS without use (accounts.services.token_for_key)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    label = models.CharField(_("device"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user} {self.label}".strip()

    @property
    def expires_at(self) -> datetime.datetime:
        idle = datetime.timedelta(days=settings.API_TOKEN_IDLE_DAYS)
        return (self.last_used_at or self.created_at) + idle


class CodePurpose(models.TextChoices):
    LOGIN = "login", _("Login")
    PHONE = "phone", _("WhatsApp number")


class OneTimeCode(models.Model):
    """A short secret sent by WhatsApp: to log in once (then set a password) or to confirm a
    new number. Stored as its SHA-256; used once; a newer code of the same purpose replaces it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="one_time_codes")
    purpose = models.CharField(max_length=10, choices=CodePurpose.choices)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")

    def __str__(self) -> str:
        return f"{self.user} {self.get_purpose_display()}"


class Notice(models.Model):
    """Something a person is told: about their own account (a role given or taken away, a
    change of their contact details) or an activity they are invited to (a reminder, a move, a
    cancellation). Shown in the app (home and the notices page) to everyone, e-mail or not, and
    e-mailed where an address exists. Written in the person's language when it happens."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notices")
    subject = models.CharField(_("heading"), max_length=200)
    body = models.TextField(_("message"))
    url = models.CharField(_("link"), max_length=300, blank=True)  # a path in Kombel, or ""
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def __str__(self) -> str:
        return self.subject

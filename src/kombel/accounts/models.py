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
    is_staff = models.BooleanField(_("staff status"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

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
        digits = self.phone.lstrip("+")
        if digits.startswith("0"):
            digits = "62" + digits[1:]
        return digits


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user} {self.name}".strip()

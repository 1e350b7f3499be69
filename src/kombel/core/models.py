import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kombel.core.managers import ScopedManager


class BaseModel(models.Model):
    """Every Kombel row: a non-guessable id and creation/update times."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        # `updated_at` moves on with every save, one of some fields too (API clients fetch
        # what changed since their last sync by it).
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "updated_at"}
        super().save(*args, **kwargs)


class VersionedModel(BaseModel):
    """A row people edit concurrently: services compare `version` before they save."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class AuditLog(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    school = models.ForeignKey(
        "schools.School", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    @property
    def label(self) -> str:
        from kombel.core.audit import action_label  # audit.py imports this module

        return action_label(self.action)


class Deletion(models.Model):
    """A row of a synced list that was deleted (see `core.extensions.SyncedKind`).

    The school is a foreign key without a database constraint: deleting a school must not
    collide with the deletions its own rows record while they go.
    """

    id = models.BigAutoField(primary_key=True)
    school = models.ForeignKey(
        "schools.School", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    kind = models.CharField(max_length=50)
    object_id = models.CharField(max_length=64)
    deleted_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(school="school")

    class Meta:
        indexes = [models.Index(fields=["school", "deleted_at"], name="core_deletion_since")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


def record_deletion(sender: type[models.Model], instance: Any, **kwargs: Any) -> None:
    """post_delete of a synced model: leave its tombstone (saved through the base manager,
    which needs no school scope)."""
    from kombel.core.extensions import synced_kinds

    kind = next(k.kind for k in synced_kinds().values() if k.model is sender)
    Deletion(school_id=instance.school_id, kind=kind, object_id=str(instance.pk)).save()

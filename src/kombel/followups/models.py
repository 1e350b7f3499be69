from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kombel.core.managers import ScopedManager
from kombel.core.models import VersionedModel
from kombel.followups.enums import ItemStatus
from kombel.schools.models import School


class ActionItem(VersionedModel):
    """A follow-up (rencana tindak lanjut): an owned, dated commitment from any part of the model.

    The source is generic and denormalised: `source_type` names the kind of object it came from
    ("communities.meeting", later "observations.visit", ...), `source_id` its id, and the label
    and URL are stored so that lists never have to load the source objects.
    """

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    description = models.TextField(_("description"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="action_items",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.OPEN
    )
    status_note = models.TextField(_("note"), blank=True)
    evidence_url = models.URLField(_("evidence (link)"), blank=True, max_length=500)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_type = models.CharField(_("source"), max_length=40)
    source_id = models.CharField(max_length=64)
    source_label = models.CharField(_("from"), max_length=200)
    source_url = models.CharField(max_length=300, blank=True)

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["due_date", "created_at"]
        indexes = [
            models.Index(fields=["school", "source_type", "source_id"]),
            models.Index(fields=["school", "status", "due_date"]),
            models.Index(fields=["owner", "status"]),
        ]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_overdue(self) -> bool:
        return self.status == ItemStatus.OPEN and self.due_date < timezone.localdate()

    @property
    def done_on_time(self) -> bool:
        return (
            self.status == ItemStatus.DONE
            and self.completed_at is not None
            and timezone.localdate(self.completed_at) <= self.due_date
        )

from typing import Any

from django.db import models
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from kombel.core.extensions import audit_object_label, audit_verb_label
from kombel.core.models import AuditLog


def log_action(
    action: str,
    *,
    actor: Any = None,
    school: Any = None,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditLog:
    """Record a write that matters: who, when, what, on which school.

    Called by services inside their transaction, so the entry exists exactly when the write does.
    """
    entry = audit_entry(action, actor=actor, school=school, obj=obj, data=data)
    entry.save()
    return entry


def audit_entry(
    action: str,
    *,
    actor: Any = None,
    school: Any = None,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditLog:
    """The entry log_action saves, unsaved: a service writing many rows at once saves their
    entries with one `AuditLog.objects.bulk_create`."""
    if school is None and obj is not None:
        school = getattr(obj, "school", None)
    return AuditLog(
        action=action,
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        school=school,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        data=data or {},
    )


# The verbs every app shares; an app registers its object words (and any verb of its own)
# through `core.extensions.register_audit_labels` in its AppConfig.ready().
_VERBS = {
    "added": _("added"),
    "cancelled": _("cancelled"),
    "created": _("created"),
    "deleted": _("deleted"),
    "escalated": _("escalated"),
    "generated": _("generated"),
    "imported": _("imported"),
    "planned": _("planned"),
    "recorded": _("recorded"),
    "removed": _("removed"),
    "rest_present": _("rest marked present"),
    "rotated": _("renewed"),
    "set": _("set"),
    "shared": _("shared"),
    "status_changed": _("status changed"),
    "submitted": _("submitted"),
    "updated": _("updated"),
}


def action_label(action: str) -> str:
    """ "communities.meeting.updated" -> "Meeting: updated" (in the user's language)."""
    parts = action.split(".")
    if len(parts) != 3:
        return action
    obj = audit_object_label(parts[0], parts[1])
    verb = audit_verb_label(parts[0], parts[2]) or _VERBS.get(parts[2])
    if obj is None or verb is None:
        return action
    return _g("%(object)s: %(verb)s") % {"object": obj, "verb": verb}

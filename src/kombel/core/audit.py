from typing import Any

from django.db import models
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from kombel.core.models import AuditLog


def log_action(
    action: str,
    *,
    user: Any = None,
    school: Any = None,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditLog:
    """Record a write that matters: who, when, what, on which school.

    Called by services inside their transaction, so the entry exists exactly when the write does.
    """
    if school is None and obj is not None:
        school = getattr(obj, "school", None)
    return AuditLog.objects.create(
        action=action,
        actor=user if user is not None and getattr(user, "is_authenticated", False) else None,
        school=school,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        data=data or {},
    )


# What the audit log page shows for an action code "<app>.<object>.<verb>": object and verb are
# translated separately, so a new action needs at most a new word here, never a new sentence.
_OBJECTS = {
    "attendance": _("Attendance"),
    "calendar": _("Calendar"),
    "class": _("Class"),
    "closure": _("School closure"),
    "community": _("Learning community"),
    "district_membership": _("District membership"),
    "event": _("Event"),
    "feed_token": _("Calendar link"),
    "feedback": _("Session feedback"),
    "item": _("Follow-up"),
    "items": _("Follow-ups"),
    "meeting": _("Meeting"),
    "meetings": _("Meetings"),
    "membership": _("Role"),
    "minutes": _("Minutes"),
    "output": _("Workshop output"),
    "participant": _("Participant"),
    "participants": _("Participants"),
    "person": _("Person"),
    "practice": _("Good practice"),
    "programme": _("Programme"),
    "resource": _("Session material"),
    "roster": _("Roster"),
    "school": _("School"),
    "session": _("Workshop session"),
    "teacher": _("Teacher details"),
    "token": _("API token"),
    "user": _("Account"),
}
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
    if len(parts) == 3 and parts[1] in _OBJECTS and parts[2] in _VERBS:
        return _g("%(object)s: %(verb)s") % {"object": _OBJECTS[parts[1]], "verb": _VERBS[parts[2]]}
    return action

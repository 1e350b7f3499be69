from typing import Any

from django.db import models

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

"""Every write of the programs app: programmes and participants, the calendar, closures."""

from kombel.programs.services.calendar import (
    EVENT_FIELDS,
    CalendarResult,
    closed_days,
    closure_add,
    closure_remove,
    event_cancel,
    event_create,
    event_update,
    generate_calendar,
    schedule_event_reminder,
)
from kombel.programs.services.programmes import (
    PROGRAMME_FIELDS,
    participant_remove,
    participants_add,
    participants_add_role,
    programme_create,
    programme_update,
)

__all__ = [
    "EVENT_FIELDS",
    "PROGRAMME_FIELDS",
    "CalendarResult",
    "closed_days",
    "closure_add",
    "closure_remove",
    "event_cancel",
    "event_create",
    "event_update",
    "generate_calendar",
    "participant_remove",
    "participants_add",
    "participants_add_role",
    "programme_create",
    "programme_update",
    "schedule_event_reminder",
]

"""Every write of the programs app: programmes and participants, the calendar, closures."""

from kombel.programs.services.calendar import (
    EVENT_FIELDS,
    MAX_GENERATED_EVENTS,
    CalendarResult,
    calendar_generate,
    closed_days,
    closure_add,
    closure_remove,
    event_cancel,
    event_create,
    event_reminder_schedule,
    event_update,
)
from kombel.programs.services.programmes import (
    MAX_PROGRAMME_MONTHS,
    PROGRAMME_FIELDS,
    participant_remove,
    participants_add,
    participants_add_role,
    programme_create,
    programme_last_day,
    programme_update,
)

__all__ = [
    "EVENT_FIELDS",
    "MAX_GENERATED_EVENTS",
    "MAX_PROGRAMME_MONTHS",
    "PROGRAMME_FIELDS",
    "CalendarResult",
    "calendar_generate",
    "closed_days",
    "closure_add",
    "closure_remove",
    "event_cancel",
    "event_create",
    "event_reminder_schedule",
    "event_update",
    "participant_remove",
    "participants_add",
    "participants_add_role",
    "programme_create",
    "programme_last_day",
    "programme_update",
]

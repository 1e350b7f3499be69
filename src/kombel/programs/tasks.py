"""Background work of the calendar: ids in, scope on, call the reminder code."""

import datetime

from django_scopes import scope, scopes_disabled
from django_tasks import task

from kombel.programs.models import Event
from kombel.programs.reminders import send_event_reminders


@task()
def send_event_reminder(event_id: str, starts_at_iso: str) -> int:
    """Remind the event's audience; a no-op if the event is gone, cancelled or moved."""
    with scopes_disabled():
        school_id = Event.objects.filter(pk=event_id).values_list("school_id", flat=True).first()
    if school_id is None:
        return 0
    with scope(school=[school_id]):
        event = Event.objects.select_related("school").get(pk=event_id)
        return send_event_reminders(event, datetime.datetime.fromisoformat(starts_at_iso))

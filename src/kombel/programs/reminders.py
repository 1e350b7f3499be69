"""Event reminders, shared by every app that puts events on a programme's calendar.

Who is reminded depends on the event's kind. By default it is the programme's participants; an
app whose events concern fewer people gives its kind an `audience` (core.extensions.EventKind).

A reminder is sent by `kombel.programs.tasks.send_event_reminder`, enqueued by
`kombel.programs.services.event_reminder_schedule(event)` 24 hours before the start. The task
does nothing if the event was cancelled or moved since (the move enqueued a new reminder), and
records each sent e-mail so that a replayed task sends nothing twice.
"""

import datetime
import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from kombel.accounts.models import User
from kombel.core.extensions import event_kind
from kombel.core.whatsapp import wa_link
from kombel.programs.models import Event, Participant, SentReminder

Audience = Callable[[Event], list[User]]


def programme_participants(event: Event) -> list[User]:
    """The default audience: everyone taking part in the event's programme in a role the
    event's kind is for (core.extensions.EventKind.roles)."""
    participants = Participant.objects.filter(programme_id=event.programme_id)
    kind = event_kind(event.kind)
    if kind is not None and kind.roles is not None:
        participants = participants.filter(role__in=sorted(kind.roles))
    return [p.user for p in participants.select_related("user")]


def audience_for(event: Event) -> list[User]:
    kind = event_kind(event.kind)
    audience = kind.audience if kind is not None and kind.audience else programme_participants
    return audience(event)


def event_starts_at(event: Event) -> datetime.datetime:
    """The event's start as an aware datetime in its school's time zone."""
    tz = zoneinfo.ZoneInfo(event.school.timezone)
    return datetime.datetime.combine(event.date, event.start_time, tzinfo=tz)


def event_ends_at(event: Event) -> datetime.datetime:
    tz = zoneinfo.ZoneInfo(event.school.timezone)
    return datetime.datetime.combine(event.date, event.end_time, tzinfo=tz)


def event_url(event: Event) -> str:
    path = reverse("programs:event_detail", args=[event.school.npsn, event.pk])
    return f"{settings.SITE_URL}{path}"


def event_whatsapp_text(event: Event) -> str:
    """The event as a WhatsApp message, in the current language."""
    lines = [
        f"*{event.title}*",
        _("%(date)s, %(start)s-%(end)s %(tz)s")
        % {
            "date": formats.date_format(event.date, "l, j F Y"),
            "start": event.start_time.strftime("%H.%M"),
            "end": event.end_time.strftime("%H.%M"),
            "tz": event.school.get_timezone_display().split(" ")[0],
        },
    ]
    if event.location:
        lines.append(_("Place: %(place)s") % {"place": event.location})
    if event.is_cancelled:
        lines.append(_("CANCELLED"))
    lines.append(event_url(event))
    return "\n".join(lines)


def event_whatsapp_link(event: Event) -> str:
    return wa_link(event_whatsapp_text(event))


def send_event_reminders(event: Event, starts_at: datetime.datetime) -> int:
    """E-mail the event's audience once each; returns how many e-mails went out.

    Nothing is sent for a cancelled event or one whose start is no longer `starts_at`.
    """
    if event.is_cancelled or event_starts_at(event) != starts_at:
        return 0
    sent = 0
    for user in audience_for(event):
        if not user.email or not user.is_active:
            continue
        try:
            # The record comes first: a crash after it loses one e-mail, never sends two.
            with transaction.atomic():
                SentReminder.objects.create(
                    school=event.school, event=event, user=user, starts_at=starts_at
                )
        except IntegrityError:
            continue
        with translation.override(user.language):
            subject = _("Reminder: %(title)s on %(date)s") % {
                "title": event.title,
                "date": formats.date_format(event.date),
            }
            body = "\n\n".join(
                [
                    _("Hello %(name)s,") % {"name": user.get_short_name()},
                    _("This is a reminder of the following activity:"),
                    event_whatsapp_text(event),
                ]
            )
        send_mail(subject, body, None, [user.email])
        sent += 1
    return sent

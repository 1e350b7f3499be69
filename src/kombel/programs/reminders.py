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
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from kombel.accounts.models import User
from kombel.accounts.services import notice_send
from kombel.core.dates import clock_text, day_text, weekday_text
from kombel.core.extensions import event_kind
from kombel.core.whatsapp import wa_link
from kombel.programs.models import Event, Participant, Programme, SentReminder

Audience = Callable[[Event], list[User]]


def programme_participants(event: Event) -> list[User]:
    """The default audience: everyone taking part in the event's programme in a role the
    event's kind is for (core.extensions.EventKind.roles); everyone when the event invites all
    (a workshop for parents and community leaders too)."""
    participants = Participant.objects.filter(programme_id=event.programme_id)
    kind = event_kind(event.kind)
    if kind is not None and kind.roles is not None and not event.invites_all:
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
        f"*{event.name}*",
        _("%(date)s, %(start)s-%(end)s %(tz)s")
        % {
            "date": weekday_text(event.date),
            "start": clock_text(event.start_time),
            "end": clock_text(event.end_time),
            "tz": event.school.get_timezone_display().split(" ")[0],
        },
    ]
    if event.location:
        lines.append(_("Place: %(place)s") % {"place": event.location})
    if event.is_cancelled:
        lines.append(_("CANCELLED"))
    lines.append(event_url(event))
    return "\n".join(lines)


def event_whatsapp_link(event: Event, message: str = "") -> str:
    """A wa.me link with the event's message (after `message`, a notice to the group)."""
    text = event_whatsapp_text(event)
    return wa_link(f"{message}\n\n{text}" if message else text)


def event_path(event: Event) -> str:
    return reverse("programs:event_detail", args=[event.school.npsn, event.pk])


def _tell(user: User, event: Event, subject: str, intro: str, *, email: bool = True) -> None:
    """One notice in the app (everyone, e-mail or not) and an e-mail where an address exists."""
    body = "\n\n".join(
        [_("Hello %(name)s,") % {"name": user.get_short_name()}, intro, event_whatsapp_text(event)]
    )
    notice_send(user=user, subject=subject, body=body, url=event_path(event), email=False)
    if email and user.email:  # as reminders always were: to any address the person gave
        send_mail(subject, body, None, [user.email])


def event_notify(event_id: Any, what: str, *, email: bool = True, message: str = "") -> int:
    """Tell the people invited to an event that it was moved or cancelled ("moved",
    "cancelled"; "reminder": a reminder told at once; "notice": the facilitator's `message`)
    through the same channels as reminders (`email=False`: in the app only, as the demo does).
    Returns how many were told."""
    event = Event.objects.select_related("school").filter(pk=event_id).first()
    if event is None:
        return 0
    told = 0
    for user in audience_for(event):
        if not user.is_active:
            continue
        with translation.override(user.language):
            if what == "cancelled":
                subject = _("Cancelled: %(title)s on %(date)s")
                intro = _("The following activity was cancelled:")
            elif what == "notice":
                subject = _("Notice: %(title)s on %(date)s")
                intro = message or _("A message about the following activity:")
            elif what == "reminder":
                subject = _("Reminder: %(title)s on %(date)s")
                intro = _("This is a reminder of the following activity:")
            else:
                subject = _("Moved: %(title)s, now on %(date)s")
                intro = _("The following activity was moved; this is its new time:")
            subject %= {"title": event.name, "date": day_text(event.date)}
            _tell(user, event, subject, intro, email=email)
        told += 1
    return told


def send_event_reminders(event: Event, starts_at: datetime.datetime) -> int:
    """Remind the event's audience once each: a notice in the app for everyone, an e-mail to
    whoever has an address. Returns how many people were reminded.

    Nothing is sent for a cancelled event or one whose start is no longer `starts_at`.
    """
    if event.is_cancelled or event_starts_at(event) != starts_at:
        return 0
    sent = 0
    for user in audience_for(event):
        if not user.is_active:
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
                "title": event.name,
                "date": day_text(event.date),
            }
            _tell(user, event, subject, _("This is a reminder of the following activity:"))
        sent += 1
    return sent


def programme_path(programme: Programme) -> str:
    return reverse("programs:programme_detail", args=[programme.school.npsn, programme.pk])


def programme_ended_whatsapp_text(programme: Programme) -> str:
    """For the facilitator to send to the group: the programme ended, what is left is off."""
    lines = [
        f"*{programme.title}*",
        _("This programme has ended: its activities after %(date)s will not take place.")
        % {"date": day_text(programme.updated_at.date())},
        f"{settings.SITE_URL}{programme_path(programme)}",
    ]
    return "\n".join(lines)


# A notice lists this many activities, then says how many more.
LISTED = 10


def programme_ended_notify(programme_id: Any, event_ids: list[Any], *, email: bool = True) -> int:
    """Tell everyone invited to any of the programme's activities cancelled by ending or archiving
    it, once each (a notice in the app, an e-mail where an address exists), listing their own
    activities that will not take place. Returns how many people were told."""
    programme = Programme.objects.select_related("school").filter(pk=programme_id).first()
    if programme is None or not event_ids:
        return 0
    events = list(
        Event.objects.filter(pk__in=event_ids)
        .select_related("school")
        .order_by("date", "start_time")
    )
    invited: dict[Any, tuple[User, list[Event]]] = {}
    by_kind: dict[str, list[User]] = {}
    for event in events:
        kind = event_kind(event.kind)
        if kind is not None and kind.audience:
            people = kind.audience(event)
        else:  # the same people for every event of the kind: asked once
            people = by_kind.setdefault(event.kind, programme_participants(event))
        for user in people:
            invited.setdefault(user.pk, (user, []))[1].append(event)
    told = 0
    for user, theirs in invited.values():
        if not user.is_active:
            continue
        with translation.override(user.language):
            subject = _("Ended: %(title)s") % {"title": programme.title}
            lines = [
                _("Hello %(name)s,") % {"name": user.get_short_name()},
                _(
                    "The programme %(title)s has ended. These activities you were invited to "
                    "will not take place:"
                )
                % {"title": programme.title},
                "\n".join(f"- {e.name}, {day_text(e.date)}" for e in theirs[:LISTED]),
            ]
            if len(theirs) > LISTED:
                lines.append(_("… and %(n)d more.") % {"n": len(theirs) - LISTED})
            body = "\n\n".join(lines)
            notice_send(
                user=user, subject=subject, body=body, url=programme_path(programme), email=False
            )
            if email and user.email:
                send_mail(subject, body, None, [user.email])
        told += 1
    return told

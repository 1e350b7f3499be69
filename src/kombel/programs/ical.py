"""Events as iCalendar (RFC 5545), for phones that subscribe to a feed."""

from collections.abc import Iterable
from urllib.parse import quote

import icalendar
from django.http import HttpResponse
from django.utils import timezone

from kombel.programs.models import Event
from kombel.programs.reminders import event_ends_at, event_starts_at, event_url

CONTENT_TYPE = "text/calendar; charset=utf-8"


def calendar_bytes(events: Iterable[Event], name: str) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Kombel//Kalender Program//ID")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    stamp = timezone.now()
    for event in events:
        item = icalendar.Event()
        item.add("uid", f"{event.pk}@kombel")
        item.add("dtstamp", stamp)
        item.add("dtstart", event_starts_at(event))
        item.add("dtend", event_ends_at(event))
        item.add("summary", getattr(event, "display_title", event.name))
        item.add("sequence", event.version)
        if event.location:
            item.add("location", event.location)
        if event.description:
            item.add("description", event.description)
        item.add("url", event_url(event))
        item.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
        cal.add_component(item)
    cal.add_missing_timezones()
    return cal.to_ical()


def ics_response(body: bytes, filename: str | None = None) -> HttpResponse:
    """A calendar as a response: to subscribe to, or with `filename` to download."""
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def webcal_url(feed_url: str) -> str:
    """The feed's address as a subscription (webcal://): phones offer to subscribe to it, where
    an https .ics address only downloads a file once."""
    return "webcal://" + feed_url.split("://", 1)[-1]


def google_calendar_url(feed_url: str) -> str:
    """Google Calendar's page that offers to add the feed (on Android too, in the browser)."""
    return "https://calendar.google.com/calendar/r?cid=" + quote(webcal_url(feed_url), safe="")

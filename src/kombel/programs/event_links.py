"""Where an event leads: the record another app hangs on it (a workshop session, a meeting).

Apps above programs register a function at start-up (their AppConfig.ready); the event page
asks them, so programs never imports those apps and each app applies its own permission.
"""

from collections.abc import Callable
from typing import Any

from kombel.programs.models import Event

EventLink = tuple[str, str]  # (label, url)
_FINDERS: list[Callable[[Event, Any], list[EventLink]]] = []


def register_event_links(finder: Callable[[Event, Any], list[EventLink]]) -> None:
    """`finder(event, user)` returns the links this user may follow from the event."""
    if finder not in _FINDERS:
        _FINDERS.append(finder)


def links_for(event: Event, user: Any) -> list[EventLink]:
    return [link for finder in _FINDERS for link in finder(event, user)]

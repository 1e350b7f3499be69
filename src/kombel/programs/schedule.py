"""The calendar plan: date arithmetic from a programme's schedule rules.

`plan_calendar` takes the rules and the days without school and returns the events that should
exist, each with a stable `key` ("workshop:2026-03-03") so that regenerating the calendar can
update, keep or remove the events it made before. Each kind of event plans its own (the apps
register them: core.extensions.EventKind); programs plans the monthly evaluation.
"""

import calendar
import dataclasses
import datetime
from dataclasses import dataclass
from typing import Any

import holidays
from django.utils.translation import gettext as _

from kombel.core.extensions import event_kinds
from kombel.programs.enums import EventKind

SUNDAY = 6


def public_holidays(start: datetime.date, end: datetime.date) -> dict[datetime.date, str]:
    """Indonesian public holidays and collective leave (cuti bersama), named in Indonesian."""
    years = range(start.year, end.year + 1)
    found = holidays.Indonesia(years=years, language="id", categories=("public", "government"))
    return {day: str(name) for day, name in found.items() if start <= day <= end}


@dataclass(frozen=True)
class Rules:
    start: datetime.date
    end: datetime.date
    workshop_weekdays: tuple[int, ...]
    workshop_start: datetime.time
    workshop_end: datetime.time
    community_interval_weeks: int
    community_weekday: int
    monthly_evaluation: bool
    materials: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlannedEvent:
    key: str
    kind: str
    title: str
    date: datetime.date
    start_time: datetime.time
    end_time: datetime.time
    location: str
    # The name as a key (programs.models.Event.title_key/title_detail): shown in the reader's
    # language; `title` is it in the language of the plan (the school's).
    title_key: str = ""
    title_detail: str = ""


def days(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    return [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]


def is_open(day: datetime.date, closed: dict[datetime.date, str]) -> bool:
    """A school day: not a Sunday, a public holiday or a closure."""
    return day.weekday() != SUNDAY and day not in closed


Plan = tuple[list[PlannedEvent], list[tuple[datetime.date, str]]]


def plan_evaluations(programme: Any, rules: Rules, closed: dict[datetime.date, str]) -> Plan:
    """The monthly evaluation: the last school day of each month of the programme."""
    planned: list[PlannedEvent] = []
    if not rules.monthly_evaluation:
        return planned, []
    place = rules.locations[0] if rules.locations else ""
    month = rules.start.replace(day=1)
    while month <= rules.end:
        last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        day = min(last, rules.end)
        while day >= max(month, rules.start) and not is_open(day, closed):
            day -= datetime.timedelta(days=1)
        if day >= max(month, rules.start):
            planned.append(
                PlannedEvent(
                    f"evaluation:{month:%Y-%m}",
                    EventKind.EVALUATION,
                    _("Monthly evaluation"),
                    day,
                    rules.workshop_start,
                    rules.workshop_end,
                    place,
                    EventKind.EVALUATION,
                )
            )
        month = last + datetime.timedelta(days=1)
    return planned, []


def plan_calendar(
    rules: Rules, closed: dict[datetime.date, str], programme: Any = None
) -> tuple[list[PlannedEvent], list[tuple[datetime.date, str]]]:
    """Every event the schedule rules ask for and the skipped days: (date, reason) where an
    activity would have fallen on a closed day.

    Each registered event kind (core.extensions.EventKind) plans its own events; `closed` holds
    the days without school besides Sundays (holidays, school closures) with their names, and no
    event falls on them.
    """
    planned: list[PlannedEvent] = []
    skipped: set[tuple[datetime.date, str]] = set()
    for kind in event_kinds():
        if kind.plan is None:
            continue
        events, kind_skipped = kind.plan(programme, rules, closed)
        planned += events
        skipped.update(kind_skipped)
    planned.sort(key=lambda e: (e.date, e.start_time, e.kind))
    return without_clashes(planned), sorted(skipped)


def _minutes(t: datetime.time) -> int:
    return t.hour * 60 + t.minute


def without_clashes(planned: list[PlannedEvent]) -> list[PlannedEvent]:
    """The programme's own events never overlap: they concern the same participants. An event
    that would overlap one planned before it on the same day starts when that one ends (same
    length), so that a workshop and the monthly evaluation never share an hour."""
    placed: list[PlannedEvent] = []
    ends: dict[datetime.date, int] = {}
    for event in planned:
        start, end = _minutes(event.start_time), _minutes(event.end_time)
        busy_until = ends.get(event.date, 0)
        if start < busy_until:
            length = end - start
            start = busy_until
            end = min(start + length, 23 * 60 + 59)
            event = dataclasses.replace(
                event,
                start_time=datetime.time(start // 60, start % 60),
                end_time=datetime.time(end // 60, end % 60),
            )
        ends[event.date] = max(busy_until, end)
        placed.append(event)
    return placed

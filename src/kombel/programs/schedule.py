"""The calendar plan: pure date arithmetic from a programme's schedule rules.

No database here: `plan_calendar` takes the rules and the days without school and returns the
events that should exist, each with a stable `key` ("workshop:2026-03-03") so that regenerating
the calendar can update, keep or remove the events it made before.
"""

import calendar
import datetime
from dataclasses import dataclass

import holidays
from django.utils.translation import gettext as _

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


def _days(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    return [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]


def plan_calendar(
    rules: Rules, closed: dict[datetime.date, str]
) -> tuple[list[PlannedEvent], list[tuple[datetime.date, str]]]:
    """Events for the period (workshops, community meetings, monthly evaluations) and the
    skipped days: (date, reason) where a workshop or meeting would have fallen on a closed day.

    `closed` holds the days without school besides Sundays (holidays, school closures) with
    their names; no event falls on them. Workshops rotate through the materials and places.
    """
    skipped: list[tuple[datetime.date, str]] = []

    def open_day(day: datetime.date) -> bool:
        return day.weekday() != SUNDAY and day not in closed

    place = rules.locations[0] if rules.locations else ""
    planned: list[PlannedEvent] = []
    n_workshop = 0
    for day in _days(rules.start, rules.end):
        if day.weekday() in rules.workshop_weekdays and day in closed:
            skipped.append((day, closed[day]))
        if day.weekday() in rules.workshop_weekdays and open_day(day):
            if rules.materials:
                title = _("Workshop: %(material)s") % {
                    "material": rules.materials[n_workshop % len(rules.materials)]
                }
            else:
                title = _("Workshop")
            location = rules.locations[n_workshop % len(rules.locations)] if rules.locations else ""
            planned.append(
                PlannedEvent(
                    f"workshop:{day.isoformat()}",
                    EventKind.WORKSHOP,
                    title,
                    day,
                    rules.workshop_start,
                    rules.workshop_end,
                    location,
                )
            )
            n_workshop += 1

    if rules.community_interval_weeks > 0:
        first = rules.start + datetime.timedelta(
            days=(rules.community_weekday - rules.start.weekday()) % 7
        )
        day = first
        while day <= rules.end:
            if day in closed and (day, closed[day]) not in skipped:
                skipped.append((day, closed[day]))
            if open_day(day):
                planned.append(
                    PlannedEvent(
                        f"community:{day.isoformat()}",
                        EventKind.COMMUNITY,
                        _("Community meeting"),
                        day,
                        rules.workshop_start,
                        rules.workshop_end,
                        place,
                    )
                )
            day += datetime.timedelta(weeks=rules.community_interval_weeks)

    if rules.monthly_evaluation:
        month = rules.start.replace(day=1)
        while month <= rules.end:
            last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
            day = min(last, rules.end)
            while day >= max(month, rules.start) and not open_day(day):
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
                    )
                )
            month = last + datetime.timedelta(days=1)

    planned.sort(key=lambda e: (e.date, e.start_time, e.kind))
    skipped.sort()
    return planned, skipped

"""Workshop days in a programme's calendar: its workshop weekdays, rotating materials and places."""

import datetime
from typing import Any

from django.utils.translation import gettext as _

from kombel.programs.schedule import Plan, PlannedEvent, Rules, days, is_open
from kombel.workshops.enums import WORKSHOP_KIND


def plan_workshops(programme: Any, rules: Rules, closed: dict[datetime.date, str]) -> Plan:
    """A workshop on each workshop weekday that is a school day; the materials and the places
    rotate from one workshop to the next. Workshop days that are closed are reported skipped."""
    planned: list[PlannedEvent] = []
    skipped: list[tuple[datetime.date, str]] = []
    n = 0
    for day in days(rules.start, rules.end):
        if day.weekday() not in rules.workshop_weekdays:
            continue
        if day in closed:
            skipped.append((day, closed[day]))
        if not is_open(day, closed):
            continue
        material = rules.materials[n % len(rules.materials)] if rules.materials else ""
        title = _("Workshop: %(material)s") % {"material": material} if material else _("Workshop")
        location = rules.locations[n % len(rules.locations)] if rules.locations else ""
        planned.append(
            PlannedEvent(
                f"workshop:{day.isoformat()}",
                WORKSHOP_KIND,
                title,
                day,
                rules.workshop_start,
                rules.workshop_end,
                location,
                WORKSHOP_KIND,
                material,
            )
        )
        n += 1
    return planned, skipped

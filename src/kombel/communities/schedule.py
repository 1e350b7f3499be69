"""Community meetings in a programme's calendar: every N weeks on the community weekday."""

import datetime
from typing import Any

from django.utils.translation import gettext as _

from kombel.communities.enums import COMMUNITY_KIND
from kombel.programs.schedule import Plan, PlannedEvent, Rules, is_open


def plan_community_meetings(programme: Any, rules: Rules, closed: dict[datetime.date, str]) -> Plan:
    """One community slot every `community_interval_weeks` weeks from the first community
    weekday of the programme; a closed day is skipped (and reported), not moved."""
    planned: list[PlannedEvent] = []
    skipped: list[tuple[datetime.date, str]] = []
    if rules.community_interval_weeks <= 0:
        return planned, skipped
    place = rules.locations[0] if rules.locations else ""
    day = rules.start + datetime.timedelta(
        days=(rules.community_weekday - rules.start.weekday()) % 7
    )
    while day <= rules.end:
        if day in closed:
            skipped.append((day, closed[day]))
        if is_open(day, closed):
            planned.append(
                PlannedEvent(
                    f"community:{day.isoformat()}",
                    COMMUNITY_KIND,
                    _("Community meeting"),
                    day,
                    rules.workshop_start,
                    rules.workshop_end,
                    place,
                    COMMUNITY_KIND,
                )
            )
        day += datetime.timedelta(weeks=rules.community_interval_weeks)
    return planned, skipped

"""The pinned clock of the tests marked `clock` (the fixture is in tests/conftest.py).

Tests marked `clock` depend on the date or the hour. They run at a pinned instant: by default a
workshop day (Tuesday 1 December 2026, 13.45 WIB, while the demo's workshop is on), or at the
instant KOMBEL_CLOCK names (ISO 8601 with its offset), which CI sets to several awkward ones
(`.ci/run`, stage "Time-sensitive tests at fixed instants"). A test that depends on the clock
carries the marker and must pass at every instant CI tries; one that does not needs none.
"""

import datetime
import os
from zoneinfo import ZoneInfo

import pytest

WIB = ZoneInfo("Asia/Jakarta")
DEFAULT_CLOCK = datetime.datetime(2026, 12, 1, 13, 45, tzinfo=WIB)


def clock_instants() -> list[datetime.datetime]:
    """The instants tests marked `clock` run at: KOMBEL_CLOCK's (one, or several separated by
    commas: each such test then runs once per instant, in one session), else DEFAULT_CLOCK."""
    named = [part.strip() for part in os.environ.get("KOMBEL_CLOCK", "").split(",")]
    instants = []
    for text in filter(None, named):
        instant = datetime.datetime.fromisoformat(text)
        if instant.tzinfo is None:
            raise pytest.UsageError(f"KOMBEL_CLOCK: {text!r} needs an offset, e.g. +07:00")
        instants.append(instant)
    return instants or [DEFAULT_CLOCK]


def clock_today() -> datetime.date:
    """Today in WIB (the tests' schools are in Tebo), read when called: inside a test marked
    `clock`, the pinned day (never compute it at import: a run may pin several instants)."""
    return datetime.datetime.now(WIB).date()

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


def clock_instant() -> datetime.datetime:
    """The instant tests marked `clock` run at."""
    named = os.environ.get("KOMBEL_CLOCK", "").strip()
    if not named:
        return DEFAULT_CLOCK
    instant = datetime.datetime.fromisoformat(named)
    if instant.tzinfo is None:
        raise pytest.UsageError(f"KOMBEL_CLOCK={named!r} needs an offset, e.g. +07:00")
    return instant


def clock_today() -> datetime.date:
    """The pinned day in WIB (the tests' schools are in Tebo), for module-level dates."""
    return clock_instant().astimezone(WIB).date()

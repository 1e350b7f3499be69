from collections.abc import Iterator

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.clock import clock_instants
from tests.snapshots import restored
from tests.world import World, build_world


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test marked `clock` runs once per instant of KOMBEL_CLOCK (tests/clock.py)."""
    if metafunc.definition.get_closest_marker("clock") is None:
        return
    instants = clock_instants()
    metafunc.fixturenames.append("clock_at")
    # With `--dist loadgroup` (CI's clock stage) one worker runs all of an instant's tests, so
    # the demo is seeded once per instant (tests/demo_snapshot.py), not once per worker.
    metafunc.parametrize(
        "clock_at",
        [pytest.param(i, marks=pytest.mark.xdist_group(f"clock-{i:%Y%m%d%H%M}")) for i in instants],
        ids=[i.isoformat(timespec="minutes") for i in instants],
    )


@pytest.fixture(autouse=True)
def _pinned_clock(request: pytest.FixtureRequest) -> Iterator[None]:
    """Travel to the instant of a test marked `clock`, the clock standing still there: a
    journey at 23.59 stays on its day. (Browser tests too: time-machine leaves the monotonic
    clock alone, which Playwright's and the live server's timeouts use.)"""
    callspec = getattr(request.node, "callspec", None)
    instant = callspec.params.get("clock_at") if callspec is not None else None
    if instant is None:
        yield
        return
    with time_machine.travel(instant, tick=False):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (sessions, cached roles)."""
    cache.clear()


@pytest.fixture(autouse=True)
def _media_and_locale(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Tests assert the English msgids, independent of translation wording; that Indonesian is
    # the default and complete is tested in tests/test_i18n.py and the browser tests.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def world(db) -> World:
    """Two schools of one district, one user per role in each, and the objects every app adds.

    School "own" is the one tests act in; school "other" holds the data that must never leak.
    Built once per worker and day (the pinned clock's), then put back (tests/snapshots.py).
    """
    return restored(("world", timezone.localdate()), build_world)


@pytest.fixture
def unscoped():
    with scopes_disabled():
        yield


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """`with sent(): ...` runs what the block left for after the commit (e-mails), as a real
    commit would: tests run inside a transaction that never commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)

"""Browser tests: pytest-django's live_server driven by Debian's chromium through Playwright.

One browser per test session (per xdist worker); a fresh context (cookies, storage) per test.
Without /usr/bin/chromium the tests skip with the reason shown, unless
KOMBEL_BROWSER_TESTS=required (CI), where a missing browser fails the run instead.

Reusable fixtures for journeys:
- `page`: a 360 px wide page on a fresh context; console messages are collected and any
  Content Security Policy violation fails the test at teardown.
- `log_in(page, user)`: logs in through the login form, as a person would.
- `logged_in_page(user)`: a page whose context already holds a session for `user` (fast).
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kombel.accounts.models import User
from kombel.core.demo import DemoContext
from tests.browser.helpers import Console
from tests.factories.accounts import PASSWORD
from tests.snapshots import seeded_demo

# Playwright's sync API runs an event loop in this thread; Django's async-safety guard would
# otherwise refuse the ORM calls the fixtures make.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MOBILE = {"width": 360, "height": 740}
TIMEOUT_MS = 15_000


def browser_required() -> bool:
    return os.environ.get("KOMBEL_BROWSER_TESTS", "").strip().lower() == "required"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


class _Chromium:
    """One Playwright and one chromium per process, shared by every copy of `browser`.

    Playwright's sync API cannot start twice in one thread, and a test module that imports
    the fixtures makes a second session fixture; both get this same browser.
    """

    users = 0
    playwright: Any = None
    browser: Any = None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (apt-get install chromium)"
        if browser_required():
            pytest.fail(f"KOMBEL_BROWSER_TESTS=required but {reason}", pytrace=False)
        pytest.skip(reason)
    if _Chromium.users == 0:
        from playwright.sync_api import sync_playwright

        _Chromium.playwright = sync_playwright().start()
        _Chromium.browser = _Chromium.playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
    _Chromium.users += 1
    try:
        yield _Chromium.browser
    finally:
        _Chromium.users -= 1
        if _Chromium.users == 0:
            _Chromium.browser.close()
            _Chromium.playwright.stop()


@pytest.fixture
def console() -> Console:
    return Console()


@pytest.fixture
def new_page(browser: Any, live_server: Any, console: Console) -> Iterator[Callable[[], Any]]:
    """Factory for pages on fresh contexts (two people side by side: call it twice)."""
    contexts: list[Any] = []

    def make() -> Any:
        context = browser.new_context(
            base_url=live_server.url, viewport=MOBILE, locale="id-ID", timezone_id="Asia/Jakarta"
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda msg: console.messages.append(f"{msg.type}: {msg.text}"))
        page.on("pageerror", lambda exc: console.errors.append(str(exc)))
        page.on("response", lambda response: _note_broken_asset(console, response))
        return page

    yield make
    for context in contexts:
        context.close()
    problems = console.csp_violations() + console.broken_assets
    if problems:
        pytest.fail("Content Security Policy violations or broken assets:\n" + "\n".join(problems))


ASSET_TYPES = {"stylesheet", "script", "image", "font"}


def _note_broken_asset(console: Console, response: Any) -> None:
    if response.status >= 400 and response.request.resource_type in ASSET_TYPES:
        console.broken_assets.append(f"{response.status} {response.url}")


@pytest.fixture
def page(new_page: Callable[[], Any]) -> Any:
    return new_page()


@pytest.fixture
def log_in() -> Callable[[Any, User], None]:
    def log_in(page: Any, user: User, password: str = PASSWORD) -> None:
        page.goto(reverse("accounts:login"))
        page.locator("input[name=username]").fill(user.username)
        page.locator("input[name=password]").fill(password)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()

    return log_in


@pytest.fixture
def logged_in_page(new_page: Callable[[], Any], live_server: Any) -> Callable[[User], Any]:
    """A page already logged in as `user` (session made server-side, no login form)."""

    def make(user: User) -> Any:
        client = Client()
        client.force_login(user)
        page = new_page()
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                },
                {
                    "name": settings.LANGUAGE_COOKIE_NAME,
                    "value": user.language,
                    "url": live_server.url,
                },
            ]
        )
        return page

    return make


@pytest.fixture
def demo(settings: Any, live_server: Any) -> DemoContext:
    """The SMP N 1 Tebo demo around today (the pinned clock), in Indonesian."""
    settings.LANGUAGE_CODE = "id"
    return seeded_demo(timezone.localdate())

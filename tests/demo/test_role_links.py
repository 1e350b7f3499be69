"""Every demo role has something to do, and no link it is shown leads to a 403 or a 404.

Each demo login's pages are crawled from home (same-site links, bounded by depth and count), on
the demo seeded for a pinned day; any link answering 403 or 404 fails the test, named with the
page that showed it. A link is shown only to someone who may follow it.
"""

import datetime
import re
from collections import deque
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from kombel.accounts.models import User
from kombel.demo.steps import run_demo

# A workshop day in the middle of the demo programme, while the workshop is on.
NOW = datetime.datetime(2026, 12, 1, 13, 45, tzinfo=ZoneInfo("Asia/Jakarta"))
# One login per demo role (guru01 is a facilitator, guru05 a teacher).
LOGINS = [
    "admin",
    "kepsek",
    "guru01",
    "guru05",
    "pengawas1",
    "pendamping1",
    "ortu01",
    "tokoh1",
    "dinas",
    "kepsek2",
]
MAX_DEPTH = 2
MAX_PAGES = 70
# Links that are not pages to visit: logging out, the admin, static and uploaded files.
SKIP = re.compile(r"^/(accounts/logout|admin/|static/|media/|i18n/)")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith("/") and not href.startswith("//"):
                self.hrefs.append(href.split("#")[0])


def links_of(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return [h for h in parser.hrefs if h and not SKIP.match(h)]


def crawl(client: Client) -> tuple[int, list[str]]:
    """(pages seen, broken links as "status link (on page)")."""
    seen = {"/"}
    queue: deque[tuple[str, int, str]] = deque([("/", 0, "")])
    broken: list[str] = []
    pages = 0
    while queue and pages < MAX_PAGES:
        url, depth, found_on = queue.popleft()
        response = client.get(url)
        pages += 1
        if response.status_code in (403, 404):
            broken.append(f"{response.status_code} {url} (on {found_on})")
            continue
        if depth >= MAX_DEPTH or not response.get("Content-Type", "").startswith("text/html"):
            continue
        for href in links_of(response.content.decode()):
            if href not in seen:
                seen.add(href)
                queue.append((href, depth + 1, url))
    return pages, broken


@pytest.fixture(scope="module")
def demo_db(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """The demo, seeded once for the module (rolled back at its end)."""
    with django_db_blocker.unblock(), time_machine.travel(NOW, tick=False):
        from django.db import transaction

        atomic = transaction.atomic()
        atomic.__enter__()
        run_demo(NOW.date())
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.mark.parametrize("username", LOGINS)
def test_no_link_shown_to_a_demo_role_leads_to_403_or_404(demo_db, db, username, settings):  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "id"
    client = Client()
    client.force_login(User.objects.get(username=username))
    with time_machine.travel(NOW, tick=False):
        pages, broken = crawl(client)
    assert pages > 3, f"{username} has almost nothing to see"
    assert not broken, f"{username} is shown links that fail:\n" + "\n".join(broken)

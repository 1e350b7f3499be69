"""What the journey tests share: the demo seeded in the live server's database, phone checks."""

import datetime
import re
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

PHONE_WIDTH = 360


def fits_phone(page: Any) -> None:
    """The page has no horizontal scroll on a 360 px phone, and speaks Indonesian."""
    page.wait_for_load_state()
    width = page.locator("html").evaluate("html => html.scrollWidth")
    assert width <= PHONE_WIDTH, f"{page.url} is {width} px wide"
    assert page.locator("html").get_attribute("lang") == "id", page.url


def path_of(page: Any) -> str:
    return re.sub(r"^https?://[^/]+|\?.*$", "", page.url)


def window_around_now(school: Any) -> tuple[datetime.date, datetime.time, datetime.time]:
    """Today in the school's time zone; started ten minutes ago (on time to check in), ends in an
    hour; never crossing midnight."""
    now = timezone.now().astimezone(ZoneInfo(school.timezone))
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    start = max(now - datetime.timedelta(minutes=10), midnight)
    end = min(
        now + datetime.timedelta(hours=1), midnight + datetime.timedelta(hours=23, minutes=59)
    )
    return (
        now.date(),
        start.time().replace(second=0, microsecond=0),
        end.time().replace(second=0, microsecond=0),
    )

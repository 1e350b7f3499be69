"""Journey 1: the principal starts the programme (JOURNEYS.md), in Indonesian at 360 px."""

import datetime
import re

import holidays
import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from kombel.communities.enums import COMMUNITY_KIND
from kombel.programs.enums import EventKind
from kombel.programs.models import Event, Programme
from kombel.workshops.enums import WORKSHOP_KIND
from tests.browser.helpers import indonesian
from tests.browser.journeys import fits_phone

pytestmark = pytest.mark.clock


def _next_monday(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=7 - day.weekday())


def test_principal_starts_a_programme_and_shares_its_calendar(demo, logged_in_page):
    page = logged_in_page(demo.users["kepsek"])
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "id"
    new_programme = indonesian("New programme at %(name)s") % {"name": demo.school.name}
    page.get_by_role("link", name=new_programme).click()
    # The form must be on screen before it is measured: mid-navigation there is no document.
    page.locator("[name=title]").wait_for()
    fits_phone(page)

    start = _next_monday(timezone.localdate())
    end = start + datetime.timedelta(weeks=12)
    page.locator("[name=title]").fill("Lokakarya Semester Depan")
    page.locator("[name=goals]").fill("Guru merancang pembelajaran kolaboratif")
    page.locator("[name=start]").fill(start.isoformat())
    page.locator("[name=end]").fill(end.isoformat())
    for material in page.locator("input[name=materials]").all():
        material.check()
    page.locator("input[name=workshop_weekdays][value='1']").check()  # Tuesday
    page.locator("input[name=workshop_weekdays][value='3']").check()  # Thursday
    page.locator("[name=community_interval_weeks]").fill("2")
    page.locator("[name=monthly_evaluation]").check()
    # A slip of the finger first: the end before the start.
    page.locator("[name=end]").fill((start - datetime.timedelta(days=1)).isoformat())
    page.get_by_role("button", name=indonesian("Save")).click()
    error = page.locator(".field.has-error .error")
    assert error.inner_text() == indonesian("The end date must not be before the start date.")
    assert page.locator("[name=title]").input_value() == "Lokakarya Semester Depan"
    page.locator("[name=end]").fill(end.isoformat())
    page.get_by_role("button", name=indonesian("Save")).click()

    page.get_by_role("heading", name="Lokakarya Semester Depan").wait_for()
    fits_phone(page)
    with scopes_disabled():
        programme = Programme.objects.get(title="Lokakarya Semester Depan")
        events = list(Event.objects.filter(programme=programme))
    national = holidays.Indonesia(years=range(start.year, end.year + 1))
    assert events, "the calendar was laid out"
    assert not [e.date for e in events if e.date in national or e.date.weekday() == 6]
    workshops = [e for e in events if e.kind == WORKSHOP_KIND]
    assert {e.date.weekday() for e in workshops} == {1, 3}
    assert {e.kind for e in events} == {
        WORKSHOP_KIND,
        COMMUNITY_KIND,
        EventKind.EVALUATION,
    }

    # He moves one workshop off a school event day.
    moved = workshops[0]
    page.locator(f"a[href$='/events/{moved.pk}/']").first.click()
    page.get_by_role("link", name=indonesian("Edit")).click()
    new_date = moved.date + datetime.timedelta(days=1)  # Wednesday
    page.locator("[name=date]").fill(new_date.isoformat())
    page.get_by_role("button", name=indonesian("Save")).click()
    page.wait_for_load_state()
    with scopes_disabled():
        moved.refresh_from_db()
    assert (moved.date, moved.is_generated) == (new_date, False)

    # He invites the teachers, then the supervisors.
    page.goto(f"/s/{demo.school.npsn}/programmes/{programme.pk}/participants/")
    fits_phone(page)
    for role in ("teacher", "supervisor"):
        page.locator("select[name=role]").select_option(role)
        page.get_by_role("button", name=indonesian("Add")).click()
        page.wait_for_load_state()
    added = indonesian("%(n)d people added.") % {"n": 2}
    assert page.get_by_text(added).is_visible()
    with scopes_disabled():
        roles = sorted(programme.participations.values_list("role", flat=True).distinct())
        teachers = programme.participations.filter(role__in=["teacher", "facilitator"]).count()
    # Facilitators are teachers too, and keep their facilitator role in the programme.
    assert (roles, teachers) == (["facilitator", "supervisor", "teacher"], 25)

    # The calendar link goes to the staff WhatsApp group.
    page.goto(f"/s/{demo.school.npsn}/programmes/{programme.pk}/")
    share = page.get_by_role("link", name=indonesian("Share in WhatsApp"))
    assert re.match(r"^https://wa\.me/\?text=.+", share.get_attribute("href") or "")
    feed = page.get_by_role("link", name=indonesian("This programme's calendar"))
    feed_path = re.sub(r"^https?://[^/]+", "", feed.get_attribute("href") or "")
    response = page.request.get(feed_path)
    assert response.ok
    assert response.headers["content-type"].startswith("text/calendar")
    assert "Lokakarya" in response.text()

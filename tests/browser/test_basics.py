"""The first minutes of a teacher's day: log in (in Indonesian), find the school, on a phone."""

import re
from typing import Any

import pytest
from django.urls import reverse

from kombel.accounts.forms import LoginForm
from kombel.schools.enums import Role
from tests.browser.helpers import indonesian
from tests.world import World

pytestmark = pytest.mark.browser


def test_teacher_logs_in_in_indonesian_and_sees_their_school(
    page: Any, log_in: Any, world: World
) -> None:
    teacher = world.own.users[Role.TEACHER]

    page.goto(reverse("accounts:login"))
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator("main form button[type=submit]").inner_text() == indonesian("Log in")
    assert page.locator("main h1").inner_text() == indonesian("Log in to Kombel")

    log_in(page, teacher)

    assert re.sub(r"\?.*", "", page.url).endswith(reverse("home"))
    assert (
        page.locator("main").get_by_role("link", name=world.own.school.name, exact=True).count()
        == 1
    )
    assert page.locator("main").get_by_text(world.other.school.name).count() == 0


def test_switch_to_english_and_back(page: Any, logged_in_page: Any, world: World) -> None:
    page = logged_in_page(world.own.users[Role.TEACHER])
    page.goto(reverse("home"))
    assert page.locator("html").get_attribute("lang") == "id"

    page.locator("header form.lang button").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("header form.lang button").inner_text() == "Bahasa Indonesia"

    page.locator("header form.lang button").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator("header form.lang button").inner_text() == "English"


def test_school_page_fits_a_360px_phone(logged_in_page: Any, world: World) -> None:
    school = world.own.school
    page = logged_in_page(world.own.users[Role.PRINCIPAL])

    page.goto(reverse("schools:detail", args=[school.npsn]))

    assert page.locator("main h1").inner_text() == school.name
    assert page.viewport_size["width"] == 360
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_wrong_password_shows_the_indonesian_error_next_to_the_form(
    page: Any, log_in: Any, world: World
) -> None:
    teacher = world.own.users[Role.TEACHER]

    log_in(page, teacher, password="not-the-password")

    assert re.sub(r"\?.*", "", page.url).endswith(reverse("accounts:login"))
    error = page.locator("main form .errors[role=alert]")
    expected = indonesian(str(LoginForm.error_messages["invalid_login"]))
    assert error.inner_text() == expected


def test_pages_raise_no_content_security_policy_errors(
    logged_in_page: Any, console: Any, world: World
) -> None:
    page = logged_in_page(world.own.users[Role.PRINCIPAL])
    for url in (
        reverse("accounts:login"),
        reverse("home"),
        reverse("schools:detail", args=[world.own.school.npsn]),
    ):
        page.goto(url)
        page.wait_for_load_state("load")

    assert console.csp_violations() == []
    assert console.errors == []
    assert console.broken_assets == []
    assert page.evaluate("document.styleSheets.length") >= 1


def test_account_page_with_its_long_calendar_address_fits_a_360px_phone(
    logged_in_page: Any, world: World
) -> None:
    page = logged_in_page(world.own.users[Role.TEACHER])

    page.goto(reverse("accounts:account"))

    assert page.locator("main code.small").inner_text().endswith(".ics")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

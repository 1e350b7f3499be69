"""The register on a phone: one tap per person, saved at once (htmx), no page reload."""

from typing import Any

import pytest
from django_scopes import scopes_disabled

from kombel.workshops.models import Attendance
from tests.browser.conftest import (  # noqa: F401  (the browser fixtures)
    browser,
    console,
    logged_in_page,
    new_page,
)

pytestmark = pytest.mark.browser


def test_one_tap_saves_attendance(logged_in_page: Any, session, facilitator, teacher) -> None:  # noqa: F811
    page = logged_in_page(facilitator)
    page.goto(f"/s/{session.school.npsn}/workshops/{session.pk}/attendance/")
    page.evaluate("window.kombelMarker = 1")  # gone if the page reloads
    row = page.locator(f"#att-{teacher.pk}")
    row.locator("button[value=late]").click()
    # The tap shows at once; the row is saved once the server's answer replaced it.
    page.locator(
        f"#att-{teacher.pk}:not(.saving):not(.unsaved) button[value=late][aria-pressed=true]"
    ).wait_for()
    with scopes_disabled():
        assert list(Attendance.objects.values_list("user", "status")) == [(teacher.pk, "late")]
    assert page.evaluate("window.kombelMarker") == 1  # saved without reloading the page
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 360


def test_code_screen_fits_a_phone(logged_in_page: Any, session, facilitator) -> None:  # noqa: F811
    page = logged_in_page(facilitator)
    page.goto(f"/s/{session.school.npsn}/workshops/{session.pk}/code/")
    assert page.locator(".checkin-code").inner_text() == session.checkin_code
    assert page.locator(".qr svg").count() == 1
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360

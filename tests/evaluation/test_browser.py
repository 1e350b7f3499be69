"""Answering the monthly questionnaire on a phone (360 px): each tap is saved on the server as
it is made, a reload in the middle loses nothing, an answer given while the connection is down
is kept on the phone and sent when it is back, and the questionnaire is submitted once."""

from typing import Any

import pytest
import time_machine
from django_scopes import scopes_disabled

from kombel.evaluation.enums import ResponseStatus
from kombel.evaluation.models import Response
from tests.browser.conftest import (  # noqa: F401  (the browser fixtures)
    browser,
    console,
    logged_in_page,
    new_page,
)
from tests.browser.helpers import indonesian
from tests.evaluation.conftest import NOW, full_answers

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def clock():  # type: ignore[no-untyped-def]
    """The pinned day, with the clock running (the browser and its timeouts need it to)."""
    with time_machine.travel(NOW, tick=True):
        yield


def saved(page: Any) -> None:
    page.locator("#save-status", has_text=indonesian("Saved.")).wait_for()


def tap(page: Any, name: str, value: int) -> None:
    """Tap an answer and wait until the server has kept it."""
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.locator("label", has=page.locator(f"input[name={name}][value='{value}']")).click()
    assert posted.value.status == 204


def test_answering_on_a_phone_survives_a_reload(logged_in_page: Any, wave, teacher) -> None:  # noqa: F811
    page = logged_in_page(teacher)
    path = f"/s/{wave.school.npsn}/evaluation/waves/{wave.pk}/answer/"
    page.goto(path)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
    tap(page, "kol1", 4)
    tap(page, "kol2", 5)
    saved(page)
    with scopes_disabled():
        assert Response.objects.get().likert == {"kol1": 4, "kol2": 5}

    page.reload()
    assert page.locator("input[name=kol1][value='4']").is_checked()
    assert page.locator("input[name=kol2][value='5']").is_checked()
    assert page.locator("#answered-count").inner_text() == "2"

    page.context.set_offline(True)  # the signal drops in the staff room
    page.locator("input[name=ref1][value='3']").check()
    page.locator(
        "#save-status",
        has_text=indonesian("No connection: kept on this phone, sent when you are back online."),
    ).wait_for()
    page.context.set_offline(False)
    page.reload()
    assert page.locator(".draft-note").count() == 1  # restored from the phone
    assert page.locator("input[name=ref1][value='3']").is_checked()
    saved(page)  # the restored answer went to the server
    with scopes_disabled():
        assert Response.objects.get().likert == {"kol1": 4, "kol2": 5, "ref1": 3}

    for name, value in full_answers(4).items():
        page.locator(f"input[name={name}][value='{value}']").check()
    page.locator("button.primary[type=submit]").click()
    page.locator(".msg-success").wait_for()
    assert indonesian("You have answered this questionnaire. Thank you!") in page.content()
    with scopes_disabled():
        response = Response.objects.get()
    assert response.status == ResponseStatus.SUBMITTED
    assert response.likert == full_answers(4)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360

"""Every control on the main pages is at least 44 px high on a 360 px phone: buttons, links
styled as buttons, fields, the label of each choice (the 1-5 rating), the calendar's
"Berlangganan" links. Measured in the browser, on the demo, as a teacher and a facilitator."""

from typing import Any

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from kombel.communities.models import Meeting
from kombel.core.demo import DemoContext
from kombel.workshops.models import WorkshopSession

pytestmark = [pytest.mark.browser, pytest.mark.clock]

MIN_HEIGHT = 44
CONTROLS = ", ".join(
    [
        "main button",
        "main .btn",
        "main .actions a",
        "main select",
        "main textarea",
        "main input:not([type=hidden]):not([type=radio]):not([type=checkbox])",
        "main label:has(input[type=radio])",
        "main label:has(input[type=checkbox])",
    ]
)
# Each visible control's text and height, for those lower than MIN_HEIGHT.
MEASURE = """(args) => {
  const [selector, min] = args;
  return [...document.querySelectorAll(selector)]
    .filter(el => el.offsetParent !== null)
    .map(el => [(el.innerText || el.name || el.tagName).trim().slice(0, 40),
                Math.round(el.getBoundingClientRect().height)])
    .filter(([, h]) => h < min);
}"""


def _too_small(page: Any, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_load_state()
    return [f"{url}: {text!r} {h} px" for text, h in page.evaluate(MEASURE, [CONTROLS, MIN_HEIGHT])]


def test_every_control_is_at_least_44px_high(demo: DemoContext, logged_in_page: Any) -> None:
    npsn = demo.school.npsn
    with scopes_disabled():
        session = (
            WorkshopSession.objects.filter(school=demo.school, event__date__lte=demo.today)
            .order_by("-event__date")
            .first()
        )
        meeting = (
            Meeting.objects.filter(school=demo.school, date__lte=demo.today)
            .order_by("-date")
            .first()
        )
    assert session is not None and meeting is not None
    teacher_pages = [
        reverse("home"),
        reverse("programs:programme_detail", args=[npsn, demo.programme.pk]),
        reverse("workshops:feedback", args=[npsn, session.pk]),
        reverse("workshops:checkin", args=[npsn]),
        reverse("followups:mine", args=[npsn]),
        reverse("communities:meeting", args=[npsn, meeting.pk]),
        reverse("accounts:account"),
    ]
    facilitator_pages = [
        reverse("workshops:attendance", args=[npsn, session.pk]),
    ]
    problems: list[str] = []
    # guru06 has not rated the sessions yet: the rating buttons are on the page.
    teacher = logged_in_page(demo.users["guru06"])
    for url in teacher_pages:
        problems += _too_small(teacher, url)
    facilitator = logged_in_page(demo.users["kepsek"])
    for url in facilitator_pages:
        problems += _too_small(facilitator, url)
    assert not problems, "controls lower than 44 px:\n" + "\n".join(problems)

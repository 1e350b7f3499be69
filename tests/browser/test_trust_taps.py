"""Tap-to-save controls and drafts on a slow, unreliable connection (issue 7).

Every tap-to-save control (a community meeting's and a workshop session's attendance) must end
in the state the person last chose whatever the order the answers arrive in, say plainly when a
save failed and offer a retry. A draft is dropped the moment the form's own answer confirms the
save, and offered back only when the save did not happen.
"""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from kombel.communities.models import MeetingAttendance, MinuteEntry
from kombel.schools.enums import Role
from kombel.workshops.models import Attendance
from tests.browser.helpers import indonesian
from tests.factories import (
    CommunityFactory,
    EventFactory,
    MembershipFactory,
    ParticipantFactory,
    ProgrammeFactory,
    SchoolFactory,
    UserFactory,
    WorkshopSessionFactory,
)
from tests.factories.communities import MeetingFactory

pytestmark = pytest.mark.browser

# Taps on two people's rows, 0.3 s apart; the last choice of each must win.
TAPS = [("a", "late"), ("b", "absent"), ("a", "absent"), ("b", "late"), ("a", "excused")]
# Seconds each request is held before it reaches the server: later taps overtake earlier ones.
DELAYS = [1.5, 0.2, 0.9, 0.1, 0.6, 0.3, 0.8, 0.2, 0.4, 0.1]


def _person(school: Any, role: str, name: str) -> Any:
    user = UserFactory(full_name=name, language="id")
    MembershipFactory(user=user, school=school, role=role)
    if role == Role.FACILITATOR:
        MembershipFactory(user=user, school=school, role=Role.TEACHER)
    return user


@pytest.fixture
def register(db: Any, request: Any) -> dict[str, Any]:
    """A meeting or a workshop session of yesterday (so attendance may be recorded), its
    facilitator, two people and where the register is, as the parameter says."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with scopes_disabled():
        school = SchoolFactory()
        programme = ProgrammeFactory(
            school=school,
            start=yesterday - datetime.timedelta(days=30),
            end=yesterday + datetime.timedelta(days=60),
        )
        facilitator = _person(school, Role.FACILITATOR, "Ibu Sari Fasilitator")
        a = _person(school, Role.TEACHER, "Budi Santoso")
        b = _person(school, Role.TEACHER, "Rina Marlina")
        if request.param == "meeting":
            community = CommunityFactory(
                programme=programme, name="MIPA Kelas VII", facilitator=facilitator, members=[a, b]
            )
            meeting = MeetingFactory(community=community, date=yesterday)
            url = reverse("communities:meeting", args=[school.npsn, meeting.pk])
            saved: Callable[[], dict[Any, str]] = lambda: dict(  # noqa: E731
                MeetingAttendance.objects.filter(meeting=meeting).values_list("user", "status")
            )
        else:
            for user, role in (
                (facilitator, Role.FACILITATOR),
                (a, Role.TEACHER),
                (b, Role.TEACHER),
            ):
                ParticipantFactory(programme=programme, user=user, role=role)
            session = WorkshopSessionFactory(
                event=EventFactory(
                    programme=programme,
                    date=yesterday,
                    start_time=datetime.time(13, 30),
                    end_time=datetime.time(15, 30),
                )
            )
            session.facilitators.set([facilitator])
            url = reverse("workshops:attendance", args=[school.npsn, session.pk])
            saved = lambda: dict(  # noqa: E731
                Attendance.objects.filter(session=session).values_list("user", "status")
            )
    return {"facilitator": facilitator, "a": a, "b": b, "url": url, "saved": saved}


class SlowNetwork:
    """Holds every attendance POST and lets it reach the server only after its own delay, so
    requests (and their answers) arrive in another order than they were sent."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.held: list[tuple[float, Any]] = []
        self.count = 0
        self.fail = False
        page.route("**/attendance/", self._hold)

    def _hold(self, route: Any) -> None:
        if route.request.method != "POST":
            route.continue_()
            return
        delay = DELAYS[self.count % len(DELAYS)]
        self.count += 1
        self.held.append((self._now() + delay, route))

    def _now(self) -> float:
        return float(self.page.evaluate("performance.now()")) / 1000

    def pump(self, seconds: float) -> None:
        """Let `seconds` pass, releasing each held request when its time comes."""
        end = self._now() + seconds
        while True:
            now = self._now()
            for item in [h for h in self.held if h[0] <= now]:
                self.held.remove(item)
                if self.fail:
                    item[1].abort("internetdisconnected")
                else:
                    item[1].continue_()
            if now >= end:
                return
            self.page.wait_for_timeout(50)

    def settle(self) -> None:
        for _ in range(100):
            self.pump(0.2)
            busy = self.page.locator(".attendance-row.saving").count()
            if not self.held and not busy:
                return
        raise AssertionError("the taps never settled")


def _pressed(page: Any, user: Any) -> str | None:
    pressed = page.locator(f"#att-{user.pk} button[aria-pressed='true']")
    return pressed.get_attribute("value") if pressed.count() else None


@pytest.mark.parametrize("register", ["meeting", "workshop"], indirect=True)
def test_the_last_tap_wins_whatever_order_the_answers_arrive_in(
    register: dict[str, Any], logged_in_page: Any
) -> None:
    page = logged_in_page(register["facilitator"])
    page.goto(register["url"])
    net = SlowNetwork(page)
    for who, value in TAPS:
        page.locator(f"#att-{register[who].pk} button[value={value}]").click()
        # The tap shows at once, before any answer.
        assert _pressed(page, register[who]) == value
        net.pump(0.3)
    net.settle()
    last = {who: value for who, value in TAPS}
    for who, value in last.items():
        assert _pressed(page, register[who]) == value, who
    assert page.locator(".attendance-row.failed").count() == 0
    page.unroute("**/attendance/")
    page.reload()
    for who, value in last.items():
        assert _pressed(page, register[who]) == value, who
    with scopes_disabled():
        assert register["saved"]() == {register[w].pk: v for w, v in last.items()}


@pytest.mark.parametrize("register", ["meeting"], indirect=True)
def test_a_failed_tap_says_so_and_retries(register: dict[str, Any], logged_in_page: Any) -> None:
    page = logged_in_page(register["facilitator"])
    page.goto(register["url"])
    net = SlowNetwork(page)
    net.fail = True
    a = register["a"]
    page.locator(f"#att-{a.pk} button[value=late]").click()
    net.settle()
    row = page.locator(f"#att-{a.pk}")
    expect(row).to_have_class("attendance-row unsaved failed")
    expect(row.locator(".tap-state")).to_contain_text(
        indonesian("Not saved: the connection failed.")
    )
    with scopes_disabled():
        assert register["saved"]() == {}
    net.fail = False
    row.get_by_role("button", name=indonesian("Try again")).click()
    net.settle()
    expect(page.locator(f"#att-{a.pk} button[value=late]")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert page.locator(".attendance-row.failed").count() == 0
    with scopes_disabled():
        assert register["saved"]() == {a.pk: "late"}


@pytest.mark.parametrize("register", ["meeting"], indirect=True)
def test_a_draft_goes_once_saved_and_comes_back_when_not(
    register: dict[str, Any], logged_in_page: Any
) -> None:
    page = logged_in_page(register["facilitator"])
    page.goto(register["url"])
    restored = indonesian("Your unsent draft was restored.")
    form = page.locator("main form[data-autosave=entry]")

    # Saved: the form's own answer confirms it, and no draft comes back, now or later.
    form.locator("textarea[name=text]").fill("Bu Sari berbagi lembar kerja data sadap karet.")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_contain_text(
        indonesian("Your addition to the minutes was saved.")
    )
    assert page.locator(".draft-note").count() == 0
    assert page.locator("main form[data-autosave=entry] textarea[name=text]").input_value() == ""
    page.reload()
    assert page.get_by_text(restored).count() == 0
    with scopes_disabled():
        assert MinuteEntry.objects.count() == 1

    # Not saved (the connection drops): the draft is offered back on the next visit.
    page.route("**/entries/", lambda route: route.abort("internetdisconnected"))
    form.locator("textarea[name=text]").fill("Pak Budi menunjukkan uji pH tanah kebun.")
    form.locator("button[type=submit]").click()
    page.wait_for_timeout(300)
    page.unroute("**/entries/")
    page.goto(register["url"])
    expect(page.locator(".draft-note")).to_contain_text(restored)
    assert (
        page.locator("main form[data-autosave=entry] textarea[name=text]").input_value()
        == "Pak Budi menunjukkan uji pH tanah kebun."
    )
    with scopes_disabled():
        assert MinuteEntry.objects.count() == 1
    # Sent again, it is saved once and the draft is gone.
    page.locator("main form[data-autosave=entry] button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".draft-note").count() == 0
    with scopes_disabled():
        assert MinuteEntry.objects.count() == 2


@pytest.mark.parametrize("register", ["meeting"], indirect=True)
def test_a_form_sent_twice_is_saved_once(register: dict[str, Any], logged_in_page: Any) -> None:
    """A double tap on Save, then a save whose answer was lost (the server saved it, the phone
    never heard): sent again from the restored draft, it is still saved once."""
    page = logged_in_page(register["facilitator"])
    page.goto(register["url"])
    form = page.locator("main form[data-autosave=entry]")
    form.locator("textarea[name=text]").fill("Bu Sari berbagi lembar kerja data sadap karet.")
    form.locator("button[type=submit]").evaluate(
        "b => { b.click(); setTimeout(() => b.click(), 80); }"
    )
    page.wait_for_timeout(1500)
    page.wait_for_load_state()
    with scopes_disabled():
        assert MinuteEntry.objects.count() == 1

    # The answer is lost on the way back: the draft stays, and is offered on the next visit.
    def answer_lost(route: Any) -> None:
        if route.request.method == "POST":
            route.fetch(max_redirects=0)  # it reaches the server...
            page.context.clear_cookies(name="kombel_saved")  # (the fetch kept its cookie)
            route.abort("internetdisconnected")  # ...and the phone never hears back
        else:
            route.continue_()

    page.route("**/entries/", answer_lost)
    form.locator("textarea[name=text]").fill("Pak Budi menunjukkan uji pH tanah kebun.")
    form.locator("button[type=submit]").click()
    page.wait_for_timeout(500)
    page.unroute("**/entries/")
    with scopes_disabled():
        assert MinuteEntry.objects.count() == 2
    page.goto(register["url"])
    expect(page.locator(".draft-note")).to_contain_text(
        indonesian("Your unsent draft was restored.")
    )
    page.locator("main form[data-autosave=entry] button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".draft-note").count() == 0
    with scopes_disabled():
        assert MinuteEntry.objects.count() == 2
    # Changed, it is a new submission.
    page.locator("main form[data-autosave=entry] textarea[name=text]").fill(
        "Refleksi: waktu kurang."
    )
    page.locator("main form[data-autosave=entry] button[type=submit]").click()
    page.wait_for_load_state()
    with scopes_disabled():
        assert MinuteEntry.objects.count() == 3

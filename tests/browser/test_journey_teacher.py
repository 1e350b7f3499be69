"""Journey 2, a teacher's Tuesday (docs: /work/shared/design/JOURNEYS.md).

Bu Guru (guru05) opens Kombel on her phone: today's workshop and her open follow-ups; she
checks in with the code the facilitator (guru01) shows, rates the session, cannot rate it twice,
and adds the draft lesson plan her table produced. In Indonesian, at 360 px, on the demo data.
"""

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django_scopes import scopes_disabled

from kombel.core.demo import DemoContext
from kombel.demo.people import PASSWORD
from kombel.followups import services as followup_services
from kombel.followups.queries import open_items_for_user
from kombel.programs import services as programme_services
from kombel.programs.enums import AttendanceStatus
from kombel.workshops import services as workshop_services
from kombel.workshops.enums import WORKSHOP_KIND, OutputKind
from kombel.workshops.models import SessionFeedback, SessionOutput, WorkshopSession
from tests.browser.helpers import indonesian
from tests.browser.journeys import fits_phone, path_of, window_around_now

pytestmark = [pytest.mark.browser, pytest.mark.clock]


@pytest.fixture
def workshop(demo: DemoContext) -> WorkshopSession:
    """A workshop today around now (whatever the weekday), run by guru01, with one material."""
    date, start, end = window_around_now(demo.school)
    facilitator = demo.users["guru01"]
    with scopes_disabled():
        event = programme_services.event_create(
            programme=demo.programme,
            actor=facilitator,
            confirm=True,
            kind=WORKSHOP_KIND,
            title="Lokakarya: Merancang asesmen formatif",
            date=date,
            start_time=start,
            end_time=end,
            location="Ruang guru",
        )
        material = demo.programme.materials.order_by("order").first()
        session = workshop_services.session_create(
            event=event,
            actor=facilitator,
            agenda="Contoh asesmen formatif\nKerja kelompok per meja",
            materials=[material] if material else [],
            facilitators=[facilitator],
        )
        workshop_services.resource_add(
            session=session,
            actor=facilitator,
            title="Lembar kerja asesmen formatif",
            upload=None,
            url="https://example.org/lembar-kerja",
        )
        return session


def _open_follow_up(demo: DemoContext, teacher: Any) -> Any:
    with scopes_disabled():
        item = open_items_for_user(teacher).first()
        if item is None:
            item = followup_services.action_item_create(
                # A session already held: a follow-up is not due before the day it was agreed.
                source=WorkshopSession.objects.filter(
                    school=demo.school, event__date__lte=demo.today
                )
                .order_by("-event__date", "pk")
                .first(),
                actor=demo.users["guru01"],
                owner=teacher,
                description="Mencoba kartu keluar di kelas VII-B dan mencatat hasilnya",
                due_date=demo.today + datetime.timedelta(days=7),
            )
        return item


def test_a_teachers_tuesday(
    demo: DemoContext,
    workshop: WorkshopSession,
    new_page: Any,
    log_in: Any,
    logged_in_page: Any,
) -> None:
    teacher = demo.users["guru05"]
    npsn = demo.school.npsn
    item = _open_follow_up(demo, teacher)
    session_url = reverse("workshops:session", args=[npsn, workshop.pk])

    # She opens Kombel on her phone: today's workshop and her open follow-ups, in Indonesian.
    phone = new_page()
    log_in(phone, teacher, password=PASSWORD)
    assert path_of(phone) == reverse("home")
    fits_phone(phone)
    main = phone.locator("main")
    today_card = main.locator("section.card", has_text=indonesian("Today's workshop"))
    assert today_card.get_by_role("link", name=workshop.event.title).count() == 1
    assert today_card.get_by_role("link", name="Lembar kerja asesmen formatif").count() == 1
    follow_ups = main.locator("section.card", has_text=indonesian("My open follow-ups"))
    assert follow_ups.get_by_role("link", name=item.description).count() == 1

    # The workshop page shows what will be covered.
    today_card.get_by_role("link", name=workshop.event.title).click()
    assert path_of(phone) == session_url
    fits_phone(phone)
    with scopes_disabled():
        material_titles = [m.title for m in workshop.materials.all()]
    for title in material_titles:
        assert phone.locator("main").get_by_text(title).count() >= 1

    # The facilitator puts the check-in code on the screen.
    screen = logged_in_page(demo.users["guru01"])
    screen.goto(reverse("workshops:code", args=[npsn, workshop.pk]))
    fits_phone(screen)
    code = screen.locator(".checkin-code").inner_text().strip()
    with scopes_disabled():
        workshop.refresh_from_db()
    assert code == workshop.checkin_code

    # She types the code on the check-in page.
    # Her workshop's own check-in link: on a workshop day the demo's workshop is on today too.
    phone.goto(reverse("home"))
    phone.locator("main li", has_text=workshop.event.title).get_by_role(
        "link", name=indonesian("Check in")
    ).click()
    assert path_of(phone) == reverse("workshops:checkin", args=[npsn])
    fits_phone(phone)
    phone.locator("input[name=code]").fill(code.lower())
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_load_state()
    assert path_of(phone) == session_url
    fits_phone(phone)
    with translation.override("id"):
        checked_in = gettext("You are checked in: %(status)s.") % {
            "status": str(AttendanceStatus.PRESENT.label)
        }
    assert phone.locator(".messages").inner_text().strip() == checked_in

    # The facilitator's register shows her present.
    screen.goto(reverse("workshops:attendance", args=[npsn, workshop.pk]))
    fits_phone(screen)
    row = screen.locator(f"#att-{teacher.pk}")
    assert row.locator("button.tap-present").get_attribute("aria-pressed") == "true"

    # She rates the session; a second tab with the form still open tries again.
    feedback_url = reverse("workshops:feedback", args=[npsn, workshop.pk])
    second_tab = phone.context.new_page()
    second_tab.goto(feedback_url)
    phone.locator("main").get_by_role("link", name=indonesian("Give feedback")).click()
    assert path_of(phone) == feedback_url
    fits_phone(phone)
    phone.locator("input[name=rating][value='4']").check()
    phone.locator("textarea[name=comment]").fill("Contoh asesmennya sangat membantu.")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_load_state()
    assert path_of(phone) == session_url
    assert phone.get_by_text(indonesian("Thank you for your feedback.")).count() == 1

    second_tab.locator("input[name=rating][value='2']").check()
    second_tab.locator("textarea[name=comment]").fill("Komentar kedua")
    second_tab.locator("main form button[type=submit]").click()
    second_tab.wait_for_load_state()
    fits_phone(second_tab)
    duplicate = indonesian(
        "You have already given feedback on this session; it was kept as it was."
    )
    assert second_tab.locator("main [role=alert]").inner_text().strip() == duplicate
    with scopes_disabled():
        kept = SessionFeedback.objects.get(session=workshop, user=teacher)
    assert (kept.rating, kept.comment) == (4, "Contoh asesmennya sangat membantu.")
    second_tab.close()

    # Coming back to the feedback page later says so too.
    phone.goto(feedback_url)
    fits_phone(phone)
    with translation.override("id"):
        already = gettext("You already gave this session %(rating)s of 5. Thank you.") % {
            "rating": 4
        }
    assert phone.locator("main").get_by_text(already).count() == 1

    # She adds her table's draft lesson plan as an output: title and link.
    phone.goto(session_url)
    phone.locator("main").get_by_role("link", name=indonesian("Add an output")).click()
    assert path_of(phone) == reverse("workshops:output_add", args=[npsn, workshop.pk])
    fits_phone(phone)
    title = "Draf modul ajar: pola bilangan dari data sadap karet"
    link = "https://drive.google.com/file/d/draf-modul-ajar-meja-3"
    phone.locator("input[name=title]").fill(title)
    phone.locator("select[name=kind]").select_option(OutputKind.LESSON_PLAN.value)
    phone.locator("input[name=url]").fill(link)
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_load_state()
    assert path_of(phone) == session_url
    fits_phone(phone)
    assert phone.get_by_text(indonesian("The output was added.")).count() == 1
    outputs = phone.locator("main section.card", has_text=indonesian("Outputs"))
    assert outputs.get_by_text(title).count() == 1
    assert outputs.locator(f"a[href='{link}']").count() == 1
    with scopes_disabled():
        output = SessionOutput.objects.get(session=workshop)
        assert [a.username for a in output.authors.all()] == ["guru05"]

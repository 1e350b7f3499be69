"""Journey 3, the community meets (docs: /work/shared/design/JOURNEYS.md).

The facilitator of "MIPA Kelas VII" (guru01) opens today's meeting on her phone, marks
attendance with one tap per person, records what was shared and the reflection, and agrees three
follow-ups, each with an owner and a date; each owner sees theirs on their home page at once and
one marks theirs done. In Indonesian, at 360 px, on the demo data.
"""

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import formats, translation
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from kombel.communities import services as community_services
from kombel.communities.models import Community, Meeting, MeetingAttendance
from kombel.core.demo import DemoContext
from kombel.followups.enums import ItemStatus
from kombel.followups.models import ActionItem
from tests.browser.helpers import indonesian
from tests.browser.journeys import fits_phone, path_of, window_around_now

pytestmark = [pytest.mark.browser, pytest.mark.clock]

COMMUNITY = "MIPA Kelas VII"
FOLLOW_UPS = [
    ("guru03", "Mencoba lembar kerja data sadap karet di kelas VII-A", 7),
    ("guru06", "Menyusun tiga soal cerita bernalar tentang kebun sawit", 10),
    ("guru09", "Mengamati kelas Bu guru03 dan menulis catatan singkat", 14),
]


@pytest.fixture
def meeting(demo: DemoContext) -> Meeting:
    """Today's meeting of the grade-VII maths and science community (whatever the weekday)."""
    date, start, _end = window_around_now(demo.school)
    with scopes_disabled():
        community = Community.objects.get(school=demo.school, name=COMMUNITY)
        existing = Meeting.objects.filter(community=community, date=date).first()
        if existing is not None:
            return existing
        return community_services.meeting_create(
            community=community,
            actor=community.facilitator,
            date=date,
            start_time=start,
            location="Laboratorium IPA",
            agenda="Berbagi praktik proyek kebun karet",
            # On a workshop day the demo's workshop may share the hour: kept knowingly.
            confirm=True,
        )


def _tap(page: Any, member_pk: Any, label: str, value: str) -> None:
    """One tap on a member's status; waits for htmx to save it and swap the member's row."""
    tap = page.locator(f"#att-{member_pk} button[value='{value}']")
    assert tap.inner_text().strip() == label
    with page.expect_response(lambda r: r.request.method == "POST") as response:
        tap.click()
    assert response.value.status == 200
    # The answer replaces the row: wait for the swapped row, not just for the response.
    expect(page.locator(f"#att-{member_pk} button[value='{value}']")).to_have_attribute(
        "aria-pressed", "true"
    )


def _checked(page: Any, member_pk: Any) -> str | None:
    pressed = page.locator(f"#att-{member_pk} button[aria-pressed='true']")
    return pressed.get_attribute("value") if pressed.count() else None


def test_the_community_meets(
    demo: DemoContext, meeting: Meeting, logged_in_page: Any, console: Any
) -> None:
    npsn = demo.school.npsn
    with scopes_disabled():
        community = meeting.community
        facilitator = community.facilitator
        members = [m.user for m in community.memberships.select_related("user")]
    assert facilitator.username in {"guru01", "guru02", "guru03", "guru04"}
    meeting_url = reverse("communities:meeting", args=[npsn, meeting.pk])

    # The facilitator opens the meeting on her phone, from her home page's next activities...
    phone = logged_in_page(facilitator)
    phone.goto(reverse("home"))
    fits_phone(phone)
    with scopes_disabled():
        event_title = meeting.event.title
    next_activities = phone.locator("main section.card", has_text=indonesian("My next activities"))
    next_activities.get_by_role("link", name=event_title).first.click()
    fits_phone(phone)
    # Several communities may meet that day: the link names hers.
    open_hers = indonesian("Open the meeting of %(community)s") % {"community": COMMUNITY}
    phone.locator("main").get_by_role("link", name=open_hers).click()
    assert path_of(phone) == meeting_url
    fits_phone(phone)

    # ... or through her school's learning communities.
    phone.goto(reverse("home"))
    phone.locator("main").get_by_role("link", name=demo.school.name).click()
    fits_phone(phone)
    phone.locator("main").get_by_role("link", name=indonesian("Learning communities")).click()
    fits_phone(phone)
    phone.locator("main").get_by_role("link", name=COMMUNITY).first.click()
    fits_phone(phone)
    with translation.override("id"):
        today_label = formats.date_format(meeting.date, "j F Y")
    phone.locator("main").get_by_role("link", name=today_label).first.click()
    assert path_of(phone) == meeting_url
    fits_phone(phone)

    # One tap per person: everyone present but one, each tap saved at once (htmx).
    absent = next(m for m in members if m != facilitator)
    present, away = indonesian("Present"), indonesian("Absent")
    for member in members:
        if member == absent:
            _tap(phone, member.pk, away, "absent")
        else:
            _tap(phone, member.pk, present, "present")
        assert _checked(phone, member.pk) == ("absent" if member == absent else "present")
    assert console.errors == []
    phone.reload()
    fits_phone(phone)
    for member in members:
        assert _checked(phone, member.pk) == ("absent" if member == absent else "present"), member
    with scopes_disabled():
        saved = dict(
            MeetingAttendance.objects.filter(meeting=meeting).values_list("user_id", "status")
        )
    assert saved == {m.pk: "absent" if m == absent else "present" for m in members}

    # What was shared, and the reflection: what went well, what was lacking, what next.
    record = {
        "notes": "Bu Sari berbagi lembar kerja data sadap karet; Pak Budi menunjukkan uji pH "
        "tanah kebun dengan kertas lakmus.",
        "practice_shared": "Lembar kerja kontekstual dari data kebun karet keluarga siswa.",
        "went_well": "Siswa lebih aktif bertanya ketika data diambil dari kebun sendiri.",
        "lacking": "Waktu uji coba terlalu singkat; belum semua kelompok selesai.",
        "next_steps": "Setiap anggota mencoba satu lembar kerja kontekstual di kelasnya.",
    }
    phone.locator("main").get_by_role("link", name=indonesian("Write the minutes")).click()
    assert path_of(phone) == reverse("communities:meeting_record", args=[npsn, meeting.pk])
    fits_phone(phone)
    for name, text in record.items():
        phone.locator(f"main form [name={name}]").fill(text)
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_load_state()
    assert path_of(phone) == meeting_url
    fits_phone(phone)
    assert phone.locator(".messages").inner_text().strip() == indonesian(
        "The meeting record was saved."
    )
    for text in record.values():
        assert phone.locator("main").get_by_text(text).count() == 1, text

    # Three follow-ups, each with an owner and a due date.
    for username, description, days in FOLLOW_UPS:
        owner = demo.users[username]
        form = phone.locator("main form", has=phone.locator("[name=owner]"))
        form.locator("[name=description]").fill(description)
        form.locator("select[name=owner]").select_option(str(owner.pk))
        form.locator("input[name=due_date]").fill(
            (demo.today + datetime.timedelta(days)).isoformat()
        )
        form.locator("button[type=submit]").click()
        phone.wait_for_load_state()
        assert path_of(phone) == meeting_url
        fits_phone(phone)
        assert phone.locator(".messages").inner_text().strip() == indonesian(
            "The follow-up was added."
        )
    items_card = phone.locator("main section.card", has_text=indonesian("Follow-ups (RTL)"))
    for _username, description, _days in FOLLOW_UPS:
        assert items_card.get_by_role("link", name=description).count() == 1

    # Each owner sees theirs on their home page at once.
    owner_pages = {}
    for username, description, _days in FOLLOW_UPS:
        page = logged_in_page(demo.users[username])
        page.goto(reverse("home"))
        fits_phone(page)
        card = page.locator("main section.card", has_text=indonesian("My open follow-ups"))
        assert card.get_by_role("link", name=description).count() == 1, username
        owner_pages[username] = page

    # One owner marks theirs done, with a note.
    username, description, _days = FOLLOW_UPS[0]
    page = owner_pages[username]
    page.locator("main").get_by_role("link", name=description).click()
    fits_phone(page)
    note = "Sudah dicoba di VII-A; 28 siswa mengerjakan, hasilnya dibawa ke pertemuan berikut."
    page.locator("main form select[name=status]").select_option(ItemStatus.DONE.value)
    page.locator("main form textarea[name=note]").fill(note)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    fits_phone(page)
    assert page.locator(".messages").inner_text().strip() == indonesian(
        "The follow-up was updated."
    )
    assert page.locator("main dl").get_by_text(note).count() == 1
    with scopes_disabled():
        item = ActionItem.objects.get(owner=demo.users[username], description=description)
    assert (item.status, item.status_note) == (ItemStatus.DONE, note)

    page.goto(reverse("home"))
    card = page.locator("main section.card", has_text=indonesian("My open follow-ups"))
    assert card.get_by_role("link", name=description).count() == 0

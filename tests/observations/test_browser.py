"""Capturing a lesson on a phone with no connection for the whole lesson: taps, notes and a
note's photo stay on the phone (IndexedDB), the page reloads offline from the service worker's
cache, and when the connection returns every note and the photo arrive once."""

import io
import time
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from kombel.observations.models import Note, Score
from tests.browser.conftest import (  # noqa: F401  (the browser fixtures)
    browser,
    console,
    logged_in_page,
    new_page,
)
from tests.browser.helpers import indonesian
from tests.observations.conftest import NOW

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def clock():  # type: ignore[no-untyped-def]
    """The pinned day, with the clock running (the browser and its timeouts need it to)."""
    with time_machine.travel(NOW, tick=True):
        yield


def status(page: Any, msgid: str) -> None:
    page.locator("#sync-status", has_text=indonesian(msgid)).wait_for()


def until(page: Any, expression: str, seconds: float = 15) -> None:
    """Poll `expression` from Python: `wait_for_function` evaluates its predicate with eval,
    which the page's CSP (no 'unsafe-eval') refuses whenever the first try is not yet true."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"never true: {expression}"
        page.wait_for_timeout(100)


def note(page: Any, text: str, student: str = "", photo: Path | None = None) -> None:
    page.fill("#note-student", student)
    page.fill("#note-text", text)
    if photo is not None:
        page.set_input_files("#note-photo", str(photo))
    page.click("#note-add")
    page.locator("#notes li", has_text=text).wait_for()
    if photo is not None:  # made small and kept beside the note
        page.locator("#notes li", has_text=text).locator(".photo-mark").wait_for()


def camera_photo(folder: Path) -> Path:
    """A phone camera's photo: large, with the maker and a GPS position in its EXIF."""
    from PIL import Image

    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {2: (1.0, 30.0, 0.0)}
    out = io.BytesIO()
    Image.new("RGB", (2000, 1500), (11, 110, 79)).save(out, "JPEG", exif=exif)
    path = folder / "kelas.jpg"
    path.write_bytes(out.getvalue())
    return path


def test_a_lesson_captured_offline_arrives_once(
    logged_in_page: Any,  # noqa: F811
    observation,
    peer,
    tmp_path: Path,
    settings: Any,
) -> None:
    with scopes_disabled():
        items = {i.code: i for i in observation.instrument_version.items.all()}
    page = logged_in_page(peer)
    path = f"/s/{observation.school.npsn}/observations/{observation.pk}/capture/"
    page.goto(path)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
    # The service worker controls the page and the page is in its cache: ready for no signal.
    until(page, "!!(navigator.serviceWorker && navigator.serviceWorker.controller)")
    until(
        page,
        "caches.open('kombel-capture-v2').then(c => c.match(location.pathname)).then(Boolean)",
    )
    status(page, "Everything is sent.")

    page.context.set_offline(True)  # no signal in the classroom for the whole lesson
    page.locator(f"input[name=item_{items['d111'].pk}][value='3']").check()
    page.locator(f"input[name=item_{items['d131'].pk}][value='2']").check()
    note(page, "Kelompok 2 berdiskusi aktif")
    note(page, "Belum membuka buku", student="Bayu (kursi 12)", photo=camera_photo(tmp_path))
    # Polled: each change tries to send, so "Sending…" shows for a moment before the count.
    waiting = expect(page.locator("#sync-status"))
    waiting.to_contain_text(indonesian("Waiting to be sent (kept on this phone):"))
    waiting.to_contain_text("2 " + indonesian("notes"))
    waiting.to_contain_text("1 " + indonesian("photos"))

    page.reload()  # still offline: the page comes from the service worker's cache
    page.locator("#notes li", has_text="Belum membuka buku").locator(".photo-mark").wait_for()
    assert page.locator(f"input[name=item_{items['d111'].pk}][value='3']").is_checked()
    expect(page.locator("#sync-status")).to_contain_text("1 " + indonesian("photos"))
    note(page, "Guru memberi contoh di papan")
    expect(page.locator("#sync-status")).to_contain_text("3 " + indonesian("notes"))
    with scopes_disabled():
        assert Note.objects.count() == 0  # nothing reached the server yet

    page.context.set_offline(False)  # back in the staff room
    status(page, "Everything is sent.")
    # The same batch once more (as if the answer had been lost on the way): nothing doubles.
    page.evaluate(
        """() => new Promise((resolve) => {
          const req = indexedDB.open("kombel-capture", 1);
          req.onsuccess = () => {
            const store = req.result.transaction("ops", "readwrite").objectStore("ops");
            store.getAll().onsuccess = (e) => {
              e.target.result.forEach((op) => { op.sent = false; store.put(op); });
              resolve();
            };
          };
        })"""
    )
    page.reload()
    status(page, "Everything is sent.")
    with scopes_disabled():
        assert sorted(Note.objects.values_list("text", flat=True)) == [
            "Belum membuka buku",
            "Guru memberi contoh di papan",
            "Kelompok 2 berdiskusi aktif",
        ]
        with_photo = Note.objects.get(text="Belum membuka buku")
        assert with_photo.student == "Bayu (kursi 12)"
        assert [n.text for n in Note.objects.exclude(photo="")] == ["Belum membuka buku"]
    # Sent once (the replay above sent nothing more), made small on the phone, without EXIF.
    assert len(list((Path(settings.MEDIA_ROOT) / "observations").rglob("*.jpg"))) == 2
    from PIL import Image

    with with_photo.photo.open("rb") as stored, Image.open(stored) as image:
        assert max(image.size) <= 1280 and not image.getexif()
    with scopes_disabled():
        assert sorted(Score.objects.values_list("item__code", "value")) == [
            ("d111", 3),
            ("d131", 2),
        ]
    page.locator("#submit-record").click()
    page.wait_for_url(f"**/observations/{observation.pk}/")
    with scopes_disabled():
        assert observation.records.get(observer=peer).submitted_at is not None


def test_the_builder_fits_a_phone(logged_in_page: Any, d1, principal) -> None:  # noqa: F811
    """The draft's sheet with its tools, an item's form open, at 360 px; a move is one tap."""
    with scopes_disabled():
        instrument = d1.instrument
    page = logged_in_page(principal)
    url = f"/s/{instrument.school.npsn}/observations/instruments/{instrument.pk}/"
    page.goto(url)
    page.locator("form[action$='/draft/'] button").click()
    page.locator(".builder-section").first.wait_for()
    first = page.locator(".builder-section li[id^=item-]").first
    text = first.inner_text().split("\n")[0].strip()
    first.locator("summary", has_text=indonesian("Change the item")).click()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
    first.locator("button", has_text=indonesian("Down")).click()
    page.wait_for_url(f"**{url}#item-*")
    second = page.locator(".builder-section").first.locator("li[id^=item-]").nth(1)
    assert second.inner_text().startswith(text)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360

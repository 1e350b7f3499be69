"""On a phone (360 px): a half-written section survives a dropped connection, and the plan and
the comparison of two revisions fit the screen."""

from typing import Any

import pytest

from kombel.lessons import services
from tests.browser.conftest import (  # noqa: F401  (the browser fixtures)
    browser,
    console,
    logged_in_page,
    new_page,
)
from tests.browser.helpers import indonesian
from tests.factories.lessons import plan_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_half_written_section_survives_a_dropped_connection(logged_in_page: Any, team) -> None:  # noqa: F811
    author = team.teachers[0]
    plan = plan_for(team.school, author, write={"asesmen": "Kuis lama"})
    section = plan.sections.get(key="asesmen")
    services.section_save(
        actor=author, section=section, content="Kuis pilihan ganda", version=section.version
    )
    page = logged_in_page(author)
    base = f"/s/{team.school.npsn}/lessons/{plan.pk}/"
    page.goto(base + "sections/asesmen/")
    page.locator("textarea[name=content]").fill("Kuis dan proyek kebun sekolah")
    page.context.set_offline(True)  # the signal drops before the save
    page.locator("form[data-autosave] button[type=submit]").click()
    page.wait_for_timeout(300)
    page.context.set_offline(False)
    page.goto(base + "sections/asesmen/")
    assert page.locator("textarea[name=content]").input_value() == "Kuis dan proyek kebun sekolah"
    page.locator(".draft-note", has_text=indonesian("Your unsent draft was restored.")).wait_for()
    page.locator("form[data-autosave] button[type=submit]").click()
    page.wait_for_url(f"**{base}#s-asesmen")
    section.refresh_from_db()
    assert section.content == "Kuis dan proyek kebun sekolah"
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
    page.goto(base + "compare/")
    assert page.locator("ins", has_text="proyek").count() >= 1
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360


def test_an_image_uploaded_on_a_phone_shows_in_the_plan_within_the_screen(
    logged_in_page: Any,  # noqa: F811
    team,
    tmp_path,
) -> None:
    from PIL import Image

    author = team.teachers[0]
    plan = plan_for(team.school, author, write={"lkpd": "Lembar kerja"})
    photo = tmp_path / "sawah.jpg"
    Image.new("RGB", (2400, 1600), (40, 150, 70)).save(photo, "JPEG")
    page = logged_in_page(author)
    base = f"/s/{team.school.npsn}/lessons/{plan.pk}/"
    page.goto(base + "sections/lkpd/")
    page.locator("input[name=image]").set_input_files(str(photo))
    page.locator("input[name=alt]").fill("Sawah di belakang sekolah")
    page.locator("#images button[type=submit]").click()
    page.locator(".image-list img").wait_for()
    page.goto(base)
    image = page.locator(".md img[alt='Sawah di belakang sekolah']")
    image.wait_for()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
    width = image.evaluate("img => img.complete && img.naturalWidth")
    assert width == 1280  # served, resized for phones
    assert image.evaluate("img => img.getBoundingClientRect().width") <= 360

"""A parent on a phone: opens the invitation, sets a PIN, agrees, lands in the forum."""

from typing import Any

import pytest
from django_scopes import scopes_disabled

from kombel.participation import services
from kombel.participation.enums import SpaceKind
from kombel.participation.models import Post
from kombel.schools.enums import Role
from tests.browser.conftest import (  # noqa: F401  (the browser fixtures)
    browser,
    console,
    new_page,
    page,
)
from tests.factories.participation import SpaceFactory

pytestmark = pytest.mark.browser


def test_parent_joins_by_link_and_replies_on_a_phone(page: Any, school, klass, principal) -> None:  # noqa: F811
    with scopes_disabled():
        space = SpaceFactory(school=school, kind=SpaceKind.PARENTS, title="Forum Orang Tua")
        thread = services.thread_create(
            actor=principal, space=space, title="Selamat datang", body="Silakan berbagi."
        )
        _invitation, token = services.invitation_create(
            actor=principal,
            school=school,
            role=Role.PARENT,
            name="Ibu Yusnidar",
            phone="081234567890",
            school_class=klass,
        )
    page.goto(f"/join/{token}/")
    assert page.locator("#id_username").input_value() == "081234567890"
    page.fill("#id_password", "274519")
    page.fill("#id_password2", "274519")
    page.check("#id_consent")
    page.click("button[type=submit]")
    page.locator("text=Forum Orang Tua").first.wait_for()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
    page.goto(f"/s/{school.npsn}/participation/threads/{thread.pk}/")
    page.fill("#id_body", "Terima kasih, Pak.")
    page.click("form.form button[type=submit]")
    page.locator("text=Terima kasih, Pak.").wait_for()
    with scopes_disabled():
        assert Post.objects.filter(thread=thread).count() == 2
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360

"""In Indonesian no ISO date leaks: names of dated things (in the audit log, follow-up sources)
read "18 Desember 2026", not "2026-12-18"."""

import datetime
import re

from django.utils import translation

from kombel.core.audit import log_action
from kombel.schools.enums import Role
from tests.factories import EventFactory, SchoolClosureFactory
from tests.factories.communities import MeetingFactory

ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
DAY = datetime.date(2026, 12, 18)


def test_dated_things_are_named_with_the_locales_date(db, unscoped):  # type: ignore[no-untyped-def]
    event = EventFactory(date=DAY, title="Lokakarya")
    meeting = MeetingFactory(date=DAY)
    closure = SchoolClosureFactory(date=DAY, reason="Libur")
    with translation.override("id"):
        names = [str(event), str(meeting), str(closure)]
    assert names[0] == "Lokakarya (18 Desember 2026)"
    assert all("18 Desember 2026" in name and not ISO.search(name) for name in names)


def test_the_audit_log_shows_no_iso_date(client, world, settings):  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "id"
    school = world.own.school
    principal = world.own.users[Role.PRINCIPAL]
    with translation.override("id"):
        event = EventFactory(programme__school=school, date=DAY)
        log_action("programs.event.updated", actor=principal, school=school, obj=event)
    client.force_login(principal)
    client.cookies["django_language"] = "id"

    html = client.get(f"/s/{school.npsn}/audit/").content.decode()

    assert "18 Desember 2026" in html
    assert not ISO.search(re.sub(r"<[^>]+>", "", html))


def test_an_aware_datetime_is_named_by_the_schools_day():  # type: ignore[no-untyped-def]
    """23.30 UTC on 15 December is 06.30 on 16 December in Tebo (Asia/Jakarta)."""
    from kombel.core.dates import day_text, weekday_text

    instant = datetime.datetime(2026, 12, 15, 23, 30, tzinfo=datetime.UTC)
    with translation.override("id"):
        assert day_text(instant) == "16 Desember 2026"
        assert weekday_text(instant) == "Rabu, 16 Desember 2026"
        assert day_text(DAY) == "18 Desember 2026"

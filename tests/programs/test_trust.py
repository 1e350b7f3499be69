"""Programmes: a draft can be deleted, an active one ended or archived with everything kept; the
programme page and the school's workshop list stay short however long the calendar (issue 7)."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scopes_disabled

from kombel.core.models import AuditLog
from kombel.programs import services
from kombel.programs.enums import ProgrammeStatus
from kombel.programs.models import Event, Programme
from kombel.schools.enums import Role
from tests.factories import CommunityFactory, EventFactory, ProgrammeFactory
from tests.factories.workshops import AttendanceFactory, WorkshopSessionFactory

pytestmark = pytest.mark.django_db
NOON = datetime.datetime(2026, 10, 15, 5, tzinfo=datetime.UTC)  # 15 October 2026, 12.00 WIB


def _programme(world, status, **kw):  # type: ignore[no-untyped-def]
    return ProgrammeFactory(
        school=world.own.school,
        status=status,
        start=datetime.date(2026, 9, 1),
        end=datetime.date(2026, 12, 31),
        **kw,
    )


def test_a_draft_programme_is_deleted_with_its_calendar(world):  # type: ignore[no-untyped-def]
    with scopes_disabled():
        draft = _programme(world, ProgrammeStatus.DRAFT)
        EventFactory(programme=draft, date=datetime.date(2026, 9, 8))
        principal = world.own.users[Role.PRINCIPAL]
        services.programme_delete(programme=draft, actor=principal, version=draft.version)
        assert not Programme.objects.filter(pk=draft.pk).exists()
        assert not Event.objects.filter(programme_id=draft.pk).exists()
        assert AuditLog.objects.filter(action="programs.programme.deleted").count() == 1


@pytest.mark.parametrize("what", ["active", "community", "attendance"])
def test_what_has_records_or_ran_is_never_deleted(world, what):  # type: ignore[no-untyped-def]
    with scopes_disabled():
        status = ProgrammeStatus.ACTIVE if what == "active" else ProgrammeStatus.DRAFT
        programme = _programme(world, status)
        if what == "community":
            CommunityFactory(programme=programme)
        if what == "attendance":
            event = EventFactory(programme=programme, date=datetime.date(2026, 9, 8))
            AttendanceFactory(session=WorkshopSessionFactory(event=event))
        with pytest.raises(ValidationError):
            services.programme_delete(
                programme=programme, actor=world.own.users[Role.PRINCIPAL], version=None
            )
        assert Programme.objects.filter(pk=programme.pk).exists()


def test_ending_keeps_everything_and_cancels_what_is_to_come(world):  # type: ignore[no-untyped-def]
    with scopes_disabled(), time_machine.travel(NOON, tick=False):
        programme = _programme(world, ProgrammeStatus.ACTIVE)
        past = EventFactory(programme=programme, date=datetime.date(2026, 10, 1))
        record = AttendanceFactory(session=WorkshopSessionFactory(event=past))
        future = EventFactory(programme=programme, date=datetime.date(2026, 11, 5))
        services.programme_end(
            programme=programme, actor=world.own.users[Role.PRINCIPAL], version=None
        )
        programme.refresh_from_db()
        past.refresh_from_db()
        future.refresh_from_db()
        assert programme.status == ProgrammeStatus.COMPLETED
        assert (past.is_cancelled, future.is_cancelled) == (False, True)
        assert type(record).objects.filter(pk=record.pk).exists()
        # Ended once; not twice.
        with pytest.raises(ValidationError):
            services.programme_end(programme=programme, actor=None, version=None)


def test_archived_programmes_leave_the_lists_but_stay_readable(client, world):  # type: ignore[no-untyped-def]
    with scopes_disabled():
        programme = _programme(world, ProgrammeStatus.COMPLETED, title="Program Lama 2025")
        EventFactory(
            programme=programme,
            kind="workshop",
            title="Lokakarya lama",
            date=datetime.date(2026, 9, 8),
        )
        principal = world.own.users[Role.PRINCIPAL]
    client.force_login(principal)
    npsn = world.own.school.npsn
    archive = reverse("programs:programme_archive", args=[npsn, programme.pk])
    assert client.post(archive, {"version": programme.version}).status_code == 302
    with scopes_disabled():
        programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.ARCHIVED
    listing = client.get(reverse("programs:programme_list", args=[npsn]))
    assert programme not in listing.context["programmes"]
    assert programme in listing.context["archived"]
    workshops = client.get(reverse("workshops:list", args=[npsn])).content.decode()
    assert "Lokakarya lama" not in workshops
    page = client.get(reverse("programs:programme_detail", args=[npsn, programme.pk]))
    assert page.status_code == 200 and "Program Lama 2025" in page.content.decode()


def test_the_pages_ask_first(client, world):  # type: ignore[no-untyped-def]
    with scopes_disabled():
        draft = _programme(world, ProgrammeStatus.DRAFT)
    client.force_login(world.own.users[Role.PRINCIPAL])
    html = client.get(
        reverse("programs:programme_detail", args=[world.own.school.npsn, draft.pk]),
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert '<details class="confirm"><summary class="btn small">Delete the draft' in html
    assert "Yes, delete the draft" in html


def test_a_long_calendar_is_shown_one_month_at_a_time(client, world, django_assert_num_queries):  # type: ignore[no-untyped-def]
    with scopes_disabled():
        programme = _programme(world, ProgrammeStatus.ACTIVE)
        Event.objects.bulk_create(
            [
                Event(
                    school=programme.school,
                    programme=programme,
                    kind="other",
                    title=f"Kegiatan {i}",
                    date=datetime.date(2026, 9, 1) + datetime.timedelta(days=i % 120),
                    start_time=datetime.time(13, 30),
                    end_time=datetime.time(15, 30),
                )
                for i in range(480)
            ]
        )
    client.force_login(world.own.users[Role.TEACHER])
    url = reverse("programs:programme_detail", args=[world.own.school.npsn, programme.pk])
    with time_machine.travel(NOON, tick=False):
        response = client.get(url)
    assert response.context["month"] == datetime.date(2026, 10, 1)
    assert len(response.context["month_events"]) == 4 * 31
    assert len(response.context["months"]) == 4
    assert response.content.decode().count('class="event ') == 4 * 31
    december = client.get(url + "?month=2026-12")
    assert december.context["month"] == datetime.date(2026, 12, 1)


def test_the_workshop_list_is_paged(client, world):  # type: ignore[no-untyped-def]
    with scopes_disabled():
        programme = _programme(world, ProgrammeStatus.ACTIVE)
        for i in range(45):
            EventFactory(
                programme=programme,
                kind="workshop",
                date=datetime.date(2026, 9, 1) + datetime.timedelta(days=i),
            )
    client.force_login(world.own.users[Role.TEACHER])
    url = reverse("workshops:list", args=[world.own.school.npsn])
    with time_machine.travel(NOON, tick=False):
        first = client.get(url)
        second = client.get(url + "?past=2")
    assert len(first.context["past"]) == 20
    assert first.context["past"].paginator.count >= 44
    assert second.context["past"].number == 2

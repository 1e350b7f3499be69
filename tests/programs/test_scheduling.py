"""Scheduling you can trust (issue 7): clashes for the same participants are avoided by the
generator and named when a move would make one; cancelling asks first; a cancelled or moved
activity and every reminder reach the invited in the app (with or without e-mail) and by e-mail
where an address exists."""

import datetime
import itertools

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scopes_disabled

from kombel.accounts.models import Notice
from kombel.programs import schedule, services
from kombel.programs.enums import EventKind
from kombel.programs.models import Event
from kombel.programs.reminders import event_notify, event_starts_at
from kombel.programs.tasks import send_event_reminder
from kombel.schools.enums import Role
from kombel.workshops.enums import WORKSHOP_KIND
from tests.factories.accounts import UserFactory
from tests.factories.programs import EventFactory, ProgrammeFactory
from tests.factories.schools import MembershipFactory

pytestmark = pytest.mark.django_db
D = datetime.date
T = datetime.time
# 1 December 2026, 08.00 WIB: the activities of these tests are still to come.
BEFORE = datetime.datetime(2026, 12, 1, 1, tzinfo=datetime.UTC)


@pytest.fixture
def people(db):  # type: ignore[no-untyped-def]
    """A programme with a teacher who has e-mail and a parent who has none."""
    with scopes_disabled():
        programme = ProgrammeFactory(start=D(2026, 12, 1), end=D(2026, 12, 31))
        teacher = MembershipFactory(school=programme.school, role=Role.TEACHER).user
        parent = UserFactory(email="", full_name="Ibu Wali Murid")
        MembershipFactory(school=programme.school, user=parent, role=Role.PARENT)
        principal = MembershipFactory(school=programme.school, role=Role.PRINCIPAL).user
        services.participants_add(programme=programme, actor=None, users=[teacher, parent])
    return programme, teacher, parent, principal


def test_the_generator_never_double_books_a_programme():
    planned = [
        schedule.PlannedEvent(
            "w", WORKSHOP_KIND, "Lokakarya", D(2026, 12, 22), T(13, 30), T(15, 30), ""
        ),
        schedule.PlannedEvent(
            "e", EventKind.EVALUATION, "Evaluasi bulanan", D(2026, 12, 22), T(13, 30), T(15, 30), ""
        ),
        schedule.PlannedEvent("x", "other", "Lain hari", D(2026, 12, 23), T(13, 30), T(15, 30), ""),
    ]
    placed = schedule.without_clashes(planned)
    assert [(p.title, p.start_time, p.end_time) for p in placed] == [
        ("Lokakarya", T(13, 30), T(15, 30)),
        ("Evaluasi bulanan", T(15, 30), T(17, 30)),
        ("Lain hari", T(13, 30), T(15, 30)),
    ]


def test_a_generated_calendar_has_no_overlap(people):  # type: ignore[no-untyped-def]
    programme, *_ = people
    with scopes_disabled():
        # Workshops every weekday: the month's evaluation falls on a workshop day.
        services.programme_update(
            programme=programme, actor=None, workshop_weekdays=[0, 1, 2, 3, 4, 5]
        )
        events = list(Event.objects.filter(programme=programme, is_cancelled=False))
    assert any(e.kind == EventKind.EVALUATION for e in events)
    by_day: dict[D, list[Event]] = {}
    for e in events:
        by_day.setdefault(e.date, []).append(e)
    for day in by_day.values():
        day.sort(key=lambda e: e.start_time)
        for a, b in itertools.pairwise(day):
            assert a.end_time <= b.start_time, (a.title, b.title, a.date)


def test_a_move_onto_a_clash_is_refused_with_the_clash_named_then_confirmed(people):  # type: ignore[no-untyped-def]
    programme, _teacher, _parent, principal = people
    with scopes_disabled():
        meeting = EventFactory(
            programme=programme, title="Pertemuan MIPA", date=D(2026, 12, 18), kind="other"
        )
        workshop = EventFactory(programme=programme, title="Lokakarya", date=D(2026, 12, 17))
        with pytest.raises(ValidationError) as e:
            services.event_update(
                event=workshop, actor=principal, version=workshop.version, date=D(2026, 12, 18)
            )
        message = e.value.message_dict["start_time"][0]
        assert "Pertemuan MIPA" in message and "18 December 2026" in message
        workshop.refresh_from_db()
        assert workshop.date == D(2026, 12, 17)
        services.event_update(
            event=workshop,
            actor=principal,
            version=workshop.version,
            confirm=True,
            date=D(2026, 12, 18),
        )
        workshop.refresh_from_db()
        assert workshop.date == D(2026, 12, 18) and meeting.date == D(2026, 12, 18)


@time_machine.travel(BEFORE, tick=False)
def test_cancelling_tells_everyone_invited_with_or_without_email(
    people, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    programme, teacher, parent, principal = people
    with scopes_disabled():
        event = EventFactory(
            programme=programme, title="Lokakarya PjBL", date=D(2026, 12, 8), kind="other"
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.event_cancel(event=event, actor=principal)
        told = {n.user_id: n for n in Notice.objects.all()}
    assert set(told) == {teacher.pk, parent.pk}
    assert "Lokakarya PjBL" in told[parent.pk].subject
    assert told[parent.pk].url == reverse(
        "programs:event_detail", args=[programme.school.npsn, event.pk]
    )
    assert [m.to for m in mail.outbox] == [[teacher.email]]


@time_machine.travel(BEFORE, tick=False)
def test_a_moved_activity_is_told_too(people, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    programme, _teacher, parent, principal = people
    with scopes_disabled():
        event = EventFactory(
            programme=programme, title="Lokakarya PjBL", date=D(2026, 12, 8), kind="other"
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.event_update(
                event=event, actor=principal, version=event.version, date=D(2026, 12, 9)
            )
        notices = list(Notice.objects.filter(user=parent))
    assert len(notices) == 1 and "9" in notices[0].subject
    # A change of the description alone tells nobody.
    with scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
        event.refresh_from_db()
        services.event_update(
            event=event, actor=principal, version=event.version, description="Bawa laptop"
        )
        assert Notice.objects.filter(user=parent).count() == 1


def test_a_reminder_reaches_who_has_no_email_in_the_app(people):  # type: ignore[no-untyped-def]
    programme, teacher, parent, _principal = people
    with scopes_disabled():
        event = EventFactory(programme=programme, date=D(2026, 12, 8), kind="other")
        assert send_event_reminder.call(str(event.pk), event_starts_at(event).isoformat()) == 2
        assert Notice.objects.filter(user=parent).count() == 1
    assert [m.to for m in mail.outbox] == [[teacher.email]]


@time_machine.travel(BEFORE, tick=False)
def test_the_notices_page_and_home_show_them(client, people):  # type: ignore[no-untyped-def]
    programme, _teacher, parent, _principal = people
    with scopes_disabled():
        event = EventFactory(
            programme=programme, title="Lokakarya PjBL", date=D(2026, 12, 8), kind="other"
        )
        event_notify(event.pk, "cancelled")
    client.force_login(parent)
    home = client.get(reverse("home")).content.decode()
    assert 'class="card notices"' in home and reverse("accounts:notices") in home
    page = client.get(reverse("accounts:notices"))
    assert "Lokakarya PjBL" in page.content.decode()
    with scopes_disabled():
        assert Notice.objects.get(user=parent).read_at is not None
    assert 'class="card notices"' not in client.get(reverse("home")).content.decode()


def test_cancel_asks_first_and_names_who_is_told(client, people):  # type: ignore[no-untyped-def]
    programme, _teacher, _parent, principal = people
    with scopes_disabled():
        event = EventFactory(programme=programme, date=D(2026, 12, 8), kind="other")
    client.force_login(principal)
    url = reverse("programs:event_detail", args=[programme.school.npsn, event.pk])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<details class="confirm">' in html
    assert "2 people invited will be told" in html
    assert "wa.me" in html


@time_machine.travel(datetime.datetime(2026, 12, 20, 1, tzinfo=datetime.UTC), tick=False)
def test_nobody_is_told_of_a_past_activity(people, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    programme, _teacher, _parent, principal = people
    with scopes_disabled():
        event = EventFactory(programme=programme, date=D(2026, 12, 8), kind="other")
        with django_capture_on_commit_callbacks(execute=True):
            services.event_cancel(event=event, actor=principal)
        assert Notice.objects.count() == 0

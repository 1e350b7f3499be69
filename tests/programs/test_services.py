import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from kombel.communities.enums import COMMUNITY_KIND
from kombel.core import extensions
from kombel.core.models import AuditLog
from kombel.programs import services
from kombel.programs.enums import EventKind
from kombel.programs.models import Event, Material, Participant, SentReminder
from kombel.programs.reminders import event_starts_at, event_whatsapp_link
from kombel.programs.tasks import send_event_reminder
from kombel.schools.enums import Role
from kombel.workshops.enums import WORKSHOP_KIND
from tests.factories.accounts import UserFactory
from tests.factories.programs import EventFactory, ProgrammeFactory, SchoolClosureFactory
from tests.factories.schools import MembershipFactory, SchoolFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]

D = datetime.date


def _programme(**kwargs):
    school = kwargs.pop("school", None) or SchoolFactory()
    defaults = dict(
        school=school,
        actor=None,
        title="Lokakarya",
        start=D(2026, 8, 10),
        end=D(2026, 8, 31),
        workshop_weekdays=[1, 3],
        community_weekday=4,
        community_interval_weeks=2,
        materials=list(Material.objects.all()),
        locations="Ruang kelas\nAula",
    )
    defaults.update(kwargs)
    return services.programme_create(**defaults)


def test_calendar_skips_sundays_holidays_and_closures():
    school = SchoolFactory()
    SchoolClosureFactory(school=school, date=D(2026, 8, 20), reason="Ujian Tengah Semester")
    # Mondays to Saturdays, 10-31 August 2026 (19 days): 17 August is Independence Day,
    # 25 August the Prophet's birthday (Maulid Nabi).
    programme = _programme(school=school, workshop_weekdays=[0, 1, 2, 3, 4, 5])
    workshop_days = list(
        Event.objects.filter(programme=programme, kind=WORKSHOP_KIND).values_list("date", flat=True)
    )
    assert D(2026, 8, 17) not in workshop_days
    assert D(2026, 8, 20) not in workshop_days
    assert all(day.weekday() != 6 for day in workshop_days)
    assert D(2026, 8, 25) not in workshop_days
    assert len(workshop_days) == 19 - 3


def test_calendar_rules_rotate_materials_places_and_add_meetings_and_evaluation():
    programme = _programme()
    events = list(Event.objects.filter(programme=programme).order_by("date", "kind"))
    workshops = [e for e in events if e.kind == WORKSHOP_KIND]
    assert [e.date for e in workshops] == [
        D(2026, 8, 11),
        D(2026, 8, 13),
        D(2026, 8, 18),
        D(2026, 8, 20),
        D(2026, 8, 27),  # 25 August: Maulid Nabi
    ]
    titles = [m.title for m in Material.objects.all()]
    # msgids are English until the Indonesian catalogue is compiled
    assert [e.title.split(": ", 1)[1] for e in workshops] == titles
    assert [e.location for e in workshops[:3]] == ["Ruang kelas", "Aula", "Ruang kelas"]
    meetings = [e.date for e in events if e.kind == COMMUNITY_KIND]
    assert meetings == [D(2026, 8, 14), D(2026, 8, 28)]
    evaluations = [e.date for e in events if e.kind == EventKind.EVALUATION]
    assert evaluations == [D(2026, 8, 31)]


def test_evaluation_on_last_school_day_of_month():
    # 31 October 2026 is a Saturday, 1 November a Sunday: the evaluations fall on 31 Oct, 30 Nov.
    programme = _programme(start=D(2026, 10, 1), end=D(2026, 11, 30), workshop_weekdays=[])
    evaluations = list(
        Event.objects.filter(programme=programme, kind=EventKind.EVALUATION).values_list(
            "date", flat=True
        )
    )
    assert evaluations == [D(2026, 10, 31), D(2026, 11, 30)]


def test_regenerate_is_idempotent_and_keeps_hand_edited_events():
    programme = _programme()
    ids = set(Event.objects.filter(programme=programme).values_list("pk", flat=True))
    moved = Event.objects.get(programme=programme, date=D(2026, 8, 11))
    services.event_update(event=moved, actor=None, version=moved.version, date=D(2026, 8, 12))

    result = services.calendar_generate(programme=programme)

    assert (result.created, result.updated, result.removed, result.kept) == (0, 0, 0, 1)
    assert set(Event.objects.filter(programme=programme).values_list("pk", flat=True)) == ids
    assert not Event.objects.filter(programme=programme, date=D(2026, 8, 11)).exists()
    moved.refresh_from_db()
    assert (moved.date, moved.is_generated) == (D(2026, 8, 12), False)


def test_changing_rules_replaces_untouched_generated_events():
    programme = _programme()
    services.programme_update(
        programme=programme, actor=None, version=programme.version, workshop_weekdays=[0]
    )
    days = list(
        Event.objects.filter(programme=programme, kind=WORKSHOP_KIND).values_list("date", flat=True)
    )
    assert days == [D(2026, 8, 10), D(2026, 8, 24), D(2026, 8, 31)]


def test_end_before_start_is_an_error_on_end():
    with pytest.raises(ValidationError) as exc:
        _programme(start=D(2026, 9, 1), end=D(2026, 8, 1))
    assert list(exc.value.message_dict) == ["end"]


@pytest.mark.parametrize(
    ("start", "last"),
    [
        (D(2026, 7, 13), D(2027, 7, 12)),
        (D(2026, 1, 31), D(2027, 1, 30)),
        (D(2028, 2, 29), D(2029, 2, 27)),
        (D(9999, 1, 1), D.max),
    ],
)
def test_programme_last_day_is_twelve_months_on(start, last):
    assert services.programme_last_day(start) == last


def test_programme_longer_than_twelve_months_is_refused_and_writes_nothing():
    with pytest.raises(ValidationError) as exc:
        _programme(start=D(1999, 1, 4), end=D(2099, 12, 31), workshop_weekdays=[0, 1, 2, 3, 4, 5])
    assert exc.value.message_dict == {
        "end": ["A programme lasts at most 12 months: end it on 3 January 2000 or before."]
    }
    assert Event.objects.count() == 0
    # Exactly twelve months is accepted.
    programme = _programme(start=D(2026, 7, 13), end=D(2027, 7, 12))
    with pytest.raises(ValidationError) as exc:
        services.programme_update(programme=programme, actor=None, end=D(2027, 7, 13))
    assert list(exc.value.message_dict) == ["end"]


def test_generation_beyond_the_event_cap_is_refused_and_writes_nothing():
    # Saved past the service (as an old row could be): generating refuses instead of making
    # thousands of events in one request.
    programme = ProgrammeFactory(
        start=D(2026, 1, 5), end=D(2027, 12, 31), workshop_weekdays=[0, 1, 2, 3, 4, 5]
    )
    with pytest.raises(ValidationError) as exc:
        services.calendar_generate(programme=programme)
    assert exc.value.messages[0].startswith("This schedule would make ")
    assert Event.objects.filter(programme=programme).count() == 0


def test_the_longest_busiest_programme_stays_under_the_event_cap():
    programme = _programme(
        start=D(2026, 7, 13),
        end=D(2027, 7, 12),
        workshop_weekdays=[0, 1, 2, 3, 4, 5],
        community_interval_weeks=1,
        monthly_evaluation=True,
    )
    count = Event.objects.filter(programme=programme).count()
    assert 300 < count <= services.MAX_GENERATED_EVENTS


def test_concurrent_edit_is_a_conflict():
    programme = _programme()
    loaded = programme.version
    services.programme_update(programme=programme, actor=None, version=loaded, title="A")
    with pytest.raises(ValidationError) as exc:
        services.programme_update(programme=programme, actor=None, version=loaded, title="B")
    assert exc.value.code == "conflict"
    programme.refresh_from_db()
    assert programme.title == "A"


def test_participants_from_the_school_only_with_their_role():
    programme = _programme()
    principal = MembershipFactory(school=programme.school, role=Role.PRINCIPAL).user
    stranger = MembershipFactory(role=Role.TEACHER).user  # another school
    with pytest.raises(ValidationError) as exc:
        services.participants_add(programme=programme, actor=None, users=[principal, stranger])
    assert list(exc.value.message_dict) == ["users"]
    assert Participant.objects.filter(programme=programme).count() == 0

    services.participants_add(programme=programme, actor=None, users=[principal])
    assert list(Participant.objects.values_list("user", "role")) == [(principal.pk, Role.PRINCIPAL)]


def test_add_all_teachers():
    programme = _programme()
    teachers = [MembershipFactory(school=programme.school).user for _ in range(3)]
    MembershipFactory(school=programme.school, role=Role.PARENT)
    added = services.participants_add_role(programme=programme, actor=None, role=Role.TEACHER)
    assert sorted(p.user_id for p in added) == sorted(t.pk for t in teachers)
    assert services.participants_add_role(programme=programme, actor=None, role="teacher") == []
    assert AuditLog.objects.filter(action="programs.participants.added").count() == 1


def test_event_move_outside_period_or_on_holiday():
    programme = _programme()
    event = Event.objects.filter(programme=programme).first()
    with pytest.raises(ValidationError) as exc:
        services.event_update(event=event, actor=None, date=D(2026, 9, 15))
    assert list(exc.value.message_dict) == ["date"]
    with pytest.raises(ValidationError) as exc:
        services.event_update(event=event, actor=None, date=D(2026, 8, 17))
    assert "Hari Kemerdekaan" in exc.value.message_dict["date"][0]
    services.event_update(event=event, actor=None, date=D(2026, 8, 17), confirm=True)
    event.refresh_from_db()
    assert (event.date, event.is_generated) == (D(2026, 8, 17), False)


def test_closure_cancels_events_and_removal_restores():
    programme = _programme()
    closure = services.closure_add(
        school=programme.school, actor=None, date=D(2026, 8, 13), reason="Ujian"
    )
    event = Event.objects.get(programme=programme, date=D(2026, 8, 13))
    assert event.is_cancelled is True
    with pytest.raises(ValidationError):
        services.closure_add(school=programme.school, actor=None, date=D(2026, 8, 13), reason="x")
    services.closure_remove(closure=closure, actor=None)
    event.refresh_from_db()
    assert event.is_cancelled is False


def test_a_workshop_cancelled_by_a_closure_is_held_again_once_moved_off_it():
    # The principal marks a school event day (its workshop is cancelled), then moves the
    # workshop to another day: it takes place there, it is no longer "cancelled".
    programme = _programme()
    services.closure_add(school=programme.school, actor=None, date=D(2026, 8, 13), reason="Pentas")
    event = Event.objects.get(programme=programme, date=D(2026, 8, 13))
    services.event_update(event=event, actor=None, version=event.version, date=D(2026, 8, 12))
    event.refresh_from_db()
    assert (event.date, event.is_cancelled) == (D(2026, 8, 12), False)
    # Another edit of a cancelled activity (its place, its hours) leaves it cancelled.
    services.event_cancel(event=event, actor=None, version=event.version)
    event.refresh_from_db()
    services.event_update(event=event, actor=None, version=event.version, location="Aula")
    event.refresh_from_db()
    assert event.is_cancelled is True


def test_reminder_task_sends_once_and_not_after_a_move():
    programme = ProgrammeFactory()
    member = MembershipFactory(school=programme.school).user
    services.participants_add(programme=programme, actor=None, users=[member])
    event = EventFactory(programme=programme, date=D(2026, 9, 1))
    starts = event_starts_at(event).isoformat()
    assert starts == "2026-09-01T13:30:00+07:00"

    assert send_event_reminder.call(str(event.pk), starts) == 1
    assert send_event_reminder.call(str(event.pk), starts) == 0
    assert len(mail.outbox) == 1
    assert event.title in mail.outbox[0].subject
    assert "1 September 2026" in mail.outbox[0].subject
    assert SentReminder.objects.count() == 1

    Event.objects.filter(pk=event.pk).update(date=D(2026, 9, 2))
    assert send_event_reminder.call(str(event.pk), starts) == 0
    assert len(mail.outbox) == 1


def test_an_event_kinds_audience_replaces_participants(monkeypatch):
    programme = ProgrammeFactory()
    other = UserFactory()
    event = EventFactory(programme=programme, kind="briefing")
    kind = extensions.EventKind("briefing", "Briefing", audience=lambda e: [other])
    monkeypatch.setitem(extensions._EVENT_KINDS, "briefing", kind)
    assert send_event_reminder.call(str(event.pk), event_starts_at(event).isoformat()) == 1
    assert mail.outbox[0].to == [other.email]


def test_schedule_reminder_needs_a_deferring_backend():
    event = EventFactory(date=D(2030, 1, 8))
    assert services.event_reminder_schedule(event) is False  # immediate backend in tests


def test_whatsapp_link():
    event = EventFactory()
    link = event_whatsapp_link(event)
    assert link.startswith("https://wa.me/?text=")
    assert "Aula" in link


def test_regenerate_cancels_instead_of_deleting_events_in_use():
    programme = _programme()
    event = Event.objects.get(programme=programme, date=D(2026, 8, 11))
    reminder_user = UserFactory()
    SentReminder.objects.create(
        school=programme.school, event=event, user=reminder_user, starts_at=event_starts_at(event)
    )
    services.calendar_generate(programme=programme)  # sent reminders alone do not protect
    assert Event.objects.filter(pk=event.pk).exists()
    services.programme_update(programme=programme, actor=None, workshop_weekdays=[0])
    assert not Event.objects.filter(pk=event.pk).exists()


def test_generated_titles_are_in_the_school_language_whoever_generates(db, settings):
    settings.LANGUAGE_CODE = "id"
    from django.utils import translation
    from django_scopes import scopes_disabled

    programme = ProgrammeFactory(monthly_evaluation=True)
    with translation.override("en"):
        services.calendar_generate(programme=programme)
    with scopes_disabled():
        titles = set(
            programme.events.filter(kind=EventKind.EVALUATION).values_list("title", flat=True)
        )
    assert titles == {"Evaluasi bulanan"}

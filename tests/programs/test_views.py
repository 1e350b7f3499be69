import datetime

import icalendar
import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from kombel.core.versioning import conflict_error
from kombel.programs import services
from kombel.programs.enums import ENDED
from kombel.programs.models import Event, Programme
from kombel.schools.enums import Role
from tests.factories.programs import EventFactory, ParticipantFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def _detail(sw):
    return reverse("programs:programme_detail", args=[sw.school.npsn, sw.objects["programme"].pk])


def test_programme_page_shows_calendar(client, world):
    own = world.own
    client.force_login(own.users[Role.TEACHER])
    response = client.get(_detail(own))
    assert response.status_code == 200
    with scopes_disabled():
        expected = list(Event.objects.filter(programme=own.objects["programme"]))
    # One month at a time, every month named with its count.
    assert sum(n for _, n in response.context["months"]) == len(expected)
    assert set(response.context["month_events"]) <= set(expected)
    assert own.objects["event"] in expected
    assert "wa.me" in response.content.decode()


def test_programme_page_of_other_school_is_404(client, world):
    client.force_login(world.own.users[Role.PRINCIPAL])
    other = world.other.objects["programme"]
    url = reverse("programs:programme_detail", args=[world.own.school.npsn, other.pk])
    assert client.get(url).status_code == 404
    event = world.other.objects["event"]
    url = reverse("programs:event_detail", args=[world.own.school.npsn, event.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("months", [1, 3])
def test_programme_page_query_count(client, world, django_assert_num_queries, months):
    own = world.own
    programme = own.objects["programme"]
    for m in range(months):
        for day in (2, 9, 16):
            EventFactory(programme=programme, date=D(2026, 9 + m, day))
    client.force_login(own.users[Role.PRINCIPAL])
    url = _detail(own)
    # session, user, school, roles (2), programme, materials, participants, events
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("n", [1, 3])
def test_programme_list_query_count(client, world, django_assert_num_queries, n):
    own = world.own
    for _ in range(n - 1):
        ParticipantFactory(programme__school=own.school)
    client.force_login(own.users[Role.TEACHER])
    with django_assert_num_queries(5):
        response = client.get(reverse("programs:programme_list", args=[own.school.npsn]))
    with scopes_disabled():
        expected = list(Programme.objects.filter(school=own.school).order_by("-start", "title"))
    assert response.context["programmes"] == expected


def test_create_programme_makes_calendar(client, world):
    own = world.own
    client.force_login(own.users[Role.PRINCIPAL])
    response = client.post(
        reverse("programs:programme_create", args=[own.school.npsn]),
        {
            "title": "Lokakarya baru",
            "start": "2026-09-01",
            "end": "2026-09-30",
            "status": "active",
            "workshop_weekdays": ["1", "3"],
            "workshop_start": "13:30",
            "workshop_end": "15:30",
            "community_interval_weeks": "2",
            "community_weekday": "4",
            "monthly_evaluation": "on",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        programme = Programme.objects.get(title="Lokakarya baru")
        assert (
            Event.objects.filter(programme=programme).count() == 9 + 2 + 1
        )  # Tue+Thu, Fri 4 and 18, 30 September


def test_a_new_programme_names_the_days_its_calendar_skipped(client, world):
    """Creating it said only "created": the principal saw no workshop on Tuesday 25 August
    and did not know why (regenerating the calendar named the days, creating did not)."""
    from django.contrib.messages import get_messages

    own = world.own
    client.force_login(own.users[Role.PRINCIPAL])
    response = client.post(
        reverse("programs:programme_create", args=[own.school.npsn]),
        {
            "title": "Lokakarya Agustus",
            "start": "2026-08-10",
            "end": "2026-08-31",
            "status": "active",
            "workshop_weekdays": ["1", "3"],
            "workshop_start": "13:30",
            "workshop_end": "15:30",
            "community_interval_weeks": "0",
            "community_weekday": "4",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert [m for m in said if m.startswith("No activity on") and "25 August 2026" in m]


def test_a_form_sent_twice_is_saved_once(client, world):
    """A double tap on Save, or the browser sending the form again (a reload mid-submit, a retry
    after the connection dropped): the same submission (kombel.js's `_draft` token) gets the
    first one's answer and creates nothing more. A new submission is saved as usual."""
    own = world.own
    client.force_login(own.users[Role.PRINCIPAL])
    url = reverse("programs:programme_create", args=[own.school.npsn])
    data = {
        "title": "Lokakarya sekali",
        "start": "2026-09-01",
        "end": "2026-09-30",
        "status": "active",
        "workshop_start": "13:30",
        "workshop_end": "15:30",
        "community_interval_weeks": "0",
        "community_weekday": "4",
        "_draft": "k1x2y3",
    }
    first = client.post(url, data)
    again = client.post(url, data)
    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"]
    assert "k1x2y3" in again.cookies["kombel_saved"].value  # the browser drops its draft
    with scopes_disabled():
        assert Programme.objects.filter(title="Lokakarya sekali").count() == 1
    # Someone else's session never gets that answer; another submission is a new programme.
    client.force_login(own.users[Role.OPERATOR])
    client.post(url, data)
    client.post(url, {**data, "_draft": "k1x2y4"})
    with scopes_disabled():
        assert Programme.objects.filter(title="Lokakarya sekali").count() == 3


def test_end_before_start_shown_next_to_field(client, world):
    own = world.own
    client.force_login(own.users[Role.PRINCIPAL])
    response = client.post(
        reverse("programs:programme_create", args=[own.school.npsn]),
        {
            "title": "X",
            "start": "2026-09-30",
            "end": "2026-09-01",
            "status": "draft",
            "workshop_start": "13:30",
            "workshop_end": "15:30",
            "community_interval_weeks": "2",
            "community_weekday": "4",
        },
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["end"]


def test_form_states_the_longest_period_and_shows_the_refusal_next_to_end(client, world):
    own = world.own
    client.force_login(own.users[Role.PRINCIPAL])
    url = reverse("programs:programme_create", args=[own.school.npsn])
    assert "At most 12 months after the start." in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "title": "Satu abad",
            "start": "1999-01-04",
            "end": "2099-12-31",
            "status": "draft",
            "workshop_weekdays": ["0", "1", "2", "3", "4", "5"],
            "workshop_start": "13:30",
            "workshop_end": "15:30",
            "community_interval_weeks": "1",
            "community_weekday": "4",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "end": ["A programme lasts at most 12 months: end it on 3 January 2000 or before."]
    }


def test_edit_conflict_is_shown(client, world):
    own = world.own
    programme = own.objects["programme"]
    client.force_login(own.users[Role.PRINCIPAL])
    with scopes_disabled():
        services.programme_update(programme=programme, actor=None, title="Sudah diubah")
    response = client.post(
        reverse("programs:programme_edit", args=[own.school.npsn, programme.pk]),
        {
            "title": "Saya",
            "start": "2026-09-01",
            "end": "2026-11-30",
            "status": "active",
            "workshop_start": "13:30",
            "workshop_end": "15:30",
            "community_interval_weeks": "2",
            "community_weekday": "4",
            "version": "1",
        },
    )
    assert response.status_code == 200
    assert len(response.context["form"].non_field_errors()) == 1
    with scopes_disabled():
        programme.refresh_from_db()
    assert programme.title == "Sudah diubah"


def test_event_edit_on_holiday_needs_confirmation(client, world):
    own = world.own
    event = own.objects["event"]
    client.force_login(own.users[Role.FACILITATOR])
    url = reverse("programs:event_edit", args=[own.school.npsn, event.pk])
    data = {
        "title": event.title,
        "date": "2026-10-05",  # the world's school closure
        "start_time": "13:30",
        "end_time": "15:30",
        "version": str(event.version),
    }
    response = client.post(url, data)
    assert list(response.context["form"].errors) == ["date"]
    response = client.post(url, {**data, "confirm": "on"})
    assert response.status_code == 302


def test_home_panel(client, world, django_assert_max_num_queries):
    own = world.own
    user = own.users[Role.PRINCIPAL]
    client.force_login(user)
    with django_assert_max_num_queries(12):
        response = client.get("/")
    panel = response.context["panels"]["programs.next"][1]
    with scopes_disabled():
        expected = list(Programme.objects.filter(school=own.school).order_by("-start"))
    assert sorted(p.pk for p in panel["programmes"]) == sorted(p.pk for p in expected)
    assert own.objects["programme"] in panel["programmes"]
    assert panel["manage_schools"] == [own.school]


def test_user_feed_is_valid_icalendar_with_timezone(client, world):
    own = world.own
    user = own.users[Role.TEACHER]
    response = client.get(reverse("feeds:user", args=[user.feed_token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    events = cal.walk("VEVENT")
    with scopes_disabled():
        expected = {
            f"{e.pk}@kombel"
            for e in Event.objects.filter(programme__participations__user=user).distinct()
        }  # the programmes the teacher takes part in (other apps' builders add others)
    assert expected and {str(e["uid"]) for e in events} == expected
    (mine,) = [e for e in events if str(e["uid"]) == f"{own.objects['event'].pk}@kombel"]
    start = mine.decoded("dtstart")
    assert start.isoformat() == "2026-09-01T13:30:00+07:00"
    assert [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")] == ["Asia/Jakarta"]


def test_programme_feed_and_unknown_token(client, world):
    programme = world.own.objects["programme"]
    response = client.get(reverse("feeds:programme", args=[programme.feed_token]))
    with scopes_disabled():
        n = Event.objects.filter(programme=programme).count()
    assert len(icalendar.Calendar.from_ical(response.content).walk("VEVENT")) == n
    assert client.get(reverse("feeds:programme", args=["nope"])).status_code == 404
    assert client.get(reverse("feeds:user", args=["nope"])).status_code == 404


def _cancel(client, sw, version):
    event = sw.objects["event"]
    url = reverse("programs:event_cancel", args=[sw.school.npsn, event.pk])
    data = {} if version is None else {"version": version}
    return client.post(url, data, follow=True)


@pytest.mark.parametrize("version", ["current", "", None])
def test_event_cancel_with_current_or_no_version(client, world, version):
    own = world.own
    event = own.objects["event"]
    client.force_login(own.users[Role.PRINCIPAL])
    response = _cancel(client, own, str(event.version) if version == "current" else version)
    assert response.status_code == 200
    with scopes_disabled():
        event.refresh_from_db()
    assert event.is_cancelled is True


@pytest.mark.parametrize("version", ["abc", "1.5", "99"])
def test_event_cancel_with_unusable_version_is_a_conflict(client, world, version):
    own = world.own
    event = own.objects["event"]
    client.force_login(own.users[Role.PRINCIPAL])
    response = _cancel(client, own, version)
    assert response.status_code == 200
    assert [m.message for m in response.context["messages"]] == [
        " ".join(conflict_error().messages)
    ]
    with scopes_disabled():
        event.refresh_from_db()
    assert event.is_cancelled is False


def test_event_page_leads_to_its_meeting_or_session(client, world):
    """From "My next activities" a facilitator reaches the meeting or session to run it."""
    from tests.factories.communities import CommunityFactory, MeetingFactory
    from tests.factories.workshops import WorkshopSessionFactory

    own = world.own
    programme = own.objects["programme"]
    community_event = EventFactory(programme=programme, kind="community")
    meeting = MeetingFactory(community=CommunityFactory(programme=programme), event=community_event)
    session = WorkshopSessionFactory(event=EventFactory(programme=programme))
    plain = EventFactory(programme=programme, kind="other")
    client.force_login(own.users[Role.TEACHER])
    npsn = own.school.npsn

    def links(event):
        html = client.get(reverse("programs:event_detail", args=[npsn, event.pk])).content
        return html.decode()

    meeting_url = reverse("communities:meeting", args=[npsn, meeting.pk])
    session_url = reverse("workshops:session", args=[npsn, session.pk])
    assert f'href="{meeting_url}"' in links(community_event)
    assert f'href="{session_url}"' in links(session.event)
    page = links(plain)
    assert "/communities/meetings/" not in page
    assert "/workshops/" not in page


def test_participants_can_be_picked_one_by_one(client, world, unscoped):
    from kombel.programs.models import Participant
    from kombel.schools.enums import Role

    school_world = world.own
    programme = school_world.objects["programme"]
    parent = school_world.users[Role.PARENT]
    Participant.objects.filter(programme=programme, user=parent).delete()
    foreign_parent = world.other.users[Role.PARENT]
    client.force_login(school_world.users[Role.PRINCIPAL])
    url = f"/s/{school_world.school.npsn}/programmes/{programme.pk}/participants/"

    assert parent in client.get(url).context["people_form"].fields["users"].queryset
    refused = client.post(url, {"users": [str(foreign_parent.pk)]})
    assert refused.status_code == 200
    assert list(refused.context["people_form"].errors) == ["users"]
    response = client.post(url, {"users": [str(parent.pk)]})

    assert response.status_code == 302
    assert list(
        Participant.objects.filter(programme=programme, user=parent).values_list("role", flat=True)
    ) == [Role.PARENT]
    assert not Participant.objects.filter(user=foreign_parent, programme=programme).exists()


@pytest.mark.parametrize("n", [1, 3])
def test_participants_page_reads_the_candidates_once(
    client, world, unscoped, n, django_assert_num_queries
):
    from tests.factories import MembershipFactory, UserFactory

    school_world = world.own
    programme = school_world.objects["programme"]
    newcomers = UserFactory.create_batch(n)
    for user in newcomers:
        MembershipFactory(user=user, school=school_world.school, role=Role.TEACHER)
    client.force_login(school_world.users[Role.PRINCIPAL])
    url = f"/s/{school_world.school.npsn}/programmes/{programme.pk}/participants/"
    client.get(url)  # warm the session
    with django_assert_num_queries(4):
        response = client.get(url)
    html = response.content.decode()
    assert all(f'value="{user.pk}"' in html for user in newcomers)


def test_event_ics_is_a_download_and_feeds_are_cached(client, world):
    own = world.own
    event = own.objects["event"]
    client.force_login(own.users[Role.TEACHER])
    response = client.get(f"/s/{own.school.npsn}/events/{event.pk}/event.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="kombel-{event.date}.ics"'
    feed = client.get(reverse("feeds:programme", args=[own.objects["programme"].feed_token]))
    assert feed["Content-Type"] == "text/calendar; charset=utf-8"
    assert feed["Cache-Control"] == "private, max-age=900"
    assert not feed.has_header("Content-Disposition")


def test_event_page_offers_no_way_into_pages_the_role_cannot_open(client, world):
    """A parent follows the programme calendar but sees no workshops or communities."""
    from tests.factories.communities import CommunityFactory, MeetingFactory
    from tests.factories.workshops import WorkshopSessionFactory

    own = world.own
    programme = own.objects["programme"]
    community_event = EventFactory(programme=programme, kind="community")
    MeetingFactory(community=CommunityFactory(programme=programme), event=community_event)
    session = WorkshopSessionFactory(event=EventFactory(programme=programme))
    client.force_login(own.users[Role.PARENT])
    npsn = own.school.npsn

    for event in (community_event, session.event):
        response = client.get(reverse("programs:event_detail", args=[npsn, event.pk]))
        assert response.status_code == 200
        assert response.context["links"] == []


def test_a_new_programme_sent_twice_is_created_once(client, world):
    """The district officer starting the programme at the next school taps "Save" twice on a
    slow connection: one programme and one calendar, and the second tap lands on it too."""
    from django.core.cache import cache

    cache.clear()
    own = world.own
    client.force_login(own.users[Role.PRINCIPAL])
    url = reverse("programs:programme_create", args=[own.school.npsn])
    data = {
        "title": "Lokakarya sekolah berikutnya",
        "start": "2026-09-01",
        "end": "2026-09-30",
        "status": "active",
        "workshop_weekdays": ["1", "3"],
        "workshop_start": "13:30",
        "workshop_end": "15:30",
        "community_interval_weeks": "2",
        "community_weekday": "4",
        "_draft": "k1programme",
    }
    first = client.post(url, data)
    second = client.post(url, data)
    assert second["Location"] == first["Location"]
    with scopes_disabled():
        programme = Programme.objects.get(title="Lokakarya sekolah berikutnya")
        assert Event.objects.filter(programme=programme).count() == 9 + 2


def test_home_panel_leaves_out_ended_programmes(client, world):
    """A completed or archived programme ("put away: out of the lists") is not among "my
    programmes" on the home page."""
    own = world.own
    client.force_login(own.users[Role.PRINCIPAL])
    with scopes_disabled():
        ended = [
            ProgrammeFactory(school=own.school, title=f"Selesai {status}", status=status)
            for status in ENDED
        ]
    panel = client.get("/").context["panels"]["programs.next"][1]
    assert own.objects["programme"] in panel["programmes"]
    assert not set(ended) & set(panel["programmes"])

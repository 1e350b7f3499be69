"""A community meeting is checked for clashes like any other activity (issue 7): a time at which
its members already have a workshop or another community's meeting is refused with the clash
named, on the page and in the API, and kept once confirmed."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scopes_disabled

from kombel.communities import services
from kombel.communities.enums import COMMUNITY_KIND
from kombel.communities.models import Meeting
from kombel.programs.models import Event
from kombel.schools.enums import Role
from tests.factories import CommunityFactory, EventFactory, ParticipantFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 10, 7)  # a Wednesday: no community slot in the calendar


@pytest.fixture
def workshop(programme, teacher):  # type: ignore[no-untyped-def]
    ParticipantFactory(programme=programme, user=teacher, role=Role.TEACHER)
    return EventFactory(programme=programme, title="Lokakarya: Asesmen", date=DAY)


def test_a_meeting_at_a_workshop_of_its_members_is_refused_then_confirmed(
    community, facilitator, workshop, in_school
):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as e:
        services.meeting_create(
            community=community, actor=facilitator, date=DAY, start_time=datetime.time(14)
        )
    message = e.value.message_dict["start_time"][0]
    assert "Lokakarya: Asesmen" in message and "1 people in both" in message
    assert Meeting.objects.count() == 0
    assert not Event.objects.filter(kind=COMMUNITY_KIND).exists()
    meeting = services.meeting_create(
        community=community,
        actor=facilitator,
        date=DAY,
        start_time=datetime.time(14),
        confirm=True,
    )
    assert meeting.date == DAY


def test_a_meeting_after_the_workshop_is_no_clash(community, facilitator, workshop, in_school):  # type: ignore[no-untyped-def]
    meeting = services.meeting_create(
        community=community, actor=facilitator, date=DAY, start_time=datetime.time(15, 30)
    )
    assert meeting.event.start_time == datetime.time(15, 30)


def test_two_communities_sharing_a_member_in_one_slot_are_named(
    programme, community, facilitator, teacher, in_school
):  # type: ignore[no-untyped-def]
    slot = EventFactory(programme=programme, kind=COMMUNITY_KIND, date=DAY, title="Kombel")
    services.meeting_create(community=community, actor=facilitator, date=DAY)
    other = CommunityFactory(
        programme=programme, name="Literasi", facilitator=facilitator, members=[teacher]
    )
    with pytest.raises(ValidationError) as e:
        services.meeting_create(community=other, actor=facilitator, date=DAY)
    assert "MIPA Kelas VII" in e.value.message_dict["start_time"][0]
    assert services.meeting_create(community=other, actor=facilitator, date=DAY, confirm=True)
    assert Meeting.objects.filter(event=slot).count() == 2


def test_the_page_and_the_api_name_the_clash(client, community, facilitator, workshop):  # type: ignore[no-untyped-def]
    client.force_login(facilitator)
    url = reverse("communities:meeting_create", args=[community.school.npsn, community.pk])
    data = {"date": DAY.isoformat(), "start_time": "14:00", "location": "", "agenda": ""}
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Lokakarya: Asesmen" in response.content.decode()
    token = client.post(
        "/api/v1/auth/token",
        {"username": facilitator.username, "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    api = f"/api/v1/schools/{community.school.npsn}/communities/{community.pk}/meetings"
    body = {"date": DAY.isoformat(), "start_time": "14:00"}
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_ACCEPT_LANGUAGE": "en"}
    refused = client.post(api, json.dumps(body), content_type="application/json", **headers)
    assert refused.status_code == 422
    assert "Lokakarya: Asesmen" in refused.json()["errors"]["start_time"][0]
    kept = client.post(
        api, json.dumps({**body, "confirm": True}), content_type="application/json", **headers
    )
    assert kept.status_code == 201
    with scopes_disabled():
        assert Meeting.objects.count() == 1


def test_moving_a_workshop_onto_a_meeting_of_its_people_names_the_community(
    programme, community, facilitator, teacher, workshop, in_school
):  # type: ignore[no-untyped-def]
    from kombel.programs import services as programs

    meeting = services.meeting_create(
        community=community, actor=facilitator, date=DAY, start_time=datetime.time(16)
    )
    with pytest.raises(ValidationError) as e:
        programs.event_update(
            event=workshop,
            actor=facilitator,
            version=workshop.version,
            start_time=datetime.time(16),
            end_time=datetime.time(17),
        )
    assert "MIPA Kelas VII" in e.value.message_dict["start_time"][0]
    workshop.refresh_from_db()
    assert workshop.start_time == datetime.time(13, 30) and meeting.event.start_time.hour == 16

import datetime

from django_scopes import scopes_disabled

from kombel.communities.models import Meeting
from tests.factories import MeetingFactory, PracticeFactory
from tests.factories.accounts import PASSWORD


def _auth(client, user):  # type: ignore[no-untyped-def]
    token = client.post(
        "/api/v1/auth/token",
        {"username": user.username, "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_list_communities_and_regularity(client, community, teacher):
    headers = _auth(client, teacher)
    npsn = community.school.npsn
    response = client.get(f"/api/v1/schools/{npsn}/communities", **headers)
    assert [c["name"] for c in response.json()] == ["MIPA Kelas VII"]
    response = client.get(f"/api/v1/schools/{npsn}/communities/regularity", **headers)
    assert [(r["community_id"], r["held"]) for r in response.json()] == [(str(community.pk), 0)]


def test_meeting_outside_programme_is_422(client, community, facilitator):
    response = client.post(
        f"/api/v1/schools/{community.school.npsn}/communities/{community.pk}/meetings",
        {"date": "2027-03-01"},
        content_type="application/json",
        **_auth(client, facilitator),
    )
    assert response.status_code == 422
    with scopes_disabled():
        assert Meeting.objects.count() == 0


def test_attendance_for_non_member_is_422(client, community, facilitator, principal):
    meeting = MeetingFactory(community=community)
    response = client.post(
        f"/api/v1/schools/{community.school.npsn}/meetings/{meeting.pk}/attendance",
        {"present": {str(principal.pk): True}},
        content_type="application/json",
        **_auth(client, facilitator),
    )
    assert response.status_code == 422


def test_action_item_owner_from_another_school_is_422(client, community, facilitator, charlie):
    meeting = MeetingFactory(community=community)
    response = client.post(
        f"/api/v1/schools/{community.school.npsn}/meetings/{meeting.pk}/action-items",
        {"description": "X", "owner_id": str(charlie.pk), "due_date": "2026-10-01"},
        content_type="application/json",
        **_auth(client, facilitator),
    )
    assert response.status_code == 422


def test_search_practices(client, community, teacher):
    karet = PracticeFactory(community=community, title="Proyek kebun karet", shared_by=teacher)
    response = client.get(
        f"/api/v1/schools/{community.school.npsn}/practices?q=kebun", **_auth(client, teacher)
    )
    assert [p["id"] for p in response.json()] == [str(karet.pk)]


def test_member_adds_entry(client, community, teacher):
    meeting = MeetingFactory(community=community, date=datetime.date(2026, 9, 4))
    response = client.post(
        f"/api/v1/schools/{community.school.npsn}/meetings/{meeting.pk}/entries",
        {"text": "Tambahan"},
        content_type="application/json",
        **_auth(client, teacher),
    )
    assert response.status_code == 201
    with scopes_disabled():
        assert list(meeting.entries.values_list("text", flat=True)) == ["Tambahan"]

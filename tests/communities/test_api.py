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
    # English answers, whatever the catalogue says in Indonesian.
    return {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_ACCEPT_LANGUAGE": "en"}


def test_list_communities_and_regularity(client, community, teacher):
    headers = _auth(client, teacher)
    npsn = community.school.npsn
    response = client.get(f"/api/v1/schools/{npsn}/communities", **headers)
    assert [c["name"] for c in response.json()["items"]] == ["MIPA Kelas VII"]
    response = client.get(f"/api/v1/schools/{npsn}/communities/regularity", **headers)
    assert [(r["community_id"], r["held"]) for r in response.json()["items"]] == [
        (str(community.pk), 0)
    ]


def test_meeting_outside_programme_is_422(client, community, facilitator):
    response = client.post(
        f"/api/v1/schools/{community.school.npsn}/communities/{community.pk}/meetings",
        {"date": "2027-03-01"},
        content_type="application/json",
        **_auth(client, facilitator),
    )
    message = "Choose a date within the programme (1 September 2026 to 30 November 2026)."
    assert (response.status_code, response.json()) == (
        422,
        {"detail": message, "errors": {"date": [message]}},
    )
    with scopes_disabled():
        assert Meeting.objects.count() == 0


def test_attendance_for_non_member_is_422(client, community, facilitator, principal):
    meeting = MeetingFactory(community=community)
    response = client.post(
        f"/api/v1/schools/{community.school.npsn}/meetings/{meeting.pk}/attendance",
        {"statuses": {str(principal.pk): "present"}},
        content_type="application/json",
        **_auth(client, facilitator),
    )
    assert (response.status_code, response.json()["errors"]) == (
        422,
        {"attendance": ["Attendance can only be recorded for members of the community."]},
    )


def test_action_item_owner_from_another_school_is_422(client, community, facilitator, charlie):
    meeting = MeetingFactory(community=community)
    response = client.post(
        f"/api/v1/schools/{community.school.npsn}/followups",
        {
            "source_type": "communities.meeting",
            "source_id": str(meeting.pk),
            "description": "X",
            "owner_id": str(charlie.pk),
            "due_date": "2026-10-01",
        },
        content_type="application/json",
        **_auth(client, facilitator),
    )
    assert (response.status_code, response.json()["errors"]) == (
        422,
        {"owner_id": ["The owner must be a member of this school."]},
    )


def test_search_practices(client, community, teacher):
    karet = PracticeFactory(community=community, title="Proyek kebun karet", shared_by=teacher)
    response = client.get(
        f"/api/v1/schools/{community.school.npsn}/practices?q=kebun", **_auth(client, teacher)
    )
    assert [p["id"] for p in response.json()["items"]] == [str(karet.pk)]


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


def test_create_community_with_foreign_programme_or_member_is_422(
    client, community, principal, facilitator, charlie
):
    path = f"/api/v1/schools/{community.school.npsn}/communities"
    body = {
        "programme_id": str(community.programme_id),
        "name": "IPS",
        "facilitator_id": str(facilitator.pk),
    }
    headers = _auth(client, principal)
    unknown = client.post(
        path, {**body, "programme_id": str(charlie.pk)}, content_type="application/json", **headers
    )
    assert (unknown.status_code, unknown.json()["errors"]) == (
        422,
        {"programme_id": ["Choose a programme of this school."]},
    )
    foreign = client.post(
        path, {**body, "member_ids": [str(charlie.pk)]}, content_type="application/json", **headers
    )
    assert (foreign.status_code, foreign.json()["errors"]) == (
        422,
        {"member_ids": ["Choose teachers of this school only."]},
    )
    foreign_facilitator = client.post(
        path,
        {**body, "facilitator_id": str(charlie.pk)},
        content_type="application/json",
        **headers,
    )
    assert (foreign_facilitator.status_code, foreign_facilitator.json()["errors"]) == (
        422,
        {"facilitator_id": ["Choose teachers of this school only."]},
    )
    unknown_member = client.post(
        path,
        {**body, "member_ids": [str(community.pk)]},
        content_type="application/json",
        **headers,
    )
    assert (unknown_member.status_code, unknown_member.json()["errors"]) == (
        422,
        {"member_ids": ["Choose teachers of this school only."]},
    )
    created = client.post(path, body, content_type="application/json", **headers)
    assert (created.status_code, created.json()["name"]) == (201, "IPS")


def test_practice_with_unknown_meeting_is_422(client, community, teacher):
    response = client.post(
        f"/api/v1/schools/{community.school.npsn}/communities/{community.pk}/practices",
        {"title": "Kebun", "description": "Belajar di kebun", "meeting_id": str(teacher.pk)},
        content_type="application/json",
        **_auth(client, teacher),
    )
    assert (response.status_code, response.json()["errors"]) == (
        422,
        {"meeting_id": ["Choose a meeting of this community."]},
    )

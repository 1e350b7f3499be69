import json

from django_scopes import scopes_disabled

from kombel.workshops.models import Attendance, SessionFeedback
from tests.factories import SessionFeedbackFactory
from tests.factories.accounts import PASSWORD


def auth(client, user):  # type: ignore[no-untyped-def]
    response = client.post(
        "/api/v1/auth/token",
        {"username": user.username, "password": PASSWORD},
        content_type="application/json",
    )
    # English answers, whatever the catalogue says in Indonesian.
    return {
        "HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}",
        "HTTP_ACCEPT_LANGUAGE": "en",
    }


def base(session):  # type: ignore[no-untyped-def]
    return f"/api/v1/schools/{session.school.npsn}/workshops"


def test_list_and_get_sessions(client, session, teacher):
    headers = auth(client, teacher)
    listed = client.get(base(session) + "/sessions", **headers).json()["items"]
    assert [s["id"] for s in listed] == [str(session.pk)]
    one = client.get(base(session) + f"/sessions/{session.pk}", **headers).json()
    assert one["agenda"] == session.agenda_items
    assert one["facilitators"] == ["Ibu Fasilitator"]


def test_set_attendance_is_idempotent(client, session, facilitator, teacher, outsider):
    headers = auth(client, facilitator)
    path = base(session) + f"/sessions/{session.pk}/attendance/{teacher.pk}"
    for _ in range(2):
        response = client.put(
            path, json.dumps({"status": "excused"}), content_type="application/json", **headers
        )
        assert response.status_code == 200
    assert response.json()["status"] == "excused"
    bad = client.put(
        base(session) + f"/sessions/{session.pk}/attendance/{outsider.pk}",
        json.dumps({"status": "present"}),
        content_type="application/json",
        **headers,
    )
    assert (bad.status_code, bad.json()["errors"]) == (
        422,
        {"participant": ["This person is not a participant of the programme."]},
    )
    listed = client.get(base(session) + f"/sessions/{session.pk}/attendance", **headers).json()[
        "items"
    ]
    assert [(r["full_name"], r["status"], r["recorded"]) for r in listed] == [
        ("Budi Santoso", "excused", True),
        ("Ibu Fasilitator", None, False),
    ]
    with scopes_disabled():
        assert Attendance.objects.count() == 1


def test_attendance_never_saved_is_not_reported_present(client, session, facilitator, teacher):
    """A row nobody recorded is "not yet recorded" (null), not the register's default: an app
    syncing the list must not count as present someone whose attendance was never taken."""
    headers = auth(client, facilitator)
    listed = client.get(base(session) + f"/sessions/{session.pk}/attendance", **headers).json()[
        "items"
    ]
    assert listed and all(r["status"] is None and not r["recorded"] for r in listed)
    assert all(r["method"] == "" for r in listed)


def test_check_in_with_a_wrong_code(client, session, teacher):
    response = client.post(
        base(session) + "/checkin",
        json.dumps({"code": session.checkin_code}),  # the session is long over
        content_type="application/json",
        **auth(client, teacher),
    )
    assert (response.status_code, response.json()) == (
        422,
        {
            "detail": "This code has expired: the session is over.",
            "errors": {"code": ["This code has expired: the session is over."]},
        },
    )


def test_check_in(client, live_session, teacher):
    response = client.post(
        base(live_session) + "/checkin",
        json.dumps({"code": live_session.checkin_code}),
        content_type="application/json",
        **auth(client, teacher),
    )
    assert response.status_code == 200
    assert response.json()["method"] == "self"


def test_feedback_duplicate(client, session, teacher, principal):
    SessionFeedbackFactory(session=session, user=teacher, rating=5, comment="Pertama")
    response = client.post(
        base(session) + f"/sessions/{session.pk}/feedback",
        json.dumps({"rating": 2, "comment": "Kedua"}),
        content_type="application/json",
        **auth(client, teacher),
    )
    duplicate = "You have already given feedback on this session; it was kept as it was."
    assert (response.status_code, response.json()["errors"]) == (422, {"__all__": [duplicate]})
    with scopes_disabled():
        assert list(SessionFeedback.objects.values_list("comment", flat=True)) == ["Pertama"]
    summary = client.get(
        base(session) + f"/sessions/{session.pk}/feedback", **auth(client, principal)
    ).json()
    assert summary["comments"] == [{"rating": 5, "comment": "Pertama", "name": None}]


def test_charlie_gets_404(client, session, charlie):
    headers = auth(client, charlie)
    assert client.get(base(session) + "/sessions", **headers).status_code == 404
    with scopes_disabled():
        npsn = charlie.memberships.get().school.npsn
    own = f"/api/v1/schools/{npsn}/workshops/sessions/{session.pk}"
    assert client.get(own, **headers).status_code == 404


def test_teacher_may_not_see_the_register(client, session, teacher):
    response = client.get(
        base(session) + f"/sessions/{session.pk}/attendance", **auth(client, teacher)
    )
    assert (response.status_code, response.json()) == (403, {"detail": "You may not do this."})

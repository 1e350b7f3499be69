import json

import pytest
from django_scopes import scopes_disabled

from kombel.programs.models import Event, Programme
from kombel.schools.enums import Role
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db


def _auth(client, user):
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


def _send(client, method, path, data, headers):
    return client.generic(
        method, path, data=json.dumps(data), content_type="application/json", **headers
    )


def test_list_and_create(client, world):
    own = world.own
    headers = _auth(client, own.users[Role.PRINCIPAL])
    base = f"/api/v1/schools/{own.school.npsn}/programmes"
    with scopes_disabled():
        expected = sorted(str(p.pk) for p in Programme.objects.filter(school=own.school))
    assert sorted(p["id"] for p in client.get(base, **headers).json()["items"]) == expected
    assert str(own.objects["programme"].pk) in expected
    response = _send(
        client,
        "POST",
        base,
        {
            "title": "Lewat API",
            "start": "2026-09-01",
            "end": "2026-09-30",
            "workshop_weekdays": [1],
            "materials": ["desain-pembelajaran-kolaboratif"],
        },
        headers,
    )
    assert response.status_code == 201, response.content
    assert response.json()["materials"] == ["desain-pembelajaran-kolaboratif"]
    with scopes_disabled():
        programme = Programme.objects.get(title="Lewat API")
        assert Event.objects.filter(programme=programme, kind="workshop").count() == 5


def test_create_end_before_start_is_422_by_field(client, world):
    own = world.own
    headers = _auth(client, own.users[Role.OPERATOR])
    response = _send(
        client,
        "POST",
        f"/api/v1/schools/{own.school.npsn}/programmes",
        {"title": "X", "start": "2026-09-30", "end": "2026-09-01"},
        headers,
    )
    message = "The end date must not be before the start date."
    assert (response.status_code, response.json()) == (
        422,
        {"detail": message, "errors": {"end": [message]}},
    )


def test_create_and_patch_beyond_twelve_months_is_422_by_field(client, world):
    own = world.own
    headers = _auth(client, own.users[Role.PRINCIPAL])
    base = f"/api/v1/schools/{own.school.npsn}/programmes"
    response = _send(
        client, "POST", base, {"title": "X", "start": "1999-01-04", "end": "2099-12-31"}, headers
    )
    message = "A programme lasts at most 12 months: end it on 3 January 2000 or before."
    assert (response.status_code, response.json()["errors"]) == (422, {"end": [message]})
    with scopes_disabled():
        assert not Programme.objects.filter(title="X").exists()
    programme = own.objects["programme"]
    response = _send(
        client,
        "PATCH",
        f"{base}/{programme.pk}",
        {"end": "9999-12-31", "version": programme.version},
        headers,
    )
    assert (response.status_code, list(response.json()["errors"])) == (422, ["end"])


def test_create_with_unknown_material_is_422(client, world):
    own = world.own
    response = _send(
        client,
        "POST",
        f"/api/v1/schools/{own.school.npsn}/programmes",
        {"title": "X", "start": "2026-09-01", "end": "2026-09-30", "materials": ["sulap"]},
        _auth(client, own.users[Role.PRINCIPAL]),
    )
    assert (response.status_code, response.json()["errors"]) == (
        422,
        {"materials": ["Unknown materials: sulap"]},
    )


def test_patch_with_stale_version_is_409(client, world):
    own = world.own
    programme = own.objects["programme"]
    headers = _auth(client, own.users[Role.PRINCIPAL])
    path = f"/api/v1/schools/{own.school.npsn}/programmes/{programme.pk}"
    ok = _send(client, "PATCH", path, {"title": "A", "version": 1}, headers)
    assert (ok.status_code, ok.json()["version"]) == (200, 2)
    stale = _send(client, "PATCH", path, {"title": "B", "version": 1}, headers)
    conflict = (
        "Someone else saved a change while you were editing. Your changes were not saved: "
        "reload the page to see theirs, then make yours again."
    )
    assert (stale.status_code, stale.json()) == (
        409,
        {"detail": conflict, "errors": {"__all__": [conflict]}},
    )


def test_event_patch_moves_and_teacher_may_not(client, world):
    own = world.own
    event = own.objects["event"]
    path = f"/api/v1/schools/{own.school.npsn}/events/{event.pk}"
    teacher = _auth(client, own.users[Role.TEACHER])
    refused = _send(client, "PATCH", path, {"date": "2026-09-02"}, teacher)
    assert (refused.status_code, refused.json()) == (403, {"detail": "You may not do this."})
    facilitator = _auth(client, own.users[Role.FACILITATOR])
    response = _send(client, "PATCH", path, {"date": "2026-09-02"}, facilitator)
    assert response.status_code == 200
    assert (response.json()["date"], response.json()["is_generated"]) == ("2026-09-02", False)
    outside = _send(client, "PATCH", path, {"date": "2027-01-05"}, facilitator)
    programme = event.programme
    start = f"{programme.start.day} {programme.start:%B %Y}"
    end = f"{programme.end.day} {programme.end:%B %Y}"
    message = f"The date must lie within the programme, from {start} to {end}."
    assert (outside.status_code, outside.json()["errors"]) == (422, {"date": [message]})


def test_other_school_event_is_404(client, world):
    headers = _auth(client, world.own.users[Role.PRINCIPAL])
    event = world.other.objects["event"]
    path = f"/api/v1/schools/{world.own.school.npsn}/events/{event.pk}"
    assert client.get(path, **headers).status_code == 404

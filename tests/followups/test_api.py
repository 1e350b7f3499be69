import datetime

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from kombel.followups.enums import ItemStatus
from tests.factories import ActionItemFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.clock


def _auth(client, user):  # type: ignore[no-untyped-def]
    token = client.post(
        "/api/v1/auth/token",
        {"username": user.username, "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    # English answers, whatever the catalogue says in Indonesian.
    return {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_ACCEPT_LANGUAGE": "en"}


def test_facilitator_lists_overdue_items(client, school, teacher, facilitator):
    late = ActionItemFactory(
        school=school, owner=teacher, due_date=timezone.localdate() - datetime.timedelta(2)
    )
    ActionItemFactory(school=school, owner=teacher)
    response = client.get(
        f"/api/v1/schools/{school.npsn}/followups?overdue=true", **_auth(client, facilitator)
    )
    assert [(i["id"], i["is_overdue"]) for i in response.json()["items"]] == [(str(late.pk), True)]


def test_owner_sets_status_and_stale_version_conflicts(client, school, teacher):
    item = ActionItemFactory(school=school, owner=teacher)
    headers = _auth(client, teacher)
    url = f"/api/v1/schools/{school.npsn}/followups/{item.pk}/status"
    body = {"status": "done", "version": 1}
    response = client.post(url, body, content_type="application/json", **headers)
    assert (response.status_code, response.json()["status"]) == (200, "done")
    response = client.post(url, body, content_type="application/json", **headers)
    conflict = (
        "Someone else saved a change while you were editing. Your changes were not saved: "
        "reload the page to see theirs, then make yours again."
    )
    assert (response.status_code, response.json()) == (
        409,
        {"detail": conflict, "errors": {"__all__": [conflict]}},
    )
    with scopes_disabled():
        item.refresh_from_db()
    assert (item.status, item.version) == (ItemStatus.DONE, 2)


def test_bad_status_is_422(client, school, teacher):
    item = ActionItemFactory(school=school, owner=teacher)
    response = client.post(
        f"/api/v1/schools/{school.npsn}/followups/{item.pk}/status",
        {"status": "dropped", "note": "", "version": 1},
        content_type="application/json",
        **_auth(client, teacher),
    )
    assert (response.status_code, response.json()["errors"]) == (
        422,
        {"note": ["Say why the item is dropped."]},
    )
    unknown = client.post(
        f"/api/v1/schools/{school.npsn}/followups/{item.pk}/status",
        {"status": "lost", "version": 1},
        content_type="application/json",
        **_auth(client, teacher),
    )
    assert (unknown.status_code, unknown.json()["errors"]) == (
        422,
        {"status": ["Choose open, done or dropped."]},
    )

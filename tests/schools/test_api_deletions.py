"""/schools/{npsn}/deletions: what a client syncing with `updated_since` should drop."""

import datetime

import pytest
import time_machine
from django_scopes import scopes_disabled

from kombel.programs.models import Event
from kombel.schools.enums import Role
from tests.schools.test_api import Api

pytestmark = pytest.mark.django_db

BEFORE = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)
AFTER = datetime.datetime(2026, 11, 9, 9, 0, tzinfo=datetime.UTC)


def _remove_mentor_role(api: Api, npsn: str, person) -> str:  # type: ignore[no-untyped-def]
    path = f"/schools/{npsn}/memberships"
    created = api.send("POST", path, {"user_id": str(person.pk), "role": "mentor"}).json()
    assert api.send("DELETE", f"{path}/{created['id']}").status_code == 204
    return str(created["id"])


def test_a_removed_membership_is_listed_since_its_removal_and_only_then(client, world):
    api = Api(client, world.own.users[Role.PRINCIPAL])
    npsn = world.own.school.npsn
    with time_machine.travel(AFTER, tick=False):
        removed = _remove_mentor_role(api, npsn, world.own.objects["person"])
    since = f"/schools/{npsn}/deletions?kind=memberships&updated_since="
    assert api.get(since + BEFORE.isoformat().replace("+", "%2B")).json() == {
        "items": [{"kind": "memberships", "id": removed, "deleted_at": "2026-11-09T09:00:00Z"}],
        "count": 1,
    }
    later = AFTER + datetime.timedelta(seconds=1)
    assert api.get(since + later.isoformat().replace("+", "%2B")).json()["count"] == 0


def test_deletions_of_a_list_one_may_not_read_are_not_shown(client, world):
    principal = Api(client, world.own.users[Role.PRINCIPAL])
    npsn = world.own.school.npsn
    _remove_mentor_role(principal, npsn, world.own.objects["person"])
    with scopes_disabled():
        event = Event.objects.filter(school=world.own.school).first()
        assert event is not None
        event_id = str(event.pk)
        event.delete()  # e.g. a regenerated calendar dropping an unused event
    parent = Api(client, world.own.users[Role.PARENT])
    shown = {(d["kind"], d["id"]) for d in parent.get(f"/schools/{npsn}/deletions").json()["items"]}
    assert all(kind != "memberships" for kind, _id in shown)  # parents do not read the people
    kinds = {d["kind"] for d in principal.get(f"/schools/{npsn}/deletions").json()["items"]}
    assert {"memberships", "events"} <= kinds
    assert ("events", event_id) in {
        (d["kind"], d["id"]) for d in principal.get(f"/schools/{npsn}/deletions").json()["items"]
    }


def test_another_schools_deletions_are_never_shown(client, world):
    _remove_mentor_role(
        Api(client, world.other.users[Role.PRINCIPAL]),
        world.other.school.npsn,
        world.other.objects["person"],
    )
    own = Api(client, world.own.users[Role.PRINCIPAL])
    assert own.get(f"/schools/{world.own.school.npsn}/deletions").json()["count"] == 0
    assert own.get(f"/schools/{world.other.school.npsn}/deletions").status_code == 404

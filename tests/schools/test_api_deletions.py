"""/schools/{npsn}/deletions: what a client syncing with `updated_since` should drop."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django_scopes import scopes_disabled

from kombel.core.models import Deletion
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
    later = AFTER + datetime.timedelta(seconds=1)
    with time_machine.travel(AFTER + datetime.timedelta(days=1), tick=False):
        assert api.get(since + BEFORE.isoformat().replace("+", "%2B")).json() == {
            "items": [{"kind": "memberships", "id": removed, "deleted_at": "2026-11-09T09:00:00Z"}],
            "count": 1,
        }
        assert api.get(since + later.isoformat().replace("+", "%2B")).json()["count"] == 0


def test_deletions_are_kept_ninety_days_then_a_client_syncs_afresh(client, world, settings):
    principal = world.own.users[Role.PRINCIPAL]
    npsn = world.own.school.npsn
    with time_machine.travel(AFTER, tick=False):
        removed = _remove_mentor_role(Api(client, principal), npsn, world.own.objects["person"])
    since = f"/schools/{npsn}/deletions?updated_since={BEFORE.isoformat().replace('+', '%2B')}"
    kept_until = BEFORE + datetime.timedelta(days=settings.SYNC_DELETIONS_KEEP_DAYS)
    with time_machine.travel(kept_until - datetime.timedelta(minutes=1), tick=False):
        api = Api(client, principal)  # a token of that day (an idle one expires)
        assert api.get(since).status_code == 200
        call_command("purge-deletions", stdout=io.StringIO())
        assert removed in {d["id"] for d in api.get(f"/schools/{npsn}/deletions").json()["items"]}
    with time_machine.travel(kept_until + datetime.timedelta(minutes=1), tick=False):
        response = api.get(since)
        assert response.status_code == 410
        assert "afresh" in response.json()["detail"]
    # The purge removes what is older than the keeping period, and only that.
    with time_machine.travel(AFTER + datetime.timedelta(days=90, minutes=1), tick=False):
        with scopes_disabled():
            Deletion.objects.create(school=world.own.school, kind="events", object_id="kept")
        call_command("purge-deletions", stdout=io.StringIO())
        with scopes_disabled():
            left = set(Deletion.objects.values_list("object_id", flat=True))
    assert "kept" in left and removed not in left


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

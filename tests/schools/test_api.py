import json

import pytest
from django.utils import translation
from django_scopes import scopes_disabled

from kombel.schools.enums import Role
from kombel.schools.models import Membership, SchoolClass
from tests.factories import SubjectFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


class Api:
    def __init__(self, client, user) -> None:  # type: ignore[no-untyped-def]
        self.client = client
        response = client.post(
            "/api/v1/auth/token",
            {"username": user.username, "password": PASSWORD},
            content_type="application/json",
        )
        self.headers = {
            "HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}",
            "HTTP_ACCEPT_LANGUAGE": "en",  # English answers whatever the Indonesian catalogue says
        }

    def get(self, path: str):  # type: ignore[no-untyped-def]
        return self.client.get(f"/api/v1{path}", **self.headers)

    def send(self, method: str, path: str, data: object = None):  # type: ignore[no-untyped-def]
        return self.client.generic(
            method,
            f"/api/v1{path}",
            data=json.dumps(data or {}),
            content_type="application/json",
            **self.headers,
        )


def test_list_schools_and_detail(client, world):
    api = Api(client, world.own.users[Role.TEACHER])
    assert [s["npsn"] for s in api.get("/schools").json()["items"]] == [world.own.school.npsn]
    assert api.get(f"/schools/{world.own.school.npsn}").json()["name"] == "SMP own"
    assert api.get(f"/schools/{world.other.school.npsn}").status_code == 404


def test_people_list_and_detail(client, world):
    api = Api(client, world.own.users[Role.TEACHER])
    npsn = world.own.school.npsn
    people = api.get(f"/schools/{npsn}/people?role=facilitator").json()["items"]
    assert [(p["username"], p["roles"]) for p in people] == [
        ("own-facilitator", ["facilitator", "teacher"])
    ]
    person = world.own.objects["person"]
    detail = api.get(f"/schools/{npsn}/people/{person.pk}").json()
    assert (detail["username"], detail["teacher"]["grades"]) == ("own-teacher", [7])
    foreign = world.other.objects["person"].pk
    assert api.get(f"/schools/{npsn}/people/{foreign}").status_code == 404


def test_parent_may_not_read_people(client, world):
    api = Api(client, world.own.users[Role.PARENT])
    response = api.get(f"/schools/{world.own.school.npsn}/people")
    assert (response.status_code, response.json()) == (403, {"detail": "You may not do this."})


def test_create_person_returns_password_and_422_on_bad_input(client, world):
    SubjectFactory(code="ipa", name="IPA")
    api = Api(client, world.own.users[Role.PRINCIPAL])
    path = f"/schools/{world.own.school.npsn}/people"
    body = {
        "username": "siti",
        "full_name": "Siti Aminah",
        "roles": ["teacher"],
        "subjects": ["ipa"],
        "grades": [8],
        "nuptk": "1234567890123456",
    }
    response = api.send("POST", path, body)
    assert response.status_code == 201
    assert (response.json()["teacher"]["subjects"], len(response.json()["password"])) == (
        ["ipa"],
        10,
    )
    bad = api.send("POST", path, {**body, "username": "joko", "nuptk": "123"})
    assert (bad.status_code, bad.json()["errors"]) == (
        422,
        {"nuptk": ["NUPTK must be exactly 16 digits."]},
    )
    bad = api.send("POST", path, {**body, "username": "joko", "subjects": ["astrologi"]})
    assert (bad.status_code, bad.json()["errors"]) == (
        422,
        {"subjects": ["Unknown subject: astrologi."]},
    )


def test_memberships_create_duplicate_foreign_and_delete(client, world):
    api = Api(client, world.own.users[Role.PRINCIPAL])
    path = f"/schools/{world.own.school.npsn}/memberships"
    person = world.own.objects["person"]
    duplicate = api.send("POST", path, {"user_id": str(person.pk), "role": "teacher"})
    assert (duplicate.status_code, list(duplicate.json()["errors"])) == (422, ["role"])
    foreign = world.other.objects["person"]
    response = api.send("POST", path, {"user_id": str(foreign.pk), "role": "teacher"})
    assert (response.status_code, list(response.json()["errors"])) == (422, ["user_id"])
    created = api.send("POST", path, {"user_id": str(person.pk), "role": "mentor"})
    assert created.status_code == 201
    listed = [(m["full_name"], m["role"]) for m in api.get(path).json()["items"]]
    assert (person.full_name, "mentor") in listed
    assert api.send("DELETE", f"{path}/{created.json()['id']}").status_code == 204
    foreign_membership = world.other.objects["membership"].pk
    assert api.send("DELETE", f"{path}/{foreign_membership}").status_code == 404
    with scopes_disabled():
        assert Membership.objects.filter(pk=foreign_membership).exists()
        assert not Membership.objects.filter(user=person, role="mentor").exists()


def test_classes_create_update_and_foreign_homeroom_teacher(client, world):
    api = Api(client, world.own.users[Role.OPERATOR])
    path = f"/schools/{world.own.school.npsn}/classes"
    year = world.own.objects["class"].school_year.name
    body = {"school_year": year, "grade": 8, "name": "VIII-A"}
    foreign_teacher = str(world.other.objects["person"].pk)
    bad = api.send("POST", path, {**body, "homeroom_teacher_id": foreign_teacher})
    assert (bad.status_code, list(bad.json()["errors"])) == (422, ["homeroom_teacher_id"])
    created = api.send("POST", path, body)
    assert created.status_code == 201
    class_id = created.json()["id"]
    teacher = str(world.own.objects["person"].pk)
    updated = api.send(
        "PUT", f"{path}/{class_id}", {**body, "homeroom_teacher_id": teacher, "version": 1}
    )
    assert (updated.status_code, updated.json()["version"]) == (200, 2)
    stale = api.send("PUT", f"{path}/{class_id}", {**body, "name": "VIII-B", "version": 1})
    assert stale.status_code == 409
    assert {"VII-A", "VIII-A"} <= {c["name"] for c in api.get(path).json()["items"]}
    foreign_class = world.other.objects["class"].pk
    assert api.send("PUT", f"{path}/{foreign_class}", {**body, "version": 1}).status_code == 404
    with scopes_disabled():
        assert SchoolClass.objects.get(pk=foreign_class).name == "VII-A"


def test_teacher_may_read_but_not_write_classes(client, world):
    api = Api(client, world.own.users[Role.TEACHER])
    path = f"/schools/{world.own.school.npsn}/classes"
    assert "VII-A" in [c["name"] for c in api.get(path).json()["items"]]
    year = world.own.objects["class"].school_year.name
    response = api.send("POST", path, {"school_year": year, "grade": 8, "name": "VIII-A"})
    assert response.status_code == 403

"""The API's shared conventions (kombel.core.api): every list pages with a total and a stable
order, `updated_since` gives only what changed, an id in a body names this school's object or
answers 422 on that field."""

import datetime
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from kombel.api import api as ninja_api
from kombel.followups.models import ActionItem
from kombel.programs.models import Programme
from kombel.schools.enums import Role
from tests.factories import (
    ActionItemFactory,
    CommunityFactory,
    EventFactory,
    MeetingFactory,
    MembershipFactory,
    PracticeFactory,
    SchoolClassFactory,
    TeacherProfileFactory,
    UserFactory,
    WorkshopSessionFactory,
)
from tests.factories.accounts import PASSWORD
from tests.factories.programs import ProgrammeFactory

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")


def _auth(client, user):
    response = client.post(
        "/api/v1/auth/token",
        {"username": user.username, "password": PASSWORD},
        content_type="application/json",
    )
    return {
        "HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}",
        "HTTP_ACCEPT_LANGUAGE": "en",
    }


def _resolve(document, schema):
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


# Answers that are arrays without being lists of rows to page through.
NOT_LISTS = {
    # the changes between two revisions of one plan, computed whole
    "GET /api/v1/schools/{npsn}/lessons/plans/{plan_id}/compare",
    # where the observers of one lesson differ: at most the items of its instrument
    "GET /api/v1/schools/{npsn}/observations/{observation_id}/disagreement",
}


def test_every_list_operation_pages_with_a_total():
    """No read answers a bare array: a list is {"items": [...], "count": n}, chosen by limit and
    offset. (A write may answer the rows it made.)"""
    document = ninja_api.get_openapi_schema()
    bare, unpaged = [], []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method != "get" or f"GET {path}" in NOT_LISTS:
                continue
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {}).get("application/json")
                if not content:
                    continue
                schema = _resolve(document, content["schema"])
                if schema.get("type") == "array":
                    bare.append(f"GET {path} {status}")
                elif "items" in schema.get("properties", {}):
                    names = {p["name"] for p in operation.get("parameters", [])}
                    if not {"limit", "offset"} <= names or "count" not in schema["properties"]:
                        unpaged.append(f"GET {path}")
    assert (bare, unpaged) == ([], [])


def test_pages_have_a_total_a_stable_order_and_a_bounded_size(client, world):
    own = world.own
    # Seven programmes alike in everything the list orders by: the id decides.
    for _ in range(7):
        ProgrammeFactory(school=own.school, title="Sama", start=datetime.date(2026, 9, 1))
    with scopes_disabled():
        total = Programme.objects.filter(school=own.school).count()
    headers = _auth(client, own.users[Role.PRINCIPAL])
    base = f"/api/v1/schools/{own.school.npsn}/programmes"
    seen = []
    for offset in range(0, total, 3):
        page = client.get(f"{base}?limit=3&offset={offset}", **headers).json()
        assert page["count"] == total
        assert len(page["items"]) == min(3, total - offset)
        seen += [p["id"] for p in page["items"]]
    assert len(seen) == len(set(seen)) == total
    again = client.get(f"{base}?limit={total}", **headers).json()["items"]
    assert [p["id"] for p in again] == seen
    assert client.get(f"{base}?limit=501", **headers).status_code == 422
    assert client.get(f"{base}?offset=-1", **headers).status_code == 422
    assert client.get(base, **headers).json()["count"] == total  # 50 by default


def test_updated_since_gives_only_what_changed(client, world):
    own = world.own
    programme = own.objects["programme"]
    base = f"/api/v1/schools/{own.school.npsn}/programmes"
    with time_machine.travel(datetime.datetime(2030, 1, 1, 8, 0, tzinfo=JAKARTA), tick=False) as t:
        headers = _auth(client, own.users[Role.PRINCIPAL])
        t.move_to(datetime.datetime(2030, 1, 2, 8, 0, tzinfo=JAKARTA))
        response = client.patch(
            f"{base}/{programme.pk}",
            json.dumps({"goals": "Berubah"}),
            content_type="application/json",
            **headers,
        )
        assert response.status_code == 200, response.content
        since = "2030-01-02T07:00:00+07:00"
        page = client.get(base, {"updated_since": since}, **headers).json()
        assert ([p["id"] for p in page["items"]], page["count"]) == ([str(programme.pk)], 1)
        assert page["items"][0]["updated_at"].startswith("2030-01-02T01:00:00")
        # Without an offset, the school's local time (Asia/Jakarta in the test world).
        assert (
            client.get(f"{base}?updated_since=2030-01-02T08:00:00", **headers).json()["count"] == 1
        )
        assert (
            client.get(f"{base}?updated_since=2030-01-02T08:00:01", **headers).json()["count"] == 0
        )
        assert client.get(f"{base}?updated_since=kemarin", **headers).status_code == 422


def test_updated_since_counts_saves_of_some_fields_only(world):
    """A save with update_fields moves updated_at on too (BaseModel.save)."""
    item = world.own.objects["followup"]
    moment = datetime.datetime(2030, 5, 1, 9, 0, tzinfo=JAKARTA)
    with time_machine.travel(moment, tick=False), scopes_disabled():
        item.status_note = "Sudah dicoba"
        item.save(update_fields=["status_note"])
        assert ActionItem.objects.get(pk=item.pk).updated_at == moment


def test_people_changed_since_include_a_new_role_here(client, world):
    own = world.own
    person = own.objects["person"]
    with time_machine.travel(datetime.datetime(2030, 1, 2, 8, 0, tzinfo=JAKARTA), tick=False):
        headers = _auth(client, own.users[Role.PRINCIPAL])
        response = client.post(
            f"/api/v1/schools/{own.school.npsn}/memberships",
            json.dumps({"user_id": str(person.pk), "role": "mentor"}),
            content_type="application/json",
            **headers,
        )
        assert response.status_code == 201, response.content
    people = client.get(
        f"/api/v1/schools/{own.school.npsn}/people?updated_since=2030-01-01T00:00:00Z", **headers
    ).json()
    assert [p["id"] for p in people["items"]] == [str(person.pk)]


def test_another_schools_id_in_a_body_is_422_on_that_field(client, world):
    own, other = world.own, world.other
    headers = _auth(client, own.users[Role.PRINCIPAL])
    npsn = own.school.npsn

    def post(path, body):
        return client.post(
            f"/api/v1/schools/{npsn}/{path}",
            json.dumps(body),
            content_type="application/json",
            **headers,
        )

    community = post(
        "communities",
        {
            "programme_id": str(other.objects["programme"].pk),
            "name": "Lintas sekolah",
            "facilitator_id": str(own.users[Role.FACILITATOR].pk),
        },
    )
    assert (community.status_code, list(community.json()["errors"])) == (422, ["programme_id"])
    followup = post(
        "followups",
        {
            "source_type": "communities.meeting",
            "source_id": str(other.objects["meeting"].pk),
            "description": "X",
            "owner_id": str(own.users[Role.TEACHER].pk),
            "due_date": "2026-10-01",
        },
    )
    assert (followup.status_code, followup.json()["errors"]) == (
        422,
        {"source_id": ["Not found in this school."]},
    )
    owner = post(
        "followups",
        {
            "source_type": "communities.meeting",
            "source_id": str(own.objects["meeting"].pk),
            "description": "X",
            "owner_id": str(other.users[Role.TEACHER].pk),
            "due_date": "2026-10-01",
        },
    )
    assert (owner.status_code, list(owner.json()["errors"])) == (422, ["owner_id"])
    with scopes_disabled():
        assert not ActionItem.objects.filter(description="X").exists()


def _more(own):
    """Each list's rows again, with other people: what a page reads must not grow with them."""
    programme = own.objects["programme"]
    for n in range(3):
        ProgrammeFactory(school=own.school, title=f"Tambahan {n}")
        person = UserFactory(full_name=f"Guru Tambahan {n}")
        MembershipFactory(user=person, school=own.school, role=Role.TEACHER)
        TeacherProfileFactory(user=person, grades=[8])
        ActionItemFactory(school=own.school, owner=person, source_type="workshops.session")
        community = CommunityFactory(programme=programme, facilitator=person, members=[person])
        PracticeFactory(community=community, shared_by=person)
        MeetingFactory(community=community, date=programme.start)
        session = WorkshopSessionFactory(event=EventFactory(programme=programme))
        session.facilitators.set([person])
        SchoolClassFactory(
            school=own.school,
            school_year=own.objects["class"].school_year,
            name=f"IX-{n}",
            grade=9,
            homeroom_teacher=person,
        )


@pytest.mark.parametrize(
    "path",
    [
        "programmes",
        "people",
        "memberships",
        "classes",
        "followups",
        "workshops/sessions",
        "communities",
        "communities/regularity",
        "practices",
    ],
)
def test_a_page_costs_the_same_queries_whatever_its_rows(client, world, path):
    """A page reads its rows in a fixed number of queries: more rows, the same count."""
    own = world.own
    client.force_login(own.users[Role.PRINCIPAL])
    url = f"/api/v1/schools/{own.school.npsn}/{path}"

    def cost():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, response.content
        return len(queries), response.json()["count"]

    client.get(url)  # the session's roles are cached by the first request
    few = cost()
    _more(own)
    many = cost()
    assert many[1] >= few[1] + 3
    assert many[0] == few[0], (few, many)
    assert few[0] <= 10


def _subclasses(cls: type) -> list[type]:
    return [sub for direct in cls.__subclasses__() for sub in (direct, *_subclasses(direct))]


def test_no_two_api_schemas_share_a_name():
    """The OpenAPI document names a schema by its class name: two apps' classes alike would
    describe one app's endpoints with the other's shape (and the fuzzer would check the wrong
    one)."""
    from ninja import Schema

    modules: dict[str, set[str]] = {}
    for cls in _subclasses(Schema):
        if cls.__module__.startswith("kombel.") and "[" not in cls.__name__:
            modules.setdefault(cls.__name__, set()).add(cls.__module__)
    assert {name: found for name, found in modules.items() if len(found) > 1} == {}


def test_what_postgresql_cannot_store_is_refused_not_a_500(client, world):
    """Found by the fuzzer on PostgreSQL: a NUL character in a body or a query, and an offset
    beyond ±15:59 in `updated_since`, failed in the database (and aborted its transaction)."""
    own = world.own
    headers = _auth(client, own.users[Role.PRINCIPAL])
    base = f"/api/v1/schools/{own.school.npsn}"
    nul_body = client.post(
        f"{base}/people",
        json.dumps({"username": "a\u0000b", "full_name": "X", "roles": ["teacher"]}),
        content_type="application/json",
        **headers,
    )
    assert nul_body.status_code in (400, 422)  # refused before it reaches the database
    assert client.get(f"{base}/classes?school_year=a%00b", **headers).status_code in (400, 422)
    far = client.get(f"{base}/classes?updated_since=8740-12-14T20%3A18%3A22%2B23%3A35", **headers)
    assert (far.status_code, far.json()["count"]) == (200, 0)

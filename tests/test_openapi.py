"""The API's OpenAPI document is valid and complete; a token works end to end."""

import pytest
from openapi_spec_validator import validate

from kombel.schools.enums import Role
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db


def test_openapi_document_is_valid_and_lists_every_app(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    validate(document)
    expected = {
        "/api/v1/auth/token",
        "/api/v1/schools",
        "/api/v1/schools/{npsn}/people",
        "/api/v1/schools/{npsn}/programmes",
        "/api/v1/schools/{npsn}/events/{event_id}",
        "/api/v1/schools/{npsn}/workshops/sessions",
        "/api/v1/schools/{npsn}/workshops/checkin",
        "/api/v1/schools/{npsn}/communities",
        "/api/v1/schools/{npsn}/followups",
        "/api/v1/schools/{npsn}/followups/{item_id}/status",
    }
    assert expected - set(document["paths"]) == set()


def test_token_then_bearer_lists_only_own_schools(client, world):
    teacher = world.own.users[Role.TEACHER]
    response = client.post(
        "/api/v1/auth/token",
        {"username": teacher.username, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200
    headers = {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}
    listed = client.get("/api/v1/schools", **headers)
    assert (listed.status_code, [s["npsn"] for s in listed.json()["items"]]) == (
        200,
        [world.own.school.npsn],
    )
    assert client.get("/api/v1/schools").status_code == 401
    wrong = client.get("/api/v1/schools", HTTP_AUTHORIZATION="Bearer not-a-token")
    assert wrong.status_code == 401


def test_wrong_password_gets_no_token(client, world):
    teacher = world.own.users[Role.TEACHER]
    response = client.post(
        "/api/v1/auth/token",
        {"username": teacher.username, "password": "wrong"},
        content_type="application/json",
    )
    assert (response.status_code, list(response.json())) == (401, ["detail"])


def test_api_docs_are_served_without_a_cdn(client):
    response = client.get("/api/v1/docs")
    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()

import json

import pytest

from kombel.core import middleware

pytestmark = pytest.mark.django_db


def test_api_request_over_the_limit_is_413_in_json(client, monkeypatch):
    monkeypatch.setattr(middleware, "MAX_REQUEST_BYTES", 100)
    response = client.post(
        "/api/v1/auth/token",
        json.dumps({"username": "x" * 200, "password": "y"}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 413
    assert response.json()["detail"].startswith("Too much at once:")


def test_request_under_the_limit_passes(client):
    response = client.post(
        "/api/v1/auth/token",
        json.dumps({"username": "nobody", "password": "y"}),
        content_type="application/json",
    )
    assert response.status_code == 401

"""Every view and API endpoint, every role, own school and another school.

Rows come from tests/<app>/matrix.py (see tests/permissions.py). For each row and role: the
same endpoint addressed to the other school (or to its object) answers 404 whatever the role;
in the user's own school, the allowed roles succeed and the others get 403 (the API may also
answer 404 for objects the role cannot see at all).
"""

import importlib
import json
import pkgutil
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import Client, override_settings

from tests.factories.accounts import PASSWORD
from tests.permissions import ALL, Endpoint
from tests.world import SchoolWorld, World, build_world

# Every app's rows: tests/<app>/matrix.py, found on disk (a new app adds its file, nothing here).
APPS = sorted(
    m.name
    for m in pkgutil.iter_modules([str(Path(__file__).parent)])
    if m.ispkg and (Path(__file__).parent / m.name / "matrix.py").exists()
)
ENDPOINTS: list[Endpoint] = [
    ep for app in APPS for ep in importlib.import_module(f"tests.{app}.matrix").ENDPOINTS
]


def _request(client: Any, ep: Endpoint, sw: SchoolWorld, token: str | None) -> Any:
    path = ep.path_for(sw)
    data = ep.data(sw) if ep.data else {}
    if ep.api:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        if ep.method == "GET":
            return client.get(path, **headers)
        return client.generic(
            ep.method,
            path,
            data=json.dumps(data, default=str),
            content_type="application/json",
            **headers,
        )
    if ep.method == "GET":
        return client.get(path)
    return client.post(path, data)


def _token(client: Any, username: str) -> str:
    response = client.post(
        "/api/v1/auth/token",
        {"username": username, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


@pytest.fixture(scope="module")
def matrix_media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("matrix-media")


@pytest.fixture(scope="module")
def matrix_world(django_db_setup: None, django_db_blocker: Any, matrix_media: Path) -> Any:
    """One world for the whole matrix, built once per worker inside a transaction rolled back at
    the end; each test runs in a savepoint of it (the `db` fixture), so what a request writes is
    undone before the next. Building the world for each of thousands of rows cost most of the
    suite's time."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=matrix_media),
        transaction.atomic(),
    ):
        world = build_world()
        # One API token per person for the whole matrix, asked for as a client would.
        client = Client()
        tokens = {user.username: _token(client, user.username) for user in world.own.users.values()}
        yield world, tokens
        transaction.set_rollback(True)


@pytest.fixture
def world(matrix_world: Any, db: None, matrix_media: Path, settings: Any) -> World:
    settings.MEDIA_ROOT = matrix_media  # where the world's files are (rows serve them)
    return matrix_world[0]


@pytest.fixture
def tokens(matrix_world: Any) -> dict[str, str]:
    return matrix_world[1]


@pytest.mark.parametrize("role", sorted(ALL))
@pytest.mark.parametrize("ep", ENDPOINTS, ids=lambda ep: f"{ep.method} {ep.url}")
def test_permission_matrix(client, world, tokens, ep: Endpoint, role: str) -> None:
    user = world.own.users[role]
    token = tokens[user.username] if ep.api else None
    if not ep.api:
        client.force_login(user)

    foreign = _request(client, ep, world.other, token)
    assert foreign.status_code == 404, f"{role} reached the other school: {foreign.status_code}"

    own = _request(client, ep, world.own, token)
    if role in ep.allowed:
        assert own.status_code in ep.ok, f"{role} refused: {own.status_code} {own.content[:300]!r}"
    elif ep.api:
        assert own.status_code in (403, 404), f"{role} allowed: {own.status_code}"
    else:
        assert own.status_code == 403, f"{role} allowed: {own.status_code}"

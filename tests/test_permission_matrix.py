"""Every view and API endpoint, every role, own school and another school.

Add an endpoint with one line in ENDPOINTS. `allowed` lists the roles that may use it in their
own school; every other role gets 403 (HTML) or 403/404 (API) there, and every role — allowed or
not — gets 404 for the same endpoint addressed to the other school (or to its object).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from kombel.schools.enums import Role
from tests.factories.accounts import PASSWORD
from tests.world import SchoolWorld

ALL = frozenset(Role)
STAFF = frozenset(
    {Role.TEACHER, Role.FACILITATOR, Role.PRINCIPAL, Role.SUPERVISOR, Role.MENTOR, Role.OPERATOR}
)
READ_ALL = frozenset({Role.PRINCIPAL, Role.SUPERVISOR, Role.MENTOR})
TEACHERS = frozenset({Role.TEACHER, Role.FACILITATOR})
MANAGERS = frozenset({Role.PRINCIPAL, Role.OPERATOR})


@dataclass(frozen=True)
class Endpoint:
    """`url` is a path template filled from the school world: {npsn} and {<object>.<attr>}."""

    url: str
    allowed: frozenset[str]
    method: str = "GET"
    data: Callable[[SchoolWorld], dict[str, Any]] | None = None
    api: bool = False
    ok: tuple[int, ...] = field(default=(200, 201, 204, 302))

    def path_for(self, sw: SchoolWorld) -> str:
        return self.url.format(npsn=sw.school.npsn, **sw.objects)


ENDPOINTS: list[Endpoint] = [
    Endpoint("/s/{npsn}/", ALL),
    Endpoint("/api/v1/schools/{npsn}", ALL, api=True),
]


def _request(client: Any, ep: Endpoint, sw: SchoolWorld, token: str | None) -> Any:
    path = ep.path_for(sw)
    data = ep.data(sw) if ep.data else {}
    if ep.api:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        if ep.method == "GET":
            return client.get(path, **headers)
        return client.generic(
            ep.method, path, data=__import__("json").dumps(data, default=str),
            content_type="application/json", **headers,
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


@pytest.mark.parametrize("role", sorted(ALL))
@pytest.mark.parametrize("ep", ENDPOINTS, ids=lambda ep: f"{ep.method} {ep.url}")
def test_permission_matrix(client, world, ep: Endpoint, role: str) -> None:
    user = world.own.users[role]
    token = None
    if ep.api:
        token = _token(client, user.username)
    else:
        client.force_login(user)

    foreign = _request(client, ep, world.other, token)
    assert foreign.status_code == 404, f"{role} reached the other school: {foreign.status_code}"

    own = _request(client, ep, world.own, token)
    if role in ep.allowed:
        assert own.status_code in ep.ok, f"{role} refused: {own.status_code}"
    else:
        assert own.status_code in (403, 404) if ep.api else own.status_code == 403, (
            f"{role} allowed: {own.status_code}"
        )

"""What a request costs before its view: at most two queries for a logged-in user (the user,
and the school of a school page), the session and the user's roles coming from the cache."""

import pytest
from django_scopes import scopes_disabled

from kombel.schools.enums import Role
from kombel.schools.services import membership_create
from tests.factories.accounts import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.overhead_urls")]


def test_a_school_page_costs_two_queries_before_the_view(client, world, django_assert_num_queries):
    teacher = world.own.users[Role.TEACHER]
    client.force_login(teacher)
    url = f"/s/{world.own.school.npsn}/ping/"
    client.get(url)  # the first request reads the roles into the cache
    with django_assert_num_queries(2):  # the user, the school
        assert client.get(url).status_code == 200
    with django_assert_num_queries(1):  # the user
        assert client.get("/ping/").status_code == 200


def test_an_api_request_with_a_token_costs_two_queries(client, world, django_assert_num_queries):
    teacher = world.own.users[Role.TEACHER]
    token = client.post(
        "/api/v1/auth/token",
        {"username": teacher.username, "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    url = f"/api/v1/schools/{world.own.school.npsn}/ping"
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    client.get(url, **auth)
    with django_assert_num_queries(2):  # the token with its user, the school
        assert client.get(url, **auth).status_code == 200


def test_a_new_role_is_seen_at_once_despite_the_cache(client, world):
    """The cached roles belong to the user's access version, which a role change moves on."""
    supervisor = world.own.users[Role.SUPERVISOR]
    client.force_login(supervisor)
    other = f"/s/{world.other.school.npsn}/ping/"
    assert client.get(other).status_code == 404
    with scopes_disabled():
        membership_create(
            actor=None, school=world.other.school, user=supervisor, role=Role.SUPERVISOR
        )
    assert client.get(other).status_code == 200

"""What a request costs before its view: one query for a logged-in user (the user), the session,
the user's roles and their schools' rows coming from the cache."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from kombel.accounts.services import notice_send
from kombel.schools.enums import Role
from kombel.schools.services import membership_create, school_create
from tests.factories.accounts import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.overhead_urls")]


def test_a_school_page_costs_one_query_before_the_view(client, world, django_assert_num_queries):
    teacher = world.own.users[Role.TEACHER]
    client.force_login(teacher)
    url = f"/s/{world.own.school.npsn}/ping/"
    client.get(url)  # the first request reads the roles and schools into the cache
    with django_assert_num_queries(1):  # the user
        assert client.get(url).status_code == 200
    with django_assert_num_queries(1):  # the user
        assert client.get("/ping/").status_code == 200


def test_an_api_request_with_a_token_costs_one_query(client, world, django_assert_num_queries):
    teacher = world.own.users[Role.TEACHER]
    token = client.post(
        "/api/v1/auth/token",
        {"username": teacher.username, "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    url = f"/api/v1/schools/{world.own.school.npsn}/ping"
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    client.get(url, **auth)
    with django_assert_num_queries(1):  # the token with its user
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


def test_a_changed_school_is_seen_at_once_despite_the_cache(client, world):
    """The cached school rows belong to the access version, which a change of the school moves
    on for everyone holding a role there (through the admin too: a signal, not the service)."""
    teacher = world.own.users[Role.TEACHER]
    school = world.own.school
    client.force_login(teacher)
    assert school.name in client.get("/").content.decode()
    with scopes_disabled():
        school.name = "SMP Negeri 9 Contoh"
        school.save()
    assert "SMP Negeri 9 Contoh" in client.get("/").content.decode()
    assert client.get(f"/s/{school.npsn}/ping/").status_code == 200


def test_a_new_or_deleted_school_is_seen_at_once_by_the_district(client, world):
    officer = world.own.users[Role.DISTRICT_OFFICER]
    client.force_login(officer)
    client.get("/")
    with scopes_disabled():
        school = school_create(
            actor=None, district=world.own.school.district, npsn="10999999", name="SMP Baru"
        )
    url = f"/s/{school.npsn}/ping/"
    assert client.get(url).status_code == 200
    with scopes_disabled():
        school.delete()  # nothing refers to it yet
    assert client.get(url).status_code == 404


def test_notices_on_home_come_from_the_cache_yet_a_new_one_shows_at_once(client, world):
    teacher = world.own.users[Role.TEACHER]
    client.force_login(teacher)
    notice_send(user=teacher, subject="Sesi dipindah", body="Sesi Kamis pindah ke Jumat.")
    assert "Sesi dipindah" in client.get("/").content.decode()
    with CaptureQueriesContext(connection) as seen:
        client.get("/")
    assert not [q for q in seen.captured_queries if "accounts_notice" in q["sql"]]
    notice_send(user=teacher, subject="Lokakarya dibatalkan", body="Hujan deras.")
    assert "Lokakarya dibatalkan" in client.get("/").content.decode()
    client.get(reverse("accounts:notices"))  # read them all
    assert "Lokakarya dibatalkan" not in client.get("/").content.decode()


# The home page of each role, whatever the data: every app's panel in one or two queries. The
# facilitator sees the most panels (one over); overseers add the summary of their schools, a
# few queries per app whatever the number of schools.
HOME_QUERIES = {
    Role.TEACHER: 8,
    Role.PRINCIPAL: 8,
    Role.OPERATOR: 8,
    Role.MENTOR: 8,
    Role.PARENT: 8,
    Role.COMMUNITY_LEADER: 8,
    Role.FACILITATOR: 9,
    Role.SUPERVISOR: 16,
    Role.DISTRICT_OFFICER: 16,
}


@pytest.mark.parametrize("role", sorted(HOME_QUERIES))
def test_the_home_page_costs_a_bounded_number_of_queries(
    client, world, role, django_assert_max_num_queries
):
    client.force_login(world.own.users[role])
    client.get("/")  # roles, schools and notices into the cache
    with django_assert_max_num_queries(HOME_QUERIES[role]):
        assert client.get("/").status_code == 200

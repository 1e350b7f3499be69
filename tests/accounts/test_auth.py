import re

import pytest
from django.core import mail
from django.utils import translation

from kombel.accounts.models import ApiToken, User
from kombel.schools.enums import Role
from tests.factories import MembershipFactory, UserFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
TOKEN = "/api/v1/auth/token"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def user():
    return UserFactory(username="budi", email="budi@example.org", language="id")


def _login(client, username: str, password: str, ip: str = "10.0.0.1"):  # type: ignore[no-untyped-def]
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _token(client, username: str, password: str, ip: str = "10.0.0.1"):  # type: ignore[no-untyped-def]
    return client.post(
        TOKEN,
        {"username": username, "password": password},
        content_type="application/json",
        REMOTE_ADDR=ip,
    )


def test_login_and_logout(client, user):
    response = _login(client, "budi", PASSWORD)
    assert (response.status_code, response["Location"]) == (302, "/")
    assert client.cookies["django_language"].value == "id"
    assert client.get("/").context["user"] == user
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302  # back to the login page


def test_wrong_password_shows_a_message(client, user):
    response = _login(client, "budi", "wrong")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Wrong username or password. Both are case-sensitive."
    ]


def test_lockout_is_per_username_and_address(client, user, settings):
    UserFactory(username="ani")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "budi", "wrong")
    locked = _login(client, "budi", PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # A colleague on the same school Wi-Fi is not locked out...
    assert _login(client, "ani", PASSWORD).status_code == 302
    client.logout()
    # ...nor is the same person from another network.
    assert _login(client, "budi", PASSWORD, ip="10.0.0.2").status_code == 302


def test_password_change(client, user):
    client.force_login(user)
    response = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Belajar-bersama-2026",
            "new_password2": "Belajar-bersama-2026",
        },
    )
    assert response["Location"] == "/accounts/password/done/"
    user.refresh_from_db()
    assert user.check_password("Belajar-bersama-2026")


def test_password_reset_by_link(client, user):
    response = client.post("/accounts/password/reset/", {"email": "budi@example.org"})
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert [m.to for m in mail.outbox] == [["budi@example.org"]]
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body)
    assert link is not None
    form_url = client.get(link.group(1))["Location"]  # Django hides the token in the session
    response = client.post(
        form_url,
        {"new_password1": "Komunitas-belajar-9", "new_password2": "Komunitas-belajar-9"},
    )
    assert response["Location"] == "/accounts/password/reset/complete/"
    user.refresh_from_db()
    assert user.check_password("Komunitas-belajar-9")


def test_password_reset_for_unknown_email_sends_nothing(client, user):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert mail.outbox == []


def test_api_token_then_bearer(client, user):
    school = MembershipFactory(user=user, role=Role.TEACHER).school
    response = _token(client, "budi", PASSWORD)
    assert response.status_code == 200
    token = response.json()["token"]
    assert ApiToken.objects.get().user == user
    schools = client.get("/api/v1/schools", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert [s["npsn"] for s in schools.json()] == [school.npsn]
    wrong = client.get("/api/v1/schools", HTTP_AUTHORIZATION="Bearer not-a-token")
    assert wrong.status_code == 401


def test_api_token_wrong_password_is_401(client, user):
    response = _token(client, "budi", "wrong")
    assert (response.status_code, response.json()) == (
        401,
        {"detail": "Wrong username or password."},
    )
    assert ApiToken.objects.count() == 0


def test_api_token_lockout_applies(client, user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _token(client, "budi", "wrong").status_code == 401
    # The failure that reaches the limit locks out: even the right password gets no token.
    assert _token(client, "budi", "wrong").status_code == 429
    assert _token(client, "budi", PASSWORD).status_code == 429
    assert ApiToken.objects.count() == 0
    # The lockout is shared with the login page.
    assert _login(client, "budi", PASSWORD).status_code == 429
    assert _token(client, "budi", PASSWORD, ip="10.0.0.2").status_code == 200


def test_set_language_stores_the_users_choice(client, user):
    client.force_login(user)
    response = client.post("/accounts/language/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "en"
    assert client.cookies["django_language"].value == "en"


def test_set_language_ignores_unknown_languages(client, user):
    client.force_login(user)
    client.post("/accounts/language/", {"language": "xx", "next": "/"})
    assert User.objects.get(pk=user.pk).language == "id"


def test_set_language_works_logged_out(client):
    response = client.post("/accounts/language/", {"language": "en", "next": "/accounts/login/"})
    assert (response.status_code, client.cookies["django_language"].value) == (302, "en")

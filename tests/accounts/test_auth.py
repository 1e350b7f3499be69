import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone, translation

from kombel.accounts import services
from kombel.accounts.models import ApiToken, OneTimeCode, User
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


def _get(path: str, raw: str):  # type: ignore[no-untyped-def]
    """GET with the token only (a fresh client: no session of the test's client)."""
    return Client().get(path, HTTP_AUTHORIZATION=f"Bearer {raw}")


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
    raw = _token(client, "budi", PASSWORD).json()["token"]
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
    # Every API token goes with the old password.
    assert ApiToken.objects.count() == 0
    assert _get("/api/v1/auth/tokens", raw).status_code == 401


def test_password_reset_by_link(client, user):
    _token(client, "budi", PASSWORD)
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
    assert ApiToken.objects.count() == 0


def test_password_reset_goes_only_to_a_confirmed_address(client, user):
    # e.g. an address someone else typed in, which its owner never confirmed.
    User.objects.filter(pk=user.pk).update(email_confirmed_at=None)
    response = client.post("/accounts/password/reset/", {"email": "budi@example.org"})
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert mail.outbox == []
    # Nor to an address waiting for confirmation.
    User.objects.filter(pk=user.pk).update(
        email_confirmed_at=timezone.now(), pending_email="new@example.org"
    )
    client.post("/accounts/password/reset/", {"email": "new@example.org"})
    assert mail.outbox == []


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
    assert response.json()["label"] == ""
    schools = client.get("/api/v1/schools", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert [s["npsn"] for s in schools.json()["items"]] == [school.npsn]
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


def test_tokens_carry_a_label_and_are_listed_and_revoked_by_their_owner(client, user):
    phone = _token_label(client, "HP Samsung")
    laptop = _token_label(client, "laptop")
    other = _token(client, UserFactory(username="ani").username, PASSWORD).json()["token"]
    listed = _get("/api/v1/auth/tokens", phone["token"]).json()["items"]
    assert [(t["label"], t["current"]) for t in listed] == [("laptop", False), ("HP Samsung", True)]
    assert listed[1]["expires_at"] > listed[1]["created_at"]
    # Another person's token is not one of mine: 404.
    other_id = ApiToken.objects.get(user__username="ani").pk
    response = client.delete(
        f"/api/v1/auth/tokens/{other_id}", HTTP_AUTHORIZATION=f"Bearer {phone['token']}"
    )
    assert response.status_code == 404
    assert _get("/api/v1/schools", other).status_code == 200
    response = client.delete(
        f"/api/v1/auth/tokens/{laptop['id']}", HTTP_AUTHORIZATION=f"Bearer {phone['token']}"
    )
    assert response.status_code == 204
    assert _get("/api/v1/schools", laptop["token"]).status_code == 401
    # DELETE /auth/token: this client logs out.
    response = client.delete("/api/v1/auth/token", HTTP_AUTHORIZATION=f"Bearer {phone['token']}")
    assert response.status_code == 204
    assert _get("/api/v1/schools", phone["token"]).status_code == 401
    assert list(ApiToken.objects.values_list("user__username", flat=True)) == ["ani"]


def _token_label(client, label: str) -> dict:  # type: ignore[no-untyped-def]
    response = client.post(
        TOKEN,
        {"username": "budi", "password": PASSWORD, "label": label},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response.json()


def test_a_token_unused_for_the_idle_period_answers_401(client, user, settings):
    settings.API_TOKEN_IDLE_DAYS = 30
    raw = _token(client, "budi", PASSWORD).json()["token"]
    assert _get("/api/v1/schools", raw).status_code == 200
    ApiToken.objects.update(last_used_at=timezone.now() - datetime.timedelta(days=29))
    assert _get("/api/v1/schools", raw).status_code == 200  # using it moves the end
    ApiToken.objects.update(
        created_at=timezone.now() - datetime.timedelta(days=40),
        last_used_at=timezone.now() - datetime.timedelta(days=31),
    )
    assert _get("/api/v1/schools", raw).status_code == 401
    assert ApiToken.objects.count() == 0


def test_tokens_are_listed_and_revoked_on_the_account_page(client, user):
    _token_label(client, "HP Samsung")
    client.force_login(user)
    page = client.get("/accounts/me/").content.decode()
    assert "HP Samsung" in page
    token = ApiToken.objects.get()
    stranger = ApiToken.objects.create(user=UserFactory(), key_hash="x" * 64)
    assert client.post(f"/accounts/me/tokens/{stranger.pk}/revoke/").status_code == 404
    assert client.post(f"/accounts/me/tokens/{token.pk}/revoke/").status_code == 302
    assert list(ApiToken.objects.all()) == [stranger]


def test_deactivating_in_the_admin_revokes_tokens(client, user):
    _token(client, "budi", PASSWORD)
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get(f"/admin/accounts/user/{user.pk}/change/")
    data = {
        k: v
        for k, v in page.context["adminform"].form.initial.items()
        if v is not None and k not in ("groups", "user_permissions", "password")
    }
    data.update(is_active="", date_joined_0="2026-01-01", date_joined_1="08:00:00")
    data.pop("date_joined", None)
    data.pop("last_login", None)
    response = client.post(f"/admin/accounts/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert (User.objects.get(pk=user.pk).is_active, ApiToken.objects.count()) == (False, 0)


def test_a_login_code_logs_in_once_then_asks_for_a_password(client, user):
    raw = _token(client, "budi", PASSWORD).json()["token"]
    code = services.login_code_create(actor=UserFactory(), user=user)
    response = client.get(f"/accounts/login/code/?username=budi&code={code}")
    assert response.context["form"].initial == {"username": "budi", "code": code}
    response = client.post("/accounts/login/code/", {"username": "budi", "code": code.lower()})
    assert response["Location"] == "/accounts/password/new/"
    # Nothing else until a new password is set.
    assert client.get("/")["Location"] == "/accounts/password/new/"
    assert client.get("/api/v1/schools").status_code == 403
    response = client.post(
        "/accounts/password/new/",
        {"new_password1": "Komunitas-belajar-9", "new_password2": "Komunitas-belajar-9"},
    )
    assert response["Location"] == "/"
    user.refresh_from_db()
    assert (user.check_password("Komunitas-belajar-9"), user.must_change_password) == (True, False)
    assert client.get("/").status_code == 200
    assert _get("/api/v1/schools", raw).status_code == 401
    client.logout()
    # Used once.
    response = client.post("/accounts/login/code/", {"username": "budi", "code": code})
    assert response.context["form"].non_field_errors() == [
        "Wrong username or code, or the code expired or was used already."
    ]


def test_an_expired_login_code_is_refused(client, user):
    code = services.login_code_create(actor=None, user=user)
    OneTimeCode.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = client.post("/accounts/login/code/", {"username": "budi", "code": code})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_wrong_codes_count_towards_the_login_lockout(client, user, settings):
    code = services.login_code_create(actor=None, user=user)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/code/", {"username": "budi", "code": "AAAA-AAAA"})
    response = client.post("/accounts/login/code/", {"username": "budi", "code": code})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session

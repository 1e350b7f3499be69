"""Phone-number usernames: one form at join, any form at login (participation.phones and
participation.backends)."""

import pytest
from django.core.exceptions import ValidationError

from kombel.accounts import services as account_services
from kombel.accounts.models import User
from kombel.participation import services
from kombel.participation.phones import axes_username, canonical_username, username_forms
from kombel.schools.enums import Role
from tests.factories import UserFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.usefixtures("unscoped")

LOGIN = "/accounts/login/"
TYPED = [
    "081234567890",
    "0812-3456-7890",
    "0812 3456 7890",
    "+62 812 3456 7890",
    "+6281234567890",
    "6281234567890",
    "62 812-3456-7890",
    "(0812) 3456 7890",
]


def _login(client, username: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR="10.0.0.9")


def _join(principal, school, klass, username: str):  # type: ignore[no-untyped-def]
    _invitation, token = services.invitation_create(
        actor=principal,
        school=school,
        role=Role.PARENT,
        name="Ibu Yusnidar",
        school_class=klass,
        child_name="Andi",
    )
    return services.invitation_accept(
        token=token, consent=True, full_name="Yusnidar", username=username, password="274519"
    )


@pytest.mark.parametrize("typed", TYPED)
def test_every_way_of_typing_a_number_is_one_form(typed):
    assert canonical_username(typed) == "081234567890"
    assert username_forms(typed) == ["081234567890", "+6281234567890", "6281234567890"]


@pytest.mark.parametrize("typed", ["ortu01", "budi.santoso", "0812", "+1 650 253 0000", ""])
def test_what_is_not_an_indonesian_mobile_number_is_left_as_typed(typed):
    assert canonical_username(typed) == typed
    assert username_forms(typed) == []


def test_joining_with_a_dashed_number_keeps_the_one_form(principal, school, klass):
    user = _join(principal, school, klass, "0812-3456-7890")
    assert user.username == "081234567890"


@pytest.mark.parametrize("typed", TYPED)
def test_a_parent_who_joined_with_dashes_logs_in_typing_it_any_way(
    client, principal, school, klass, typed
):
    _join(principal, school, klass, "0812-3456-7890")
    response = _login(client, typed, "274519")
    assert response.status_code == 302, response.context["form"].errors
    assert client.get("/").context["user"].username == "081234567890"


def test_a_wrong_pin_is_still_wrong_in_any_form(client, principal, school, klass):
    _join(principal, school, klass, "081234567890")
    response = _login(client, "+62 812 3456 7890", "999999")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("stored", ["+6281234567890", "6281234567890"])
def test_accounts_made_before_normalising_keep_working(client, db, stored):
    UserFactory(username=stored)
    for typed in ("0812 3456 7890", stored):
        client.logout()
        assert _login(client, typed, PASSWORD).status_code == 302
        assert client.get("/").context["user"].username == stored


def test_the_same_number_in_another_form_is_taken(principal, school, klass):
    UserFactory(username="+6281234567890")
    with pytest.raises(ValidationError) as caught:
        _join(principal, school, klass, "0812-3456-7890")
    assert caught.value.message_dict["username"] == ["This username is already taken."]
    assert not User.objects.filter(username="081234567890").exists()


def test_the_join_page_suggests_the_one_form(client, principal, school, klass):
    _invitation, token = services.invitation_create(
        actor=principal,
        school=school,
        role=Role.PARENT,
        name="Ibu Yusnidar",
        phone="+62 812-3456-7890",
        school_class=klass,
    )
    page = client.get(f"/join/{token}/")
    assert page.context["form"].initial["username"] == "081234567890"


def test_a_login_code_works_with_the_number_typed_otherwise(client, db):
    user = UserFactory(username="081234567890")
    code = account_services.login_code_create(actor=None, user=user)
    response = client.post("/accounts/login/code/", {"username": "+62 812 3456 7890", "code": code})
    assert response["Location"] == "/accounts/password/new/"


def test_the_api_token_exchange_takes_any_form(client, db):
    UserFactory(username="081234567890")
    response = client.post(
        "/api/v1/auth/token",
        {"username": "62 812 3456 7890", "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content


def test_wrong_pins_typed_differently_count_towards_one_lockout(client, db, settings):
    UserFactory(username="081234567890")
    forms = ["0812-3456-7890", "+62 812 3456 7890", "6281234567890", "081234567890"]
    for i in range(settings.AXES_FAILURE_LIMIT):
        _login(client, forms[i % len(forms)], "wrong")
    assert _login(client, "0812 3456 7890", PASSWORD).status_code == 429
    assert axes_username(None, {"username": "+62 812 3456 7890"}) == "081234567890"

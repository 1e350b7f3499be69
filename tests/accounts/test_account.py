import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from kombel.accounts import services
from kombel.core.models import AuditLog
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/accounts/me/"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def user():
    return UserFactory(username="budi", full_name="Budi", language="id")


def test_account_page_needs_login(client):
    assert client.get(URL).status_code == 302


def test_account_page_edits_own_details(client, user, unscoped):
    client.force_login(user)
    assert client.get(URL).context["form"].initial["full_name"] == "Budi"
    response = client.post(
        URL,
        {
            "full_name": "Budi Santoso, S.Pd.",
            "phone": "0812 3456 7890",
            "email": "budi@example.org",
            "language": "en",
        },
    )
    assert response["Location"] == URL
    user.refresh_from_db()
    assert (user.full_name, user.phone, user.email, user.language) == (
        "Budi Santoso, S.Pd.",
        "081234567890",
        "budi@example.org",
        "en",
    )
    assert client.cookies["django_language"].value == "en"
    assert AuditLog.objects.filter(action="accounts.user.updated").count() == 1


@pytest.mark.parametrize("phone", ["12345", "+1 202 555 0100", "0212345678"])
def test_account_page_refuses_non_indonesian_mobile_numbers(client, user, phone):
    client.force_login(user)
    response = client.post(URL, {"full_name": "Budi", "phone": phone, "language": "id"})
    assert response.context["form"].errors == {
        "phone": ["Enter an Indonesian mobile number, e.g. 081234567890 or +6281234567890."]
    }
    user.refresh_from_db()
    assert user.phone == ""


@pytest.mark.parametrize("phone", ["081234567890", "+6281234567890", "6281234567890"])
def test_indonesian_mobile_numbers_are_accepted(user, phone):
    services.account_update(user=user, full_name="Budi", phone=phone, email="", language="id")
    assert user.phone == phone


def test_account_update_refuses_empty_name(user):
    with pytest.raises(ValidationError) as exc:
        services.account_update(user=user, full_name=" ", phone="", email="", language="id")
    assert list(exc.value.message_dict) == ["full_name"]


def test_account_page_shows_a_non_field_service_error(client, user, monkeypatch):
    def refuse(**kwargs):
        raise ValidationError("Try again later.")

    monkeypatch.setattr("kombel.accounts.views.account_update", refuse)
    client.force_login(user)
    response = client.post(URL, {"full_name": "Budi", "phone": "", "language": "id"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Try again later."]


def test_feed_token_shown_and_rotated(client, user):
    client.force_login(user)
    old = user.feed_token
    response = client.get(URL)
    assert old in response.content.decode()
    response = client.post("/accounts/me/feed-token/")
    assert response["Location"] == URL
    user.refresh_from_db()
    assert user.feed_token != old
    page = client.get(URL).content.decode()
    assert (user.feed_token in page, old in page) == (True, False)


def test_feed_token_rotate_needs_post(client, user):
    client.force_login(user)
    assert client.get("/accounts/me/feed-token/").status_code == 405


def test_short_name_skips_academic_titles(db):
    from tests.factories import UserFactory

    assert UserFactory(full_name="Drs. Ahmad Yani, M.Pd.").get_short_name() == "Ahmad"
    assert UserFactory(full_name="Rahmawati, S.Pd.").get_short_name() == "Rahmawati"

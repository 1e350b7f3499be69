import importlib
import re
from urllib.parse import unquote

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from kombel.accounts import services
from kombel.accounts.models import OneTimeCode, User
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
    return UserFactory(
        username="budi", full_name="Budi", language="en", email="budi@example.org", phone=""
    )


def _post_account(client, **changes):  # type: ignore[no-untyped-def]
    data = {"full_name": "Budi", "phone": "", "email": "budi@example.org", "language": "en"}
    return client.post(URL, {**data, **changes})


def _code_in(link: str) -> str:
    found = re.search(r"is (\d{6})\.", unquote(link))
    assert found is not None, link
    return found.group(1)


def test_account_page_needs_login(client):
    assert client.get(URL).status_code == 302


def test_name_and_language_change_at_once(client, user, unscoped):
    client.force_login(user)
    assert client.get(URL).context["form"].initial["full_name"] == "Budi"
    response = _post_account(client, full_name="Budi Santoso, S.Pd.", language="id")
    assert response["Location"] == URL
    user.refresh_from_db()
    assert (user.full_name, user.language) == ("Budi Santoso, S.Pd.", "id")
    assert client.cookies["django_language"].value == "id"
    assert AuditLog.objects.filter(action="accounts.user.updated").count() == 1
    assert mail.outbox == []


def test_a_new_email_is_used_once_the_owner_opens_the_link(client, user, unscoped, sent):
    client.force_login(user)
    with sent():
        response = _post_account(client, email="budi.baru@example.org")
    assert response["Location"] == URL
    user.refresh_from_db()
    # The old address stays in use, and is told.
    assert (user.email, user.pending_email) == ("budi@example.org", "budi.baru@example.org")
    by_address = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_address) == ["budi.baru@example.org", "budi@example.org"]
    announce, confirm = by_address["budi@example.org"], by_address["budi.baru@example.org"]
    assert "asked to change your e-mail address to budi.baru@example.org" in announce.body
    link = re.search(r"http://127.0.0.1:8000(/accounts/me/email/\S+/)", confirm.body)
    assert link is not None
    page = client.get(URL).content.decode()
    assert "Waiting for you to open the link sent to budi.baru@example.org" in page
    # Opening the link shows a button: a mail scanner following it confirms nothing.
    assert client.get(link.group(1)).status_code == 200
    assert User.objects.get(pk=user.pk).pending_email == "budi.baru@example.org"
    assert client.post(link.group(1))["Location"] == URL
    user.refresh_from_db()
    assert (user.email, user.pending_email) == ("budi.baru@example.org", "")
    assert user.email_confirmed_at is not None
    assert AuditLog.objects.filter(action="accounts.email.confirmed").count() == 1


def test_the_email_link_works_only_for_its_owner_and_only_once(client, user, unscoped, sent):
    with sent():
        services.contact_change(actor=user, user=user, email="budi.baru@example.org", phone="")
    link = re.search(r"(/accounts/me/email/\S+/)", mail.outbox[-1].body).group(1)
    client.logout()
    assert client.post(link)["Location"].startswith("/accounts/login/")
    client.force_login(UserFactory())
    response = client.post(link, follow=True)
    assert "This link is for another account" in response.content.decode()
    client.force_login(user)
    client.post(link)
    response = client.post(link, follow=True)
    assert "This link is not valid any more" in response.content.decode()
    forged = link.replace(link.split("/")[-2][-5:], "xxxxx")
    assert "not valid any more" in client.post(forged, follow=True).content.decode()


def test_a_new_number_is_used_once_the_owner_types_the_code(client, user, unscoped, sent):
    client.force_login(user)
    with sent():
        response = _post_account(client, phone="0812 3456 7890")
    # The code is shown this once, as a wa.me link to the new number.
    assert response.status_code == 200
    link = response.context["phone_link"]
    assert link.startswith("https://wa.me/6281234567890?text=")
    user.refresh_from_db()
    assert (user.phone, user.pending_phone) == ("", "081234567890")
    assert "asked to change your WhatsApp number to 081234567890" in mail.outbox[0].body
    response = client.post("/accounts/me/phone/", {"code": "000000"}, follow=True)
    assert "This code is not right." in response.content.decode()
    client.post("/accounts/me/phone/", {"code": _code_in(link)})
    user.refresh_from_db()
    assert (user.phone, user.pending_phone) == ("081234567890", "")
    # Used once.
    response = client.post("/accounts/me/phone/", {"code": _code_in(link)}, follow=True)
    assert "No number is waiting for this code" in response.content.decode()


def test_five_wrong_codes_void_the_code(user, unscoped):
    change = services.contact_change(actor=user, user=user, email=user.email, phone="081234567890")
    for _ in range(services.PHONE_CODE_MAX_ATTEMPTS - 1):
        with pytest.raises(ValidationError):
            services.phone_confirm(
                actor=user, code="999999" if change.phone_code != "999999" else "1"
            )
    with pytest.raises(ValidationError) as exc:
        services.phone_confirm(actor=user, code="999999" if change.phone_code != "999999" else "1")
    assert exc.value.messages == ["Too many wrong codes: change the number again for a new code."]
    with pytest.raises(ValidationError):
        services.phone_confirm(actor=user, code=change.phone_code)
    assert OneTimeCode.objects.count() == 0


def test_setting_the_old_value_back_drops_the_pending_change(user, unscoped):
    services.contact_change(actor=user, user=user, email="x@example.org", phone="081234567890")
    services.contact_change(actor=user, user=user, email=user.email, phone="")
    user.refresh_from_db()
    assert (user.pending_email, user.pending_phone) == ("", "")


def test_removing_the_address_takes_effect_at_once(user, unscoped, sent):
    with sent():
        services.contact_change(actor=user, user=user, email="", phone="")
    user.refresh_from_db()
    assert (user.email, user.email_confirmed_at) == ("", None)
    assert [m.to for m in mail.outbox] == [["budi@example.org"]]


@pytest.mark.parametrize("phone", ["12345", "+1 202 555 0100", "0212345678"])
def test_account_page_refuses_non_indonesian_mobile_numbers(client, user, phone):
    client.force_login(user)
    response = _post_account(client, phone=phone)
    assert response.context["form"].errors == {
        "phone": ["Enter an Indonesian mobile number, e.g. 081234567890 or +6281234567890."]
    }
    user.refresh_from_db()
    assert (user.phone, user.pending_phone) == ("", "")


@pytest.mark.parametrize("phone", ["081234567890", "+6281234567890", "6281234567890"])
def test_indonesian_mobile_numbers_are_accepted(user, phone):
    services.account_update(actor=user, full_name="Budi", phone=phone, email="", language="id")
    assert user.pending_phone == phone


def test_account_update_refuses_empty_name(user):
    with pytest.raises(ValidationError) as exc:
        services.account_update(actor=user, full_name=" ", phone="", email="", language="id")
    assert list(exc.value.message_dict) == ["full_name"]


def test_account_page_shows_a_non_field_service_error(client, user, monkeypatch):
    def refuse(**kwargs):
        raise ValidationError("Try again later.")

    monkeypatch.setattr("kombel.accounts.views.account_update", refuse)
    client.force_login(user)
    response = _post_account(client)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Try again later."]


def test_unconfirmed_address_can_be_confirmed_from_the_account_page(client, user, unscoped, sent):
    User.objects.filter(pk=user.pk).update(email_confirmed_at=None)
    client.force_login(user)
    assert "is not confirmed yet" in client.get(URL).content.decode()
    with sent():
        client.post("/accounts/me/email/send/")
    assert mail.outbox[-1].to == ["budi@example.org"]
    link = re.search(r"(/accounts/me/email/\S+/)", mail.outbox[-1].body).group(1)
    client.post(link)
    assert User.objects.get(pk=user.pk).email_confirmed_at is not None


def test_notices_are_shown_on_the_account_page(client, user, sent):
    with sent():
        services.notice_send(user=user, subject="Your roles changed", body="You are a mentor now.")
    client.force_login(user)
    page = client.get(URL).content.decode()
    assert "Your roles changed" in page and "You are a mentor now." in page
    assert [m.subject for m in mail.outbox] == ["Your roles changed"]


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
    assert UserFactory(full_name="Drs. Ahmad Yani, M.Pd.").get_short_name() == "Ahmad"
    assert UserFactory(full_name="Rahmawati, S.Pd.").get_short_name() == "Rahmawati"


def test_existing_addresses_count_as_confirmed_unless_someone_else_changed_them(unscoped):
    migration = importlib.import_module("kombel.accounts.migrations.0003_security")
    own = UserFactory(email="own@example.org", email_confirmed_at=None)
    taken = UserFactory(email="attacker@example.org", email_confirmed_at=None)
    none = UserFactory(email="", email_confirmed_at=None)
    principal = UserFactory()
    AuditLog.objects.create(
        action="schools.person.updated",
        actor=principal,
        object_type="accounts.user",
        object_id=str(taken.pk),
        data={"fields": ["email"]},
    )
    AuditLog.objects.create(
        action="schools.person.updated",
        actor=principal,
        object_type="accounts.user",
        object_id=str(own.pk),
        data={"fields": ["full_name"]},
    )
    migration.confirm_existing_addresses(apps, None)
    confirmed = dict(User.objects.values_list("username", "email_confirmed_at"))
    assert confirmed[own.username] is not None
    assert (confirmed[taken.username], confirmed[none.username]) == (None, None)
    assert confirmed[own.username] <= timezone.now()


@pytest.mark.parametrize(
    ("action", "label"),
    [
        ("accounts.email.requested", "E-mail: change requested"),
        ("accounts.phone.confirmed", "WhatsApp number: confirmed"),
        ("accounts.login_code.used", "Login code: used"),
        ("accounts.password.changed", "Password: changed"),
        ("accounts.tokens.revoked", "API tokens: revoked"),
    ],
)
def test_the_audit_log_names_every_account_action(action, label):
    from kombel.core.audit import action_label

    assert action_label(action) == label


def test_the_announcement_is_in_the_persons_language(user, sent):
    User.objects.filter(pk=user.pk).update(language="id")
    user.refresh_from_db()
    with sent():
        services.contact_change(actor=user, user=user, email="baru@example.org", phone="")
    (announce,) = [m for m in mail.outbox if m.to == ["budi@example.org"]]
    assert "meminta agar alamat email Anda diubah menjadi baru@example.org" in announce.body

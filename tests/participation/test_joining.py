"""Invitations, joining with a PIN, consent, one's own data and deletion."""

import datetime
import io
import json
import zipfile

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scopes_disabled

from kombel.accounts.models import User
from kombel.core.models import AuditLog
from kombel.participation import services
from kombel.participation.enums import InvitationStatus
from kombel.participation.models import ChildClass, Consent, DataRequest, Invitation
from kombel.schools.access import roles_in
from kombel.schools.enums import Role
from kombel.schools.models import Membership
from tests.factories import SchoolClassFactory, SchoolFactory
from tests.factories.participation import PostFactory, SpaceFactory, ThreadFactory
from tests.participation.conftest import member

pytestmark = pytest.mark.usefixtures("unscoped")


def _invite(principal, school, klass, **kwargs):  # type: ignore[no-untyped-def]
    fields = {
        "role": Role.PARENT,
        "name": "Ibu Yusnidar",
        "phone": "0812-3456-7890",
        "school_class": klass,
        "child_name": "Andi",
    }
    fields.update(kwargs)
    return services.invitation_create(actor=principal, school=school, **fields)


def test_parent_joins_with_a_pin_and_gets_role_class_and_consent(principal, school, klass):
    invitation, token = _invite(principal, school, klass)
    assert invitation.phone == "081234567890"
    assert Invitation.objects.get().token_hash != token  # only its hash is kept
    user = services.invitation_accept(
        token=token,
        consent=True,
        full_name="Yusnidar",
        username="081234567890",
        password="274519",
    )
    assert user.check_password("274519") and not user.must_change_password
    assert roles_in(user, school) == {Role.PARENT}
    assert ChildClass.objects.get(parent=user).school_class == klass
    consent = Consent.objects.get(user=user)
    assert (consent.version, consent.withdrawn_at) == ("2026-11", None)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.USED and invitation.used_by == user
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {"participation.invitation.used", "participation.consent.given"} <= actions


def test_a_used_invitation_cannot_be_used_again(principal, school, klass):
    _invitation, token = _invite(principal, school, klass)
    services.invitation_accept(
        token=token, consent=True, full_name="A", username="ortu-a", password="274519"
    )
    with pytest.raises(ValidationError, match="used already"):
        services.invitation_accept(
            token=token, consent=True, full_name="B", username="ortu-b", password="274519"
        )
    assert not User.objects.filter(username="ortu-b").exists()


def test_an_expired_invitation_says_so_and_creates_nothing(principal, school, klass):
    with time_machine.travel(datetime.datetime(2026, 11, 1, 8, tzinfo=datetime.UTC), tick=False):
        _invitation, token = _invite(principal, school, klass)
    later = datetime.datetime(2026, 11, 16, 8, tzinfo=datetime.UTC)
    with time_machine.travel(later, tick=False), pytest.raises(ValidationError, match="expired"):
        services.invitation_accept(
            token=token, consent=True, full_name="A", username="ortu-a", password="274519"
        )
    assert not User.objects.filter(username="ortu-a").exists()


def test_without_consent_nobody_joins(principal, school, klass):
    _invitation, token = _invite(principal, school, klass)
    with pytest.raises(ValidationError) as info:
        services.invitation_accept(
            token=token, consent=False, full_name="A", username="ortu-a", password="274519"
        )
    assert "consent" in info.value.message_dict


@pytest.mark.parametrize("pin", ["12345", "111111", "123456", "987654"])
def test_short_or_trivial_pins_are_refused(principal, school, klass, pin):
    _invitation, token = _invite(principal, school, klass)
    with pytest.raises(ValidationError) as info:
        services.invitation_accept(
            token=token, consent=True, full_name="A", username="ortu-a", password=pin
        )
    assert "password" in info.value.message_dict


def test_a_parent_needs_a_class_and_only_givers_of_the_role_invite(school, klass, teacher):
    principal = member(school, Role.PRINCIPAL)
    with pytest.raises(ValidationError) as info:
        _invite(principal, school, None)
    assert "school_class" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        _invite(teacher, school, klass)
    assert info.value.error_dict["role"][0].code == "forbidden"
    other_class = SchoolClassFactory(school=SchoolFactory())
    with pytest.raises(ValidationError, match="this school"):
        _invite(principal, school, other_class)


def test_the_operator_invites_parents_and_leaders(operator, school, klass):
    _invitation, token = _invite(operator, school, klass, role=Role.COMMUNITY_LEADER)
    user = services.invitation_accept(
        token=token, consent=True, full_name="Datuk", username="datuk", password="Tebo-2026!"
    )
    assert roles_in(user, school) == {Role.COMMUNITY_LEADER}
    assert not ChildClass.objects.filter(parent=user).exists()


def test_renewing_makes_a_new_link_and_kills_the_old(principal, school, klass):
    invitation, old = _invite(principal, school, klass)
    new = services.invitation_renew(actor=principal, invitation=invitation)
    assert services.invitation_for_token(old) is None
    assert services.invitation_for_token(new) == invitation
    services.invitation_revoke(actor=principal, invitation=invitation)
    assert "withdrawn" in services.invitation_refusal(services.invitation_for_token(new))


def test_a_logged_in_parent_adds_a_second_child(principal, school, klass, parent):
    other = SchoolClassFactory(school=school, name="IX-C", grade=9)
    _invitation, token = _invite(principal, school, other)
    assert services.invitation_accept(token=token, consent=True, user=parent) == parent
    assert {c.school_class for c in ChildClass.objects.filter(parent=parent)} == {klass, other}
    assert Membership.objects.filter(user=parent).count() == 1


def test_join_page_logs_the_new_parent_in(client, principal, school, klass):
    _invitation, token = _invite(principal, school, klass)
    page = client.get(f"/join/{token}/")
    assert page.status_code == 200
    assert page.context["form"].initial["username"] == "081234567890"
    response = client.post(
        f"/join/{token}/",
        {
            "full_name": "Yusnidar",
            "username": "081234567890",
            "password": "274519",
            "password2": "274519",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    assert client.get("/").context["user"].username == "081234567890"
    again = client.get(f"/join/{token}/")
    assert again.status_code == 410 and b"used already" in again.content


def test_join_page_keeps_what_was_typed_when_consent_is_missing(client, principal, school, klass):
    _invitation, token = _invite(principal, school, klass)
    response = client.post(
        f"/join/{token}/",
        {"full_name": "Yusnidar", "username": "yus", "password": "274519", "password2": "274519"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["consent"]
    assert response.context["form"]["full_name"].value() == "Yusnidar"


def test_unknown_link_is_refused(client, db):
    assert client.get("/join/not-a-token/").status_code == 410


def test_invitation_page_shows_whatsapp_link_and_qr_once(client, principal, school, klass):
    client.force_login(principal)
    response = client.post(
        f"/s/{school.npsn}/participation/invitations/",
        {
            "role": "parent",
            "name": "Ibu Kartini",
            "phone": "081298765432",
            "school_class": klass.pk,
        },
    )
    assert response.status_code == 200
    assert response.context["wa"].startswith("https://wa.me/6281298765432?text=")
    assert "<svg" in response.context["qr_svg"]
    assert "/join/" in response.context["link"]


def test_consent_withdrawn_then_given_again(parent, school):
    assert services.consent_withdraw(actor=parent, school=school)
    assert services.needs_consent(school, parent)
    space = SpaceFactory(school=school)
    with pytest.raises(ValidationError) as info:
        services.thread_create(actor=parent, space=space, title="T", body="B")
    assert info.value.code == "forbidden"
    services.consent_give(actor=parent, school=school)
    assert not services.needs_consent(school, parent)
    assert Consent.objects.filter(user=parent).count() == 2


def test_forum_pages_send_a_parent_without_consent_to_their_page(client, parent, school):
    services.consent_withdraw(actor=parent, school=school)
    client.force_login(parent)
    response = client.get(f"/s/{school.npsn}/participation/")
    assert response.status_code == 302 and response.url.endswith("/participation/me/")


def test_own_data_download_holds_posts_and_photos(client, parent, school):
    thread = ThreadFactory(space=SpaceFactory(school=school), author=parent, title="PR Rina")
    PostFactory(thread=thread, author=parent, is_opening=True, body="<script>x</script>")
    client.force_login(parent)
    data = json.loads(client.get(f"/s/{school.npsn}/participation/me/data.json").content)
    assert data["account"]["username"] == "ortu-nurlela"
    assert data["posts"][0]["text"] == "<script>x</script>"
    assert data["children"] == [{"class": "VII-A", "child_name": "Rina"}]
    archive = zipfile.ZipFile(
        io.BytesIO(client.get(f"/s/{school.npsn}/participation/me/data.zip").content)
    )
    assert "data.json" in archive.namelist()
    assert AuditLog.objects.filter(action="participation.data.downloaded").count() == 2


def test_deletion_anonymises_and_keeps_the_posts(parent, operator, school, principal, klass):
    invitation, _token = _invite(principal, school, klass, name="Nurlela")
    Invitation.objects.filter(pk=invitation.pk).update(used_by=parent, used_at=timezone.now())
    thread = ThreadFactory(space=SpaceFactory(school=school), author=parent)
    post = PostFactory(thread=thread, author=parent, is_opening=True)
    request = services.deletion_request(actor=parent, school=school, reason="Pindah sekolah")
    assert services.deletion_request(actor=parent, school=school) == request  # one at a time
    services.deletion_complete(actor=operator, request=request)
    parent.refresh_from_db()
    assert (parent.full_name, parent.phone, parent.is_active) == ("Mantan anggota", "", False)
    assert not parent.has_usable_password()
    assert roles_in(parent, school) == frozenset()
    post.refresh_from_db()
    assert post.author == parent and post.body  # still there, under the anonymised name
    assert not ChildClass.objects.filter(parent=parent).exists()
    assert not AuditLog.objects.filter(object_repr__contains="Nurlela").exists()
    assert DataRequest.objects.get().status == "done"
    with pytest.raises(ValidationError, match="completed already"):
        services.deletion_complete(actor=operator, request=request)


def test_deletion_of_a_staff_member_is_refused(teacher, operator, school):
    request = services.deletion_request(actor=teacher, school=school)
    with pytest.raises(ValidationError) as info:
        services.deletion_complete(actor=operator, request=request)
    assert info.value.code == "forbidden"
    teacher.refresh_from_db()
    assert teacher.is_active


def test_invitations_list_filters_by_status(client, principal, school, klass):
    _invite(principal, school, klass)
    with time_machine.travel(timezone.now() - datetime.timedelta(days=30), tick=False):
        _invite(principal, school, klass, name="Lama")
    client.force_login(principal)
    page = client.get(f"/s/{school.npsn}/participation/invitations/?status=expired")
    assert [i.name for i in page.context["page"]] == ["Lama"]
    with scopes_disabled():
        assert Invitation.objects.count() == 2


def test_the_operator_sees_invitations_without_a_forum_link(client, operator, school, klass):
    _invite(operator, school, klass)
    client.force_login(operator)
    page = client.get(f"/s/{school.npsn}/participation/invitations/")
    assert page.status_code == 200
    assert f'href="/s/{school.npsn}/participation/"'.encode() not in page.content
    home = client.get("/")
    assert b"1 invitation not yet used" in home.content
    assert b"Invite parents" in client.get(f"/s/{school.npsn}/").content


@time_machine.travel(datetime.datetime(2026, 12, 1, 23, 30, tzinfo=datetime.UTC), tick=False)
def test_invitation_message_gives_the_schools_last_day(client, principal, school, klass):
    """Made at 06.30 WIB (23.30 UTC the day before): valid 14 days, until 16 December in
    Tebo; the WhatsApp message and the letter say the same day."""
    client.force_login(principal)
    client.cookies["django_language"] = "id"
    response = client.post(
        f"/s/{school.npsn}/participation/invitations/",
        {"role": "parent", "name": "Kartini", "phone": "081298765432", "school_class": klass.pk},
    )
    html = response.content.decode()
    assert "berlaku sampai 16 Desember 2026" in response.context["message"]
    assert "Berlaku sampai 16 Desember 2026" in html
    assert "15 Desember" not in html


@pytest.mark.parametrize("name", ["Ibu Kartini", "Bapak Rusdi", "Bu Wati", "Pak Samsudin"])
def test_invitation_greets_once_when_the_name_has_its_title(client, principal, school, klass, name):
    """The form asks for the name as the school knows it ("Ibu Nurlela"): the message does not
    put "Bapak/Ibu" in front of a name that carries its own title."""
    client.force_login(principal)
    client.cookies["django_language"] = "id"
    response = client.post(
        f"/s/{school.npsn}/participation/invitations/",
        {"role": "parent", "name": name, "phone": "081298765432", "school_class": klass.pk},
    )
    html = response.content.decode()
    assert f"Assalamualaikum, {name}." in response.context["message"]
    assert "Bapak/Ibu" not in html
    token = response.context["link"].rstrip("/").rsplit("/", 1)[1]
    client.logout()
    client.cookies["django_language"] = "id"
    page = client.get(f"/join/{token}/").content.decode()
    assert f"Selamat datang, {name}:" in page
    assert "Bapak/Ibu" not in page


def test_invitation_greets_a_bare_name_as_bapak_ibu(client, principal, school, klass):
    client.force_login(principal)
    client.cookies["django_language"] = "id"
    response = client.post(
        f"/s/{school.npsn}/participation/invitations/",
        {"role": "parent", "name": "Kartini", "phone": "081298765432", "school_class": klass.pk},
    )
    assert "Assalamualaikum, Bapak/Ibu Kartini." in response.context["message"]

"""Every write that can change another person's account, tried from a school where that person
is not theirs alone: refused, and nothing changes (issue: a principal of one school changed the
e-mail of a person of two schools, reset the password to it and logged in as them).

A school changes the name, e-mail, WhatsApp number, password (login code) and teacher details
only of people who belong to it alone and hold no role the actor may not give; everyone else is
changed by themselves or a platform operator (schools.access.account_change_refusal).
"""

import io
import json
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation
from django_scopes import scopes_disabled
from openpyxl import Workbook

from kombel.accounts.models import OneTimeCode, User
from kombel.schools import roster, services
from kombel.schools.enums import Role
from kombel.schools.models import DistrictMembership, TeacherProfile
from tests.factories import MembershipFactory, TeacherProfileFactory, UserFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _teacher_of(world, *, phone: str = "081111111111", **kwargs):  # type: ignore[no-untyped-def]
    person = UserFactory(phone=phone, language="en", **kwargs)  # told in English
    MembershipFactory(user=person, school=world.own.school, role=Role.TEACHER)
    TeacherProfileFactory(user=person, nuptk="1111222233334444")
    return person


def _also_in_another_school(world):  # type: ignore[no-untyped-def]
    person = _teacher_of(world, username="shared")
    MembershipFactory(user=person, school=world.other.school, role=Role.TEACHER)
    return person


def _also_district_officer(world):  # type: ignore[no-untyped-def]
    person = _teacher_of(world, username="dinas-and-teacher")
    with scopes_disabled():
        DistrictMembership.objects.create(user=person, district=world.other.school.district)
    return person


def _platform_staff(world):  # type: ignore[no-untyped-def]
    return _teacher_of(world, username="staff", is_staff=True)


def _superuser(world):  # type: ignore[no-untyped-def]
    return _teacher_of(world, username="root", is_superuser=True, is_staff=True)


NOT_THEIRS_ALONE = [_also_in_another_school, _also_district_officer, _platform_staff, _superuser]


def _state(person: User) -> tuple[object, ...]:
    person = User.objects.get(pk=person.pk)
    with scopes_disabled():
        profile = TeacherProfile.objects.get(user=person)
    return (
        person.full_name,
        person.email,
        person.pending_email,
        person.phone,
        person.pending_phone,
        person.password,
        profile.nuptk,
        profile.grades,
        OneTimeCode.objects.filter(user=person).count(),
    )


@pytest.mark.parametrize("make", NOT_THEIRS_ALONE)
def test_pages_refuse_every_change_of_the_account(client, world, make):
    person = make(world)
    before = _state(person)
    client.force_login(world.own.users[Role.PRINCIPAL])
    base = f"/s/{world.own.school.npsn}/people/{person.pk}"
    detail = client.get(f"{base}/").content.decode()
    for url in (f"{base}/edit/", f"{base}/teacher/", f"{base}/login-code/"):
        assert f'href="{url}"' not in detail and f'action="{url}"' not in detail
    assert "only they or a platform operator can change their account" in detail
    for url, data in (
        (f"{base}/edit/", None),
        (
            f"{base}/edit/",
            {"full_name": "Diambil alih", "email": "attacker@example.org", "phone": ""},
        ),
        (f"{base}/teacher/", None),
        (f"{base}/teacher/", {"nuptk": "9999888877776666", "grades": ["9"], "version": "1"}),
        (f"{base}/login-code/", {}),
    ):
        response = client.get(url) if data is None else client.post(url, data)
        assert response.status_code == 403, url
        assert "only they or a platform operator can change their account" in (
            response.content.decode()
        )
    assert _state(person) == before
    assert mail.outbox == []


@pytest.mark.parametrize("make", NOT_THEIRS_ALONE)
def test_services_refuse_every_change_of_the_account(world, make):
    person = make(world)
    before = _state(person)
    principal, school = world.own.users[Role.PRINCIPAL], world.own.school
    attempts = [
        lambda: services.person_update(
            actor=principal,
            school=school,
            user=person,
            full_name="Diambil alih",
            phone="089999999999",
            email="attacker@example.org",
        ),
        lambda: services.teacher_details_update(
            actor=principal,
            school=school,
            user=person,
            nuptk="9999888877776666",
            nip="",
            subjects=[],
            grades=[9],
        ),
        lambda: services.person_login_code_create(actor=principal, school=school, user=person),
    ]
    with scopes_disabled():
        for attempt in attempts:
            with pytest.raises(ValidationError) as exc:
                attempt()
            assert exc.value.error_list[0].code == "forbidden"
    assert _state(person) == before


@pytest.mark.parametrize("make", NOT_THEIRS_ALONE)
def test_roster_import_refuses_changes_of_the_account(world, make):
    person = make(world)
    before = _state(person)
    workbook = Workbook()
    workbook.active.append(["username", "full_name", "roles", "phone", "email", "nuptk"])
    workbook.active.append(
        [person.username, "Diambil alih", "guru", "", "attacker@example.org", "9999888877776666"]
    )
    upload = io.BytesIO()
    workbook.save(upload)
    upload.seek(0)
    with scopes_disabled():
        result = roster.roster_import(
            actor=world.own.users[Role.PRINCIPAL],
            school=world.own.school,
            rows=roster.read_rows(upload, "roster.xlsx"),
        )
    assert [str(e) for e in result.errors] == [
        f"Row 2: {person} also belongs to another school, the district office or the platform: "
        "only they or a platform operator can change their account."
    ]
    assert _state(person) == before


@pytest.mark.parametrize("make", NOT_THEIRS_ALONE)
def test_the_api_refuses_to_take_the_username(client, world, make):
    person = make(world)
    before = _state(person)
    token = client.post(
        "/api/v1/auth/token",
        {"username": world.own.users[Role.PRINCIPAL].username, "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    response = client.post(
        f"/api/v1/schools/{world.own.school.npsn}/people",
        json.dumps({"username": person.username, "full_name": "X", "roles": ["parent"]}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert (response.status_code, list(response.json()["errors"])) == (422, ["username"])
    assert _state(person) == before


def test_an_operator_may_not_change_the_principal_or_a_teacher(client, world):
    """They hold roles the operator may not give: whoever can change an account can take it."""
    client.force_login(world.own.users[Role.OPERATOR])
    for role in (Role.PRINCIPAL, Role.TEACHER):
        person = world.own.users[role]
        response = client.post(f"/s/{world.own.school.npsn}/people/{person.pk}/login-code/", {})
        assert response.status_code == 403
        assert "holds a role you may not give" in response.content.decode()
    assert OneTimeCode.objects.count() == 0
    # A parent of the school alone: the operator may.
    parent = world.own.users[Role.PARENT]
    response = client.post(f"/s/{world.own.school.npsn}/people/{parent.pk}/login-code/", {})
    assert response.status_code == 200


def test_a_school_changes_its_own_persons_email_only_through_its_owner(client, world, sent):
    """The original attack on a person of one school: the new address is not theirs until its
    owner opens the link while logged in; the reset goes only to the confirmed old address."""
    person = _teacher_of(world, username="siti", email="siti@example.org")
    client.force_login(world.own.users[Role.PRINCIPAL])
    url = f"/s/{world.own.school.npsn}/people/{person.pk}/edit/"
    with sent():
        response = client.post(
            url,
            {
                "full_name": person.full_name,
                "email": "attacker@example.org",
                "phone": person.phone,
            },
        )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.email, person.pending_email) == ("siti@example.org", "attacker@example.org")
    by_address = {m.to[0]: m.body for m in mail.outbox}
    assert (
        "asked to change your e-mail address to attacker@example.org"
        in (by_address["siti@example.org"])
    )
    link = re.search(r"(/accounts/me/email/\S+/)", by_address["attacker@example.org"]).group(1)
    mail.outbox.clear()
    client.logout()
    client.post("/accounts/password/reset/", {"email": "attacker@example.org"})
    assert mail.outbox == []
    # The link is the owner's: the principal (or whoever reads that mailbox) cannot use it.
    client.force_login(world.own.users[Role.PRINCIPAL])
    client.post(link)
    assert User.objects.get(pk=person.pk).email == "siti@example.org"
    client.force_login(person)
    client.post(link)
    assert User.objects.get(pk=person.pk).email == "attacker@example.org"


def test_a_school_changes_its_own_persons_number_through_a_code(client, world):
    person = _teacher_of(world, username="siti", phone="081111111111")
    client.force_login(world.own.users[Role.PRINCIPAL])
    url = f"/s/{world.own.school.npsn}/people/{person.pk}/edit/"
    response = client.post(
        url, {"full_name": person.full_name, "email": person.email, "phone": "082222222222"}
    )
    assert response.status_code == 200
    link = response.context["link"]
    assert link.startswith("https://wa.me/6282222222222?text=")
    assert User.objects.get(pk=person.pk).phone == "081111111111"
    code = re.search(r"%20is%20(\d{6})\.", link).group(1)
    client.force_login(person)
    client.post("/accounts/me/phone/", {"code": code})
    assert User.objects.get(pk=person.pk).phone == "082222222222"


def test_a_school_resets_a_forgotten_password_with_a_login_code(client, world):
    person = _teacher_of(world, username="siti", phone="081111111111")
    client.force_login(world.own.users[Role.PRINCIPAL])
    response = client.post(f"/s/{world.own.school.npsn}/people/{person.pk}/login-code/", {})
    code = response.context["code"]
    assert response.context["link"].startswith("https://wa.me/6281111111111?text=")
    assert "valid%20for%2024%20hours" in response.context["link"]
    client.logout()
    client.post("/accounts/login/code/", {"username": "siti", "code": code})
    response = client.post(
        "/accounts/password/new/",
        {"new_password1": "Komunitas-belajar-9", "new_password2": "Komunitas-belajar-9"},
    )
    assert response["Location"] == "/"
    assert User.objects.get(pk=person.pk).check_password("Komunitas-belajar-9")

"""Roles are never granted upward: nobody gives a role carrying rights they do not hold, nobody
changes their own roles, the principal role comes from the district officer or a platform
operator; every change is audited and the person is told (issue: an operator made themself
principal through POST .../memberships)."""

import io
import json

import pytest
from django.core import mail
from django.utils import translation
from django_scopes import scopes_disabled
from openpyxl import Workbook

from kombel.accounts.models import ApiToken, Notice, User
from kombel.core.models import AuditLog
from kombel.schools import roster, services
from kombel.schools.access import grantable_roles
from kombel.schools.enums import Role
from kombel.schools.models import Membership
from tests.factories import MembershipFactory, UserFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db

EVERY = {str(r) for r in Role if r != Role.DISTRICT_OFFICER}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _api(client, user, method, path, data=None):  # type: ignore[no-untyped-def]
    token = client.post(
        "/api/v1/auth/token",
        {"username": user.username, "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    return client.generic(
        method,
        f"/api/v1{path}",
        data=json.dumps(data or {}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_ACCEPT_LANGUAGE="en",
    )


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.PRINCIPAL, EVERY - {Role.PRINCIPAL}),
        # Teachers, facilitators, supervisors and mentors see workshops and communities; an
        # operator does not, so may not make anyone one of them.
        (Role.OPERATOR, {Role.PARENT, Role.COMMUNITY_LEADER, Role.OPERATOR}),
        (Role.DISTRICT_OFFICER, {Role.PRINCIPAL}),
        (Role.TEACHER, set()),
        (Role.FACILITATOR, set()),
        (Role.SUPERVISOR, set()),
        (Role.MENTOR, set()),
        (Role.PARENT, set()),
    ],
)
def test_who_may_give_which_role(world, role, expected):
    assert grantable_roles(world.own.users[role], world.own.school) == expected


def test_a_platform_operator_may_give_every_role(world):
    assert grantable_roles(UserFactory(is_superuser=True), world.own.school) == EVERY


def test_an_operator_cannot_make_themself_principal(client, world):
    operator = world.own.users[Role.OPERATOR]
    response = _api(
        client,
        operator,
        "POST",
        f"/schools/{world.own.school.npsn}/memberships",
        {"user_id": str(operator.pk), "role": "principal"},
    )
    assert response.status_code == 403
    assert response.json()["errors"] == {
        "role": ["Nobody changes their own roles: ask someone else."]
    }
    # Nor anyone else.
    teacher = world.own.users[Role.TEACHER]
    response = _api(
        client,
        operator,
        "POST",
        f"/schools/{world.own.school.npsn}/memberships",
        {"user_id": str(teacher.pk), "role": "principal"},
    )
    assert (response.status_code, response.json()["detail"]) == (
        403,
        "You may not give or take away the role Principal.",
    )
    with scopes_disabled():
        assert not Membership.objects.filter(role=Role.PRINCIPAL, user__in=[operator, teacher])


def test_a_principal_cannot_appoint_another_principal_nor_change_their_own_roles(client, world):
    principal = world.own.users[Role.PRINCIPAL]
    client.force_login(principal)
    npsn = world.own.school.npsn
    teacher = world.own.users[Role.TEACHER]
    response = client.post(f"/s/{npsn}/people/{teacher.pk}/roles/", {"role": "principal"})
    assert list(response.context["form"].errors) == ["role"]
    assert client.get(f"/s/{npsn}/people/{principal.pk}/roles/").status_code == 403
    with scopes_disabled():
        own = Membership.objects.get(user=principal)
    response = client.post(f"/s/{npsn}/memberships/{own.pk}/remove/", follow=True)
    assert "Nobody changes their own roles" in response.content.decode()
    with scopes_disabled():
        assert Membership.objects.filter(pk=own.pk).exists()
        assert not Membership.objects.filter(user=teacher, role=Role.PRINCIPAL).exists()


def test_the_district_officer_appoints_the_principal_and_nothing_else(client, world, sent):
    officer = world.district_officer
    teacher = world.own.users[Role.TEACHER]
    User.objects.filter(pk=teacher.pk).update(language="en")  # told in their own language
    npsn = world.own.school.npsn
    client.force_login(officer)
    page = client.get(f"/s/{npsn}/people/{teacher.pk}/")
    form = page.context["membership_form"]
    assert [value for value, _label in form.fields["role"].choices] == ["principal"]
    assert page.context["can_change_account"] is False
    with sent():
        response = client.post(f"/s/{npsn}/people/{teacher.pk}/roles/", {"role": "principal"})
    assert response.status_code == 302
    with scopes_disabled():
        assert Membership.objects.filter(user=teacher, role=Role.PRINCIPAL).exists()
    response = client.post(f"/s/{npsn}/people/{teacher.pk}/roles/", {"role": "mentor"})
    assert list(response.context["form"].errors) == ["role"]
    # The officer of another district does not see the school at all.
    client.force_login(world.other.users[Role.DISTRICT_OFFICER])
    assert client.get(f"/s/{npsn}/people/{teacher.pk}/roles/").status_code == 404
    # Told: a notice, and an e-mail to the confirmed address.
    notice = Notice.objects.get(user=teacher, subject__icontains="role")
    assert notice.body == f"own dinas gave you the role Principal at {world.own.school.name}."
    assert [m.to for m in mail.outbox] == [[teacher.email]]


def test_every_role_change_is_audited_with_the_person(world, sent):
    principal, teacher = world.own.users[Role.PRINCIPAL], world.own.users[Role.TEACHER]
    teacher.language = "en"
    with scopes_disabled(), sent():
        membership = services.membership_create(
            actor=principal, school=world.own.school, user=teacher, role=Role.MENTOR
        )
        services.membership_remove(actor=principal, membership=membership)
        entries = list(
            AuditLog.objects.filter(action__startswith="schools.membership.")
            .order_by("created_at")
            .values_list("action", "actor", "object_id", "data__role")
        )
    assert entries == [
        ("schools.membership.created", principal.pk, str(teacher.pk), "mentor"),
        ("schools.membership.removed", principal.pk, str(teacher.pk), "mentor"),
    ]
    assert [n.subject for n in Notice.objects.filter(user=teacher)] == [
        f"Your roles at {world.own.school.name} changed"
    ] * 2
    assert len(mail.outbox) == 2


def test_no_email_to_an_unconfirmed_address(world, sent):
    teacher = world.own.users[Role.TEACHER]
    User.objects.filter(pk=teacher.pk).update(email_confirmed_at=None)
    teacher.refresh_from_db()
    with scopes_disabled(), sent():
        services.membership_create(
            actor=world.own.users[Role.PRINCIPAL],
            school=world.own.school,
            user=teacher,
            role=Role.MENTOR,
        )
    assert (Notice.objects.filter(user=teacher).count(), mail.outbox) == (1, [])


def test_an_operator_removes_only_roles_they_may_give(client, world):
    operator = world.own.users[Role.OPERATOR]
    response = _api(
        client,
        operator,
        "DELETE",
        f"/schools/{world.own.school.npsn}/memberships/{world.own.objects['membership'].pk}",
    )
    assert (response.status_code, response.json()["detail"]) == (
        403,
        "You may not give or take away the role Teacher.",
    )
    client.force_login(operator)
    page = client.get(f"/s/{world.own.school.npsn}/people/{world.own.users[Role.TEACHER].pk}/")
    assert page.context["removable_roles"] == {Role.PARENT, Role.COMMUNITY_LEADER, Role.OPERATOR}
    assert "memberships/" not in page.content.decode()  # no Remove button for the teacher role


def test_leaving_the_last_school_revokes_the_api_tokens(client, world):
    person = UserFactory(username="pindah")
    MembershipFactory(user=person, school=world.own.school, role=Role.PARENT)
    MembershipFactory(user=person, school=world.own.school, role=Role.COMMUNITY_LEADER)
    client.post(
        "/api/v1/auth/token",
        {"username": "pindah", "password": PASSWORD},
        content_type="application/json",
    )
    operator = world.own.users[Role.OPERATOR]
    with scopes_disabled():
        first, second = Membership.objects.filter(user=person)
        services.membership_remove(actor=operator, membership=first)
        assert ApiToken.objects.filter(user=person).count() == 1
        services.membership_remove(actor=operator, membership=second)
    assert ApiToken.objects.filter(user=person).count() == 0


def test_forms_offer_only_the_roles_one_may_give(client, world):
    client.force_login(world.own.users[Role.OPERATOR])
    form = client.get(f"/s/{world.own.school.npsn}/people/new/").context["form"]
    assert [value for value, _label in form.fields["roles"].choices] == [
        "parent",
        "community_leader",
        "operator",
    ]
    response = client.post(
        f"/s/{world.own.school.npsn}/people/new/",
        {"username": "baru", "full_name": "Baru", "roles": ["teacher"]},
    )
    assert list(response.context["form"].errors) == ["roles"]
    assert not User.objects.filter(username="baru").exists()


def test_the_roster_refuses_roles_the_importer_may_not_give(world):
    workbook = Workbook()
    workbook.active.append(["username", "full_name", "roles"])
    workbook.active.append(["guru.baru", "Guru Baru", "guru"])
    workbook.active.append(["kepsek.baru", "Kepsek Baru", "kepala sekolah"])
    workbook.active.append(["ortu.baru", "Ortu Baru", "orang tua"])
    upload = io.BytesIO()
    workbook.save(upload)
    for actor, errors in (
        (
            world.own.users[Role.OPERATOR],
            [
                "Row 2: You may not give or take away the role Teacher.",
                "Row 3: You may not give or take away the role Principal.",
            ],
        ),
        (
            world.own.users[Role.PRINCIPAL],
            ["Row 3: You may not give or take away the role Principal."],
        ),
    ):
        upload.seek(0)
        with scopes_disabled():
            result = roster.roster_import(
                actor=actor, school=world.own.school, rows=roster.read_rows(upload, "r.xlsx")
            )
        assert [str(e) for e in result.errors] == errors
        assert [e.column for e in result.errors] == ["roles"] * len(errors)
    assert not User.objects.filter(username__endswith=".baru").exists()


def test_an_apps_capabilities_count_unless_they_are_participation(world):
    """An app above schools adds capabilities (core.extensions): the principal must hold them
    to make someone a teacher, except those of taking part as oneself."""
    from kombel.core import extensions

    principal = world.own.users[Role.PRINCIPAL]
    try:
        extensions.register_capabilities("lessons_test", {"teacher": {"lesson.write"}})
        assert Role.TEACHER not in grantable_roles(principal, world.own.school)
        extensions.register_capabilities(
            "lessons_test", {"teacher": {"lesson.write"}}, participation={"lesson.write"}
        )
        assert Role.TEACHER in grantable_roles(principal, world.own.school)
    finally:
        extensions.register_capabilities("lessons_test", {})


def test_kombel_itself_gives_any_role(world):
    """A command or a seed acts without a user (actor None); a request always has one."""
    assert grantable_roles(None, world.own.school) == EVERY

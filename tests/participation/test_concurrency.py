"""The same single-use invitation used twice at once (two phones, a double tap on a slow
connection): exactly one account, the other gets a clear message. Runs on SQLite and PostgreSQL
like tests/test_concurrency.py."""

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from kombel.accounts.models import User
from kombel.participation import services
from kombel.participation.models import ChildClass, Consent, Invitation
from kombel.schools.enums import Role
from kombel.schools.models import Membership
from tests.factories import SchoolClassFactory, SchoolFactory
from tests.participation.conftest import member
from tests.test_concurrency import _at_once

pytestmark = pytest.mark.django_db(transaction=True)


def _invitation() -> tuple[Invitation, str]:
    school = SchoolFactory()
    klass = SchoolClassFactory(school=school, name="VII-A")
    principal = member(school, Role.PRINCIPAL)
    with scopes_disabled():
        return services.invitation_create(
            actor=principal,
            school=school,
            role=Role.PARENT,
            name="Ibu Yusnidar",
            school_class=klass,
            child_name="Andi",
        )


def _messages(errors: list[BaseException]) -> list[str]:
    assert all(isinstance(e, ValidationError) for e in errors), errors
    return [m for e in errors for m in e.messages]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "usernames",
    [
        ("081234567890", "081234567890"),  # the same form sent twice
        ("ortu-a", "ortu-b"),  # two people with the same link
    ],
)
def test_one_invitation_used_twice_at_once_makes_one_account(usernames):
    invitation, token = _invitation()
    errors = _at_once(
        2,
        lambda i: services.invitation_accept(
            token=token,
            consent=True,
            full_name=f"Orang {i}",
            username=usernames[i],
            password="274519",
        ),
    )
    assert len(errors) == 1
    assert _messages(errors) == [
        "This invitation has been used already. Log in with the username and PIN you chose, "
        "or ask the school for a new invitation."
    ]
    with scopes_disabled():
        assert User.objects.filter(username__in=usernames).count() == 1
        joined = User.objects.get(username__in=usernames)
        invitation.refresh_from_db()
        assert invitation.used_by == joined
        assert Membership.objects.filter(school=invitation.school, role=Role.PARENT).count() == 1
        assert ChildClass.objects.count() == 1
        assert Consent.objects.get().user == joined


def test_two_invitations_taking_one_username_at_once_make_one_account():
    """Two parents choose the same number as username at the same moment: one gets it, the
    other is told it is taken and their invitation stays usable."""
    first, token_a = _invitation()
    second, token_b = _invitation()
    tokens = [token_a, token_b]
    errors = _at_once(
        2,
        lambda i: services.invitation_accept(
            token=tokens[i],
            consent=True,
            full_name=f"Orang {i}",
            username=["0812-3456-7890", "+62 812 3456 7890"][i],
            password="274519",
        ),
    )
    assert len(errors) == 1
    assert errors[0].message_dict == {  # type: ignore[attr-defined]
        "username": ["This username is already taken."]
    }
    with scopes_disabled():
        assert User.objects.filter(username="081234567890").count() == 1
        first.refresh_from_db()
        second.refresh_from_db()
        assert sorted([first.used_at is None, second.used_at is None]) == [False, True]

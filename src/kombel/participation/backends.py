"""Log in with one's phone number typed any way (settings.AUTHENTICATION_BACKENDS).

Listed after Django's ModelBackend (which finds the username exactly as typed) and behind axes'
backend (the lockout counts every attempt, per canonical username: phones.axes_username).
"""

from typing import Any

from django.contrib.auth.backends import BaseBackend
from django.http import HttpRequest

from kombel.accounts.models import User
from kombel.accounts.services import login_code_use
from kombel.participation.phones import username_forms


def _accounts(username: str | None) -> list[User]:
    """The accounts whose username is another form of the phone number `username` (the
    canonical form first); none when it is not an Indonesian mobile number."""
    forms = [f for f in username_forms(username or "") if f != username]
    if not forms:
        return []
    found = {u.username: u for u in User.objects.filter(username__in=forms)}
    return [found[f] for f in forms if f in found]


class PhoneUsernameBackend(BaseBackend):
    """`authenticate(request, username=..., password=...)` (or `login_code=...`, the one-time
    code a school gave) where `username` is a phone number written otherwise than stored:
    0812-3456-7890, +62 812 3456 7890 and 6281234567890 are all the account `081234567890`."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        login_code: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if login_code:
            for user in _accounts(username):
                found = login_code_use(username=user.username, code=login_code)
                if found is not None:
                    return found
            return None
        if not password:
            return None
        for user in _accounts(username):
            if user.is_active and user.check_password(password):
                return user
        return None

    def get_user(self, user_id: Any) -> User | None:
        return User.objects.filter(pk=user_id, is_active=True).first()

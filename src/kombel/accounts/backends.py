from typing import Any

from django.contrib.auth.backends import BaseBackend
from django.http import HttpRequest

from kombel.accounts.models import User
from kombel.accounts.services import login_code_use


class LoginCodeBackend(BaseBackend):
    """`authenticate(request, username=..., login_code=...)`: a one-time code a school gave.

    Listed after axes' backend, so wrong codes count towards the same lockout as wrong
    passwords (per username and address).
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        login_code: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or not login_code:
            return None
        return login_code_use(username=username, code=login_code)

    def get_user(self, user_id: Any) -> User | None:
        return User.objects.filter(pk=user_id, is_active=True).first()

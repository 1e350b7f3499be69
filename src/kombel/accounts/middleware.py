from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from kombel.accounts.http import TokenHttpRequest
from kombel.accounts.services import token_for_key


class BearerTokenMiddleware:
    """`Authorization: Bearer <token>` authenticates API clients (scripts, mobile apps).

    Runs after the session middleware so that the school scope check sees the token's user.
    An unknown or expired token leaves the request anonymous: the API answers 401.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: TokenHttpRequest) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        request.token_user = None
        request.api_token = None
        if header.startswith("Bearer "):
            token = token_for_key(header.removeprefix("Bearer ").strip())
            if token is not None:
                request.user = token.user
                request.token_user = token.user
                request.api_token = token
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """After a login with a one-time code: nothing but setting a new password (or logging out)."""

    ALLOWED = ("accounts:password_set", "accounts:logout", "accounts:set_language")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and getattr(user, "must_change_password", False)
            and request.path_info not in {reverse(name) for name in self.ALLOWED}
        ):
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": _("Set a new password first.")}, status=403)
            return redirect("accounts:password_set")
        return self.get_response(request)

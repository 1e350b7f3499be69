from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from kombel.accounts.services import user_for_token


class BearerTokenMiddleware:
    """`Authorization: Bearer <token>` authenticates API clients (scripts, mobile apps).

    Runs after the session middleware so that the school scope check sees the token's user.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        request.token_user = None  # type: ignore[attr-defined]
        if header.startswith("Bearer "):
            user = user_for_token(header.removeprefix("Bearer ").strip())
            if user is not None:
                request.user = user
                request.token_user = user  # type: ignore[attr-defined]
        return self.get_response(request)

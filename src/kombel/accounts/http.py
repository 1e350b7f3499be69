"""Typed requests of the accounts layer: what its middlewares set on every request."""

from django.http import HttpRequest

from kombel.accounts.models import ApiToken, User


class TokenHttpRequest(HttpRequest):
    """Any request, after `BearerTokenMiddleware`: the token it came with (None for a session or
    an anonymous request) and that token's user."""

    token_user: User | None
    api_token: ApiToken | None


class UserHttpRequest(TokenHttpRequest):
    """A request of someone logged in (a session or a bearer token): every API operation that
    needs authentication, e.g. the account's own tokens."""

    user: User

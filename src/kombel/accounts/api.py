"""Tokens for the API: created with a username and password, listed and revoked by their owner.

A token unused for API_TOKEN_IDLE_DAYS (30 by default) answers 401, as does a revoked one.
"""

import datetime
import functools
from typing import Any
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from kombel.accounts.http import TokenHttpRequest, UserHttpRequest
from kombel.accounts.models import ApiToken
from kombel.accounts.services import api_tokens_for_user, token_create, token_revoke
from kombel.core.api import Paged, rows

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: str
    password: str
    label: str = ""  # the device or script, shown to the owner on My account


class TokenOut(Schema):
    id: UUID
    label: str
    created_at: datetime.datetime
    last_used_at: datetime.datetime | None
    expires_at: datetime.datetime  # unless used before: each use moves it on
    current: bool  # the token this request came with


class TokenCreatedOut(TokenOut):
    token: str  # the secret, returned this once


def _token_out(token: ApiToken, request: TokenHttpRequest) -> dict[str, Any]:
    used = request.api_token
    return {
        "id": token.pk,
        "label": token.label,
        "created_at": token.created_at,
        "last_used_at": token.last_used_at,
        "expires_at": token.expires_at,
        "current": used is not None and used.pk == token.pk,
    }


@router.post("/token", auth=None, response=TokenCreatedOut)
def create_token(request: TokenHttpRequest, payload: TokenIn) -> dict[str, Any]:
    created = token_create(
        request=request, username=payload.username, password=payload.password, label=payload.label
    )
    if created is None:
        raise HttpError(401, _("Wrong username or password."))
    token, raw = created
    return {**_token_out(token, request), "token": raw}


@router.get("/tokens", response=list[TokenOut])
@paginate(Paged)
def list_tokens(request: UserHttpRequest) -> Any:
    """One's live tokens, newest first."""
    return rows(api_tokens_for_user(request.user), functools.partial(_token_out, request=request))


@router.delete("/token", response={204: None})
def revoke_current_token(request: UserHttpRequest) -> Status[None]:
    """Log this client out: the token the request came with stops working."""
    token = request.api_token
    if token is None:
        raise HttpError(400, _("This request did not come with an API token."))
    token_revoke(actor=request.user, token=token)
    return Status(204, None)


@router.delete("/tokens/{token_id}", response={204: None})
def revoke_token(request: UserHttpRequest, token_id: UUID) -> Status[None]:
    """Revoke one of one's own tokens (another person's answers 404, as a missing one)."""
    token = ApiToken.objects.filter(user=request.user, pk=token_id).first()
    if token is None:
        raise HttpError(404, _("Not found."))
    token_revoke(actor=request.user, token=token)
    return Status(204, None)

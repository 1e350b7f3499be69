from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from kombel.accounts.services import token_create

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str


@router.post("/token", auth=None, response=TokenOut)
def create_token(request: HttpRequest, payload: TokenIn) -> dict[str, str]:
    token = token_create(request=request, username=payload.username, password=payload.password)
    if token is None:
        raise HttpError(401, _("Wrong username or password."))
    return {"token": token}

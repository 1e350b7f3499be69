"""The JSON API at /api/v1/: each app contributes a router built on the same services."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.security import HttpBearer, django_auth

from kombel.accounts.api import router as accounts_router
from kombel.communities.api import router as communities_router
from kombel.core.api import validation_error_response
from kombel.followups.api import router as followups_router
from kombel.programs.api import router as programs_router
from kombel.schools.api import router as schools_router
from kombel.workshops.api import router as workshops_router


class BearerAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        # BearerTokenMiddleware has already looked the token up (the school scope needs it).
        return getattr(request, "token_user", None)


api = NinjaAPI(
    title="Kombel API",
    version="1",
    urls_namespace="api",
    auth=[BearerAuth(), django_auth],
    docs_url="/docs",
)
api.add_router("/auth", accounts_router)
api.add_router("/", schools_router)
api.add_router("/", programs_router)
api.add_router("/", workshops_router)
api.add_router("/", communities_router)
api.add_router("/", followups_router)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> Any:
    # Every app's bad input: 422 with the messages by field; a stale version, 409.
    return validation_error_response(api, request, exc)

"""The JSON API at /api/v1/: the routers the apps register (core.extensions), built on the same
services as the pages."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.security import HttpBearer, django_auth

from kombel.core.api import Parser, validation_error_response
from kombel.core.extensions import api_routers


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
    parser=Parser(),
)
for prefix, router in api_routers():
    api.add_router(prefix, router)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> Any:
    # Every app's bad input: 422 with the messages by field; a stale version, 409.
    return validation_error_response(api, request, exc)

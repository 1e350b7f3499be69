"""What every app's api.py shares: the 403 check and the one answer to bad input.

A service's (or an endpoint's own) `django.core.exceptions.ValidationError` propagates to the
handler registered in kombel/api.py, which answers with `validation_error_response`:

- 409 {"detail": message, "errors": {...}} when any error has code "conflict" (a stale version);
- 403 in the same shape when any has code "forbidden" (a service's refusal of who may do what,
  e.g. giving a role one may not give);
- else 422 {"detail": first message, "errors": {field: [messages]}}, "__all__" for the
  messages that belong to no field.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError


def require(request: HttpRequest, perm: str, obj: Any) -> None:
    """403 (inside one's own school; another school's object has already answered 404)."""
    if not request.user.has_perm(perm, obj):
        raise HttpError(403, _("You may not do this."))


def _errors(exc: ValidationError) -> dict[str, list[ValidationError]]:
    if hasattr(exc, "error_dict"):
        return {field: list(errors) for field, errors in exc.error_dict.items()}
    return {"__all__": list(exc.error_list)}


def validation_error_response(
    api: NinjaAPI, request: HttpRequest, exc: ValidationError
) -> HttpResponse:
    """409 for a conflict, 403 for a refusal, else 422; the messages by field either way."""
    by_field = _errors(exc)
    errors = {
        field: [str(message) for error in errs for message in error.messages]
        for field, errs in by_field.items()
    }
    codes = {error.code for errs in by_field.values() for error in errs}
    first = next((m for messages in errors.values() for m in messages), "")
    status = 409 if "conflict" in codes else 403 if "forbidden" in codes else 422
    return api.create_response(request, {"detail": first, "errors": errors}, status=status)

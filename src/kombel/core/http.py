"""What every view uses: the 403 check, and one object or 404 (the typed requests are in
schools.http)."""

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest

_M = TypeVar("_M", bound=models.Model)


def require_perm(request: HttpRequest, perm: str, obj: Any) -> None:
    """403 when the user lacks `perm` on an object of their own school.

    Objects of other schools never get here: they are filtered out (404) before.
    """
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def one_or_404(queryset: "models.QuerySet[_M]", pk: Any) -> _M:
    """The row of `queryset` with this id, or 404: missing, filtered out (another school's,
    not the user's) and a malformed id alike. The page-side twin of `core.api.object_of_school`
    (which answers 422 for an id in a body); the queryset says whose rows may be found."""
    try:
        found = queryset.filter(pk=pk).first()
    except (ValueError, TypeError, ValidationError):  # "abc" for a number or a UUID
        found = None
    if found is None:
        raise Http404
    return found

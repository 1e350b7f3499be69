"""The 403 check every view uses (the typed requests are in schools.http)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest


def require_perm(request: HttpRequest, perm: str, obj: Any) -> None:
    """403 when the user lacks `perm` on an object of their own school.

    Objects of other schools never get here: they are filtered out (404) before.
    """
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied

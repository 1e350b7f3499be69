"""Typed requests and the access helpers every view uses."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from kombel.accounts.models import User
from kombel.schools.models import School


class AuthenticatedHttpRequest(HttpRequest):
    user: User
    htmx: HtmxDetails  # django-htmx's middleware


class SchoolHttpRequest(AuthenticatedHttpRequest):
    """A request under /s/<npsn>/: the middleware has set the school and the user's roles."""

    school: School
    roles: frozenset[str]


def require_perm(request: HttpRequest, perm: str, obj: Any) -> None:
    """403 when the user lacks `perm` on an object of their own school.

    Objects of other schools never get here: they are filtered out (404) before.
    """
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied

"""Typed requests: what the middlewares have set on a request by the time a view runs.

Views and API handlers take the narrowest one that holds: `SchoolHttpRequest` under a school's
URL (/s/<npsn>/..., /api/v1/schools/{npsn}/...), `AuthenticatedHttpRequest` elsewhere behind a
login. django-ninja passes the request through as it is: the annotation is for the type checker.
"""

from django_htmx.middleware import HtmxDetails

from kombel.accounts.http import TokenHttpRequest, UserHttpRequest
from kombel.schools.models import School


class ScopedHttpRequest(TokenHttpRequest):
    """Any request, after `SchoolScopeMiddleware`: the school of the URL (None outside a school's
    URLs) and the user's roles there."""

    school: School | None
    roles: frozenset[str]


class AuthenticatedHttpRequest(UserHttpRequest):
    htmx: HtmxDetails  # django-htmx's middleware


class SchoolHttpRequest(AuthenticatedHttpRequest, ScopedHttpRequest):
    """A request under /s/<npsn>/ or /api/v1/schools/{npsn}/: the tenancy middleware has set the
    school and the user's roles there (and answered 404 to anyone holding none)."""

    school: School
    roles: frozenset[str]

"""Typed requests: what the middlewares have set on a request by the time a view runs."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from kombel.accounts.models import User
from kombel.schools.models import School


class AuthenticatedHttpRequest(HttpRequest):
    user: User
    htmx: HtmxDetails  # django-htmx's middleware


class SchoolHttpRequest(AuthenticatedHttpRequest):
    """A request under /s/<npsn>/ or /api/v1/schools/{npsn}/: the tenancy middleware has set the
    school and the user's roles there (and answered 404 to anyone holding none)."""

    school: School
    roles: frozenset[str]

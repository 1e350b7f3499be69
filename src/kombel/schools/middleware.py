from collections.abc import Callable

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from kombel.schools.access import roles_in, school_by_npsn, school_ids_of
from kombel.schools.http import ScopedHttpRequest


class SchoolScopeMiddleware:
    """Resolve the school (tenant) from the URL and run the request inside its scope.

    A URL with an `npsn` argument belongs to one school: the user must hold a role there, or
    the answer is 404, the same as for a school that does not exist. Every other request runs
    scoped to the schools the user belongs to, so a query that forgets its filter still cannot
    reach another school's data. Superusers in the Django admin run unscoped.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: ScopedHttpRequest) -> HttpResponse:
        request.school = None
        request.roles = frozenset()
        try:
            match = resolve(request.path_info)
        except Resolver404:
            match = None
        user = request.user
        if match is not None and match.app_name == "admin" and user.is_superuser:
            with scopes_disabled():
                return self.get_response(request)
        npsn = match.kwargs.get("npsn") if match is not None else None
        if npsn is None:
            with scope(school=school_ids_of(user)):
                return self.get_response(request)

        if not user.is_authenticated:
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": _("Authentication required.")}, status=401)
            return redirect_to_login(request.get_full_path())
        school = school_by_npsn(user, npsn)  # the user's own schools only, from the cache
        roles = roles_in(user, school)
        if school is None or not roles:
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": _("Not found.")}, status=404)
            raise Http404(_("School not found."))
        request.school = school
        request.roles = roles
        with scope(school=[school.pk]), timezone.override(school.timezone):
            return self.get_response(request)

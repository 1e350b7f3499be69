"""Views that do nothing, to count what a request costs before the view (tests/test_overhead.py)."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from kombel import urls


def nothing(request: HttpRequest, npsn: str = "") -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [
    path("ping/", nothing),
    path("s/<str:npsn>/ping/", nothing),
    path("api/v1/schools/<str:npsn>/ping", nothing),
    path("", include(urls)),
]

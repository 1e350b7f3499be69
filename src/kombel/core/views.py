from django.http import HttpRequest, HttpResponse


def health(request: HttpRequest) -> HttpResponse:
    """For load balancers and uptime checks; also the trivial page `make bench` compares with."""
    return HttpResponse("ok", content_type="text/plain")

"""Limits every request shares, checked before anything reads the body."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from kombel.core.uploads import MAX_REQUEST_BYTES, MAX_UPLOAD_FILES


class RequestSizeLimitMiddleware:
    """Answer 413 to a request whose body is larger than MAX_REQUEST_BYTES.

    Django caps form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) and the number of files, but not the
    bytes of the files together: without this, one request could carry any number of 10 MB
    files to disk. The declared length is enough: Django reads no body it was not told the
    length of. Runs before the CSRF check, which would read the body.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length <= MAX_REQUEST_BYTES:
            return self.get_response(request)
        message = _(
            "Too much at once: one request may carry at most %(files)s files and %(mb)s MB "
            "together. Send fewer or smaller files."
        ) % {"files": MAX_UPLOAD_FILES, "mb": MAX_REQUEST_BYTES // (1024 * 1024)}
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": message}, status=413)
        return render(request, "413.html", {"message": message}, status=413)

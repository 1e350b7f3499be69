"""Limits every request shares, checked before anything reads the body; drafts confirmed."""

import re
import time
from collections.abc import Callable
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render, resolve_url
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


DRAFT_FIELD = "_draft"
DRAFT_COOKIE = "kombel_saved"
_DRAFT_TOKEN = re.compile(r"^[0-9a-z]{1,40}$")


def draft_saved(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether this POST saved what its form sent: the view answered with a redirect (a failed
    form is shown again, with its errors, as a page), not to the login page, and said no error."""
    if not 300 <= response.status_code < 400:
        return False
    location = str(response.get("Location", ""))
    if location.startswith(resolve_url(settings.LOGIN_URL)):
        return False
    queued = getattr(getattr(request, "_messages", None), "_queued_messages", [])
    return not any(m.level >= messages.ERROR for m in queued)


class DraftMiddleware:
    """Confirm a saved draft in the form's own response; answer a submission sent again once.

    kombel.js sends a token in the `_draft` field of every form that keeps a draft; when the
    view saved it, this response names the token in the `kombel_saved` cookie (read by the
    script on the next page, before it restores any draft), so the browser drops exactly that
    draft. A submission that failed, was refused or never arrived keeps its draft.

    The token names one submission: the script sends the same one again while the form is
    unchanged (a double tap, a retry of a restored draft) and a reload mid-submit resends it.
    A token already saved by this person gets the first answer again (the same redirect) and
    the view is not run twice: one programme, one comment, one suggestion. While the first is
    still being handled, the second waits for it (REPLAY_WAIT seconds at most).
    """

    REPLAY_SECONDS = 3600
    REPLAY_WAIT = 20.0

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST" or request.path_info.startswith("/api/"):
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self._confirm(request, self.get_response(request))
        token = request.POST.get(DRAFT_FIELD, "")
        if not _DRAFT_TOKEN.match(token):
            return self.get_response(request)
        key = f"kombel:submitted:{user.pk}:{token}"
        done = cache.get(key)
        busy = False
        if done is None:
            busy = cache.add(f"{key}:busy", 1, int(self.REPLAY_WAIT) + 10)
            if not busy:  # the same submission is being handled right now
                done = self._wait_for(key)
        if done is not None:
            return self._confirm(request, HttpResponseRedirect(done), replayed=True)
        try:
            response = self.get_response(request)
        finally:
            if busy:
                cache.delete(f"{key}:busy")
        if draft_saved(request, response):
            cache.set(key, response["Location"], self.REPLAY_SECONDS)
        return self._confirm(request, response)

    def _wait_for(self, key: str) -> str | None:
        deadline = time.monotonic() + self.REPLAY_WAIT
        while time.monotonic() < deadline:
            time.sleep(0.1)
            done = cache.get(key)
            if done is not None or cache.get(f"{key}:busy") is None:
                return cast("str | None", done)
        return None

    def _confirm(
        self, request: HttpRequest, response: HttpResponse, *, replayed: bool = False
    ) -> HttpResponse:
        token = request.POST.get(DRAFT_FIELD, "") if hasattr(request, "_post") else ""
        if not token or not _DRAFT_TOKEN.match(token):
            return response
        if not replayed and not draft_saved(request, response):
            return response
        previous = [t for t in request.COOKIES.get(DRAFT_COOKIE, "").split(",") if t][-4:]
        response.set_cookie(
            DRAFT_COOKIE,
            ",".join([*previous, token]),
            max_age=600,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=False,  # read by kombel.js: it names only which draft to drop
        )
        return response

"""Limits every request shares, checked before anything reads the body; drafts confirmed."""

import re
import time
from collections.abc import Callable
from typing import Any

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


# How long a saved submission's answer is kept for a replay of it, and how long a second copy
# sent while the first is still being saved waits for it.
SAVED_KEEP_SECONDS = 600
REPLAY_WAIT_SECONDS = 10.0
_PENDING = "pending"


def _saved_key(request: HttpRequest, token: str) -> str:
    return f"draft-saved:{request.user.pk}:{request.path_info}:{token}"


class DraftMiddleware:
    """Confirm a saved draft in the form's own response; save a submission once.

    kombel.js sends a token in the `_draft` field of every form that keeps a draft, the same
    for every sending of the page's form; when the view saved it, this response names the token
    in the `kombel_saved` cookie (read by the script on the next page, before it restores any
    draft), so the browser drops exactly that draft. A submission that failed, was refused or
    never arrived keeps its draft.

    The same token sent again by the same person (a double tap, a reload while sending, a
    second try after the connection dropped before the answer came) is not saved again: it is
    answered with the first one's redirect (waiting for it while the first is still saving).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def _token(self, request: HttpRequest) -> str:
        if request.method != "POST" or request.path_info.startswith("/api/"):
            return ""
        if not getattr(request, "user", None) or not request.user.is_authenticated:
            return ""
        token = request.POST.get(DRAFT_FIELD, "")
        return token if _DRAFT_TOKEN.match(token) else ""

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        """After the CSRF check: a replay is answered with the saved submission's redirect."""
        token = self._token(request)
        if not token:
            return None
        key = _saved_key(request, token)
        deadline = time.monotonic() + REPLAY_WAIT_SECONDS
        while not cache.add(key, _PENDING, SAVED_KEEP_SECONDS):
            saved = cache.get(key)
            if saved and saved != _PENDING:
                return HttpResponseRedirect(saved)
            if time.monotonic() > deadline:
                return None  # the first never finished: this one is the submission now
            time.sleep(0.2)
        request._draft_claim = key  # type: ignore[attr-defined]
        return None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method != "POST" or request.path_info.startswith("/api/"):
            return response
        claim = getattr(request, "_draft_claim", None)
        token = request.POST.get(DRAFT_FIELD, "") if hasattr(request, "_post") else ""
        saved = bool(token) and draft_saved(request, response)
        if claim:
            if saved:
                cache.set(claim, str(response["Location"]), SAVED_KEEP_SECONDS)
            else:
                cache.delete(claim)  # refused or failed: sending it again may save it
        if not token or not _DRAFT_TOKEN.match(token) or not saved:
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

"""iCalendar feeds addressed by a secret token; no login, so the scope is entered here."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from kombel.accounts.models import User
from kombel.programs import queries
from kombel.programs.ical import calendar_bytes, ics_response
from kombel.programs.models import Programme
from kombel.schools.access import school_ids_of


def _response(body: bytes) -> HttpResponse:
    response = ics_response(body)
    response["Cache-Control"] = "private, max-age=900"
    return response


def user_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Every event of the programmes the token's owner takes part in, across their schools."""
    with scopes_disabled():
        user = User.objects.filter(feed_token=token, is_active=True).first()
    if user is None:
        raise Http404
    # In the owner's language: a calendar app asks without a session or a language of its own.
    with scope(school=school_ids_of(user)), translation.override(user.language):
        events = queries.named_for(queries.events_for_feed_user(user), user)
        return _response(calendar_bytes(events, _("Kombel: %(name)s") % {"name": user}))


def programme_feed(request: HttpRequest, token: str) -> HttpResponse:
    with scopes_disabled():
        programme = Programme.objects.filter(feed_token=token).select_related("school").first()
    if programme is None:
        raise Http404
    with scope(school=[programme.school_id]):
        events = list(queries.events_of_programme(programme).select_related("school"))
        return _response(calendar_bytes(events, str(programme)))


def help_page(request: HttpRequest) -> HttpResponse:
    """How to add a Kombel calendar to a phone (Google Calendar on Android, iPhone). Public: it is
    sent with the calendar's address to people who may not be logged in."""
    return render(request, "programs/calendar_help.html")

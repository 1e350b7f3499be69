"""Reads of programmes and the calendar, shared by views, feeds, the API and other apps."""

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from kombel.accounts.models import User
from kombel.core.extensions import event_kinds, event_title, with_event_titles
from kombel.core.http import one_or_404
from kombel.programs.enums import ENDED, ProgrammeStatus
from kombel.programs.models import Event, Participant, Programme, SchoolClosure
from kombel.schools.access import has_capability, school_ids_of
from kombel.schools.enums import Role
from kombel.schools.http import SchoolHttpRequest
from kombel.schools.models import School


def programmes_for_user(school: School, user: Any) -> QuerySet[Programme]:
    """The school's programmes, for anyone who may view programmes there; else none.

    Every role that sees programmes sees all of its school's (the programme is the school's
    plan, not private to its participants). Annotated with `participant_count`.
    """
    if not has_capability(user, school, "programme.view"):
        return Programme.objects.none()
    return (
        Programme.objects.filter(school=school)
        .select_related("semester__school_year")
        .annotate(participant_count=Count("participations"))
        .order_by("-start", "title")
    )


def get_programme_for_user(request: SchoolHttpRequest, pk: Any) -> Programme:
    """The programme of the request's school, or 404 (missing and foreign alike)."""
    return one_or_404(
        Programme.objects.filter(school=request.school).select_related(
            "school", "semester__school_year"
        ),
        pk,
    )


def get_event_for_user(request: SchoolHttpRequest, pk: Any) -> Event:
    return one_or_404(
        Event.objects.filter(school=request.school).select_related("school", "programme"),
        pk,
    )


def events_of_programme(programme: Programme) -> QuerySet[Event]:
    return Event.objects.filter(programme=programme).order_by("date", "start_time")


def calendar_by_month(events: list[Event]) -> list[tuple[datetime.date, list[Event]]]:
    """A programme's events grouped by month: [(first day of month, events), ...]."""
    months: dict[datetime.date, list[Event]] = {}
    for event in events:
        months.setdefault(event.date.replace(day=1), []).append(event)
    return sorted(months.items())


def month_page(
    months: list[tuple[datetime.date, list[Event]]], wanted: str | None, today: datetime.date
) -> tuple[datetime.date | None, list[Event]]:
    """One month of a long calendar: the one asked for (`?month=2026-12`), else this month, else
    the first month still to come, else the last. (None, []) when there are no events."""
    if not months:
        return None, []
    by_month = dict(months)
    try:
        asked = datetime.date.fromisoformat(f"{wanted}-01") if wanted else None
    except ValueError:
        asked = None
    if asked in by_month:
        return asked, by_month[asked]
    this_month = today.replace(day=1)
    chosen = next((m for m, _e in months if m >= this_month), months[-1][0])
    return chosen, by_month[chosen]


def participants_by_role(programme: Programme) -> list[tuple[str, int]]:
    """(role label, count) of the programme's participants, in the roles' order."""
    counts = dict(
        Participant.objects.filter(programme=programme)
        .values_list("role")
        .annotate(n=Count("id"))
        .values_list("role", "n")
    )
    return [(str(role.label), counts[role]) for role in Role if role in counts]


def participants_of_programme(programme: Programme) -> QuerySet[Participant]:
    return (
        Participant.objects.filter(programme=programme)
        .select_related("user")
        .order_by("role", "user__full_name")
    )


def participant_candidates(programme: Programme) -> QuerySet[User]:
    """Members of the programme's school who do not take part in it yet, by name."""
    return (
        User.objects.filter(memberships__school=programme.school, is_active=True)
        .exclude(participations__programme=programme)
        .distinct()
        .order_by("full_name")
    )


def closures_of_school(school: School) -> QuerySet[SchoolClosure]:
    return SchoolClosure.objects.filter(school=school).order_by("date")


def invited(user: Any) -> Q:
    """Events of the programmes the user takes part in, of a kind meant for their role there
    (core.extensions.EventKind.roles): a parent is not invited to the teachers' workshops."""
    for_role = Q(programme__participations__user=user)
    limited = [k for k in event_kinds() if k.roles is not None]
    kinds = ~Q(kind__in=[k.kind for k in limited]) | Q(invites_all=True)
    for k in limited:
        kinds |= Q(kind=k.kind, programme__participations__role__in=sorted(k.roles or ()))
    return for_role & kinds


def named_for(events: QuerySet[Event], user: Any, limit: int | None = None) -> list[Event]:
    """The (first `limit`) events, each with `display_title`: the name the apps give it for
    this user (core.extensions.EventTitles), else its title; in the events' own query."""
    named = list(with_event_titles(events, user)[:limit])
    for event in named:
        event.display_title = event_title(event) or event.name
    return named


def upcoming_events_for_user(user: Any, days: int = 14) -> QuerySet[Event]:
    """Events of the next `days` days the user is invited to (`invited`), in all their schools.

    Cancelled events are included (people need to know); callers show them struck through.
    """
    today = timezone.localdate()
    return (
        Event.objects.filter(
            invited(user),
            school_id__in=school_ids_of(user),
            date__range=(today, today + datetime.timedelta(days=days)),
        )
        .select_related("school", "programme")
        .order_by("date", "start_time")
    )


def events_for_feed_user(user: Any) -> QuerySet[Event]:
    """Every event the user is invited to (`invited`): the personal calendar feed."""
    return (
        Event.objects.filter(invited(user), school_id__in=school_ids_of(user))
        .select_related("school", "programme")
        .order_by("date", "start_time")
    )


def home_panel(request: Any, schools: list[School]) -> dict[str, Any]:
    """Home: my next events, my programmes, and where I may start one.

    `schools` are the user's schools (the home page has them already).
    """
    user = request.user
    school_ids = school_ids_of(user)
    manage = [s for s in schools if has_capability(user, s, "programme.manage")]
    programmes = list(
        Programme.objects.filter(school_id__in=school_ids)
        .filter(Q(participations__user=user) | Q(school_id__in=[s.pk for s in manage]))
        .exclude(status__in=ENDED)
        .select_related("school")
        .distinct()
        .order_by("-start")[:10]
    )
    events = named_for(upcoming_events_for_user(user), user, limit=10)
    return {"programmes": programmes, "events": events, "manage_schools": manage}


def school_figures(schools: list[School], today: datetime.date) -> dict[Any, list[Any]]:
    """The summary of schools (core.extensions.SchoolFigures): programmes running, one query."""
    counts = dict(
        Programme.objects.filter(school__in=schools, status=ProgrammeStatus.ACTIVE)
        .values("school_id")
        .annotate(n=Count("pk"))
        .values_list("school_id", "n")
    )
    return {s.pk: [(gettext("Programmes running"), str(counts.get(s.pk, 0)))] for s in schools}

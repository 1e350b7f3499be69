"""The pages `make bench` measures: add one line to PAGES for each main page of your part.

`url` is a path template. `{npsn}` is the benchmark school's NPSN; every other placeholder is
a key of LOOKUPS, which gives the id of one object of the benchmark school (add a line there
when your page needs an object). `role` says who requests the page: a key of bench_users().
A page whose URL does not resolve yet, or whose object does not exist, is reported as skipped.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django_scopes import scope


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    role: str
    main: bool = False  # a main page: at most MAIN_QUERIES queries, MAIN_RATIO x the trivial page


# What every page is compared with: Django answering through all the middleware, no query of
# its own. Its timings make the figures comparable from one machine (and one load) to another.
TRIVIAL = Page("trivial page", "/health/", "teacher")

PAGES = [
    Page("home", "/", "teacher", main=True),
    Page("school", "/s/{npsn}/", "principal"),
    Page("people", "/s/{npsn}/people/", "principal", main=True),
    Page("classes", "/s/{npsn}/classes/", "principal"),
    Page("programmes", "/s/{npsn}/programmes/", "principal"),
    Page("programme", "/s/{npsn}/programmes/{programme}/", "teacher", main=True),
    Page("api: schools", "/api/v1/schools", "teacher"),
    Page("workshops", "/s/{npsn}/workshops/", "teacher"),
    Page("workshop session", "/s/{npsn}/workshops/{workshop_session}/", "principal"),
    Page(
        "attendance", "/s/{npsn}/workshops/{workshop_session}/attendance/", "facilitator", main=True
    ),
    Page("api: workshop sessions", "/api/v1/schools/{npsn}/workshops/sessions", "teacher"),
    Page("communities", "/s/{npsn}/communities/", "principal"),
    Page("community", "/s/{npsn}/communities/{community}/", "teacher"),
    Page(
        "community meeting", "/s/{npsn}/communities/meetings/{meeting}/", "facilitator", main=True
    ),
    Page("practices", "/s/{npsn}/communities/practices/", "teacher"),
    Page("follow-ups", "/s/{npsn}/followups/", "facilitator", main=True),
    Page("my follow-ups", "/s/{npsn}/followups/mine/", "teacher"),
    Page("api: communities", "/api/v1/schools/{npsn}/communities", "teacher"),
    Page("api: follow-ups", "/api/v1/schools/{npsn}/followups", "facilitator"),
    Page("evaluation", "/s/{npsn}/evaluation/", "principal"),
    Page("wave results", "/s/{npsn}/evaluation/waves/{evaluation_wave}/", "principal"),
    Page("wave change", "/s/{npsn}/evaluation/waves/{evaluation_wave}/change/", "teacher"),
    Page(
        "api: wave results",
        "/api/v1/schools/{npsn}/evaluation/waves/{evaluation_wave}/results",
        "teacher",
    ),
    Page("forum", "/s/{npsn}/participation/", "parent"),
    Page("forum thread", "/s/{npsn}/participation/threads/{forum_thread}/", "parent", main=True),
    Page(
        "api: forum posts",
        "/api/v1/schools/{npsn}/participation/threads/{forum_thread}/posts",
        "parent",
    ),
]


def newest(model: str, **filters: Any) -> Callable[[Any], Any]:
    """A lookup: the id of the school's newest `model` ("app.Model") matching `filters`."""

    def lookup(school: Any) -> Any:
        with scope(school=[school.pk]):  # the model's ScopedManager keeps to this school
            rows = apps.get_model(model).objects.filter(**filters).order_by("-created_at")
            return rows.values_list("pk", flat=True).first()

    return lookup


# placeholder -> function(school) -> the id to put in the URL (None: the page is skipped)
LOOKUPS: dict[str, Callable[[Any], Any]] = {
    "programme": newest("programs.Programme"),
    "workshop_session": newest("workshops.WorkshopSession", attendances__isnull=False),
    "community": newest("communities.Community"),
    "meeting": newest("communities.Meeting", status="held"),
    "evaluation_wave": newest("evaluation.Wave", kind="monthly"),
    "forum_thread": newest("participation.Thread", reply_count__gte=30),
}


@dataclass(frozen=True)
class Timing:
    """A budget that is not a page: `run(school)` returns {"ms": ..., ...} (bench/run.py)."""

    name: str
    run: str  # "module:function" in bench/, called with the benchmark school
    budget_ms: float


TIMINGS = [
    Timing(
        "statistics over 1,000,000 answers",
        "evaluation_statistics:statistics_over_a_million_answers",
        2000,
    ),
]

# role -> username suffix of the benchmark school's user (usernames are "s001-guru01" ...)
BENCH_USERS = {
    "teacher": "guru05",
    "facilitator": "guru01",
    "principal": "kepsek",
    "supervisor": "pengawas",
    "mentor": "pendamping",
    "operator": "operator",
    "parent": "ortu01",
    "community_leader": "tokoh01",
}

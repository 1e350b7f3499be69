"""A tiny app that plugs into every extension point (core.extensions) from its own folder."""

import datetime
from typing import Any

from django.apps import AppConfig


def plan_visits(programme: Any, rules: Any, closed: dict) -> tuple[list, list]:
    from kombel.programs.schedule import PlannedEvent

    day = rules.start + datetime.timedelta(days=1)
    event = PlannedEvent(
        f"visit:{day}", "visit", "Kunjungan", day, rules.workshop_start, rules.workshop_end, ""
    )
    return [event], []


def seed(ctx: Any) -> None:
    from tests.example_app.models import Visit

    Visit.objects.create(school=ctx.school, title="Kunjungan demo", date=ctx.today)


def home_panel(request: Any, schools: list) -> dict[str, Any] | None:
    from tests.example_app.models import Visit

    visits = list(Visit.objects.filter(school__in=schools))
    return {"visits": visits} if visits else None


def describe(visit: Any) -> Any:
    from kombel.core.extensions import SourceInfo

    return SourceInfo(
        label=f"Kunjungan {visit.title}", url=f"/s/{visit.school.npsn}/", date=visit.date
    )


class ExampleConfig(AppConfig):
    name = "tests.example_app"
    label = "example_app"

    def ready(self) -> None:
        from kombel.core import extensions as ext
        from tests.example_app.api import router
        from tests.example_app.models import Visit

        ext.register_home_panel(
            ext.HomePanel("example.visits", "example_app/_home.html", home_panel)
        )
        ext.register_audit_labels(
            "example_app", {"visit": "Visit"}, verbs={"inspected": "inspected"}
        )
        ext.register_followup_source(
            ext.FollowupSource(
                "example_app.visit", "Visit", Visit, describe, add_perm="schools.view_school"
            )
        )
        ext.register_capabilities("example_app", {"teacher": {"visit.view"}})
        ext.register_api_router("example_app", router)
        ext.register_demo_step(ext.DemoStep("example_app", seed, after=("people",)))
        ext.register_event_kind(ext.EventKind("visit", "Visit", plan=plan_visits))

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "kombel.programs"
    label = "programs"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        from kombel.core.extensions import SchoolFigures, register_school_figures
        from kombel.programs.queries import school_figures

        register_school_figures(SchoolFigures("programs", school_figures, order=10))
        from kombel.core.extensions import (
            EventKind,
            HomePanel,
            register_api_router,
            register_audit_labels,
            register_event_kind,
            register_home_panel,
        )
        from kombel.programs import enums, queries, schedule
        from kombel.programs.api import router

        register_audit_labels(
            "programs",
            {
                "calendar": _("Calendar"),
                "closure": _("School closure"),
                "event": _("Event"),
                "participant": _("Participant"),
                "participants": _("Participants"),
                "programme": _("Programme"),
            },
            {"announced": _("notice sent to everyone invited")},
        )
        register_event_kind(
            EventKind(
                enums.EventKind.EVALUATION,
                enums.EventKind.EVALUATION.label,
                order=30,
                plan=schedule.plan_evaluations,
            )
        )
        register_event_kind(EventKind(enums.EventKind.OTHER, enums.EventKind.OTHER.label, order=90))
        register_home_panel(
            HomePanel(
                "programs.next", "programs/_home_programmes.html", queries.home_panel, order=40
            )
        )
        register_api_router("programs", router)

        from kombel.core.extensions import SyncedKind, register_synced_deletions
        from kombel.programs.models import Event, Programme

        register_synced_deletions(SyncedKind("programmes", Programme, "programs.view_programme"))
        register_synced_deletions(SyncedKind("events", Event, "programs.view_event"))

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "kombel.workshops"
    label = "workshops"
    verbose_name = _("Workshops")

    def ready(self) -> None:
        from kombel.core.extensions import SchoolFigures, register_school_figures
        from kombel.workshops.queries import school_figures

        register_school_figures(SchoolFigures("workshops", school_figures, order=20))
        from kombel.core.extensions import (
            DemoStep,
            EventKind,
            FollowupSource,
            HomePanel,
            register_api_router,
            register_audit_labels,
            register_demo_step,
            register_event_kind,
            register_event_links,
            register_followup_source,
            register_home_panel,
        )
        from kombel.workshops import demo, queries
        from kombel.workshops.api import router
        from kombel.workshops.enums import SESSION_SOURCE, WORKSHOP_KIND, WORKSHOP_ROLES
        from kombel.workshops.models import WorkshopSession
        from kombel.workshops.schedule import plan_workshops

        register_audit_labels(
            "workshops",
            {
                "attendance": _("Attendance"),
                "feedback": _("Session feedback"),
                "output": _("Workshop output"),
                "resource": _("Session material"),
                "session": _("Workshop session"),
            },
        )
        register_event_kind(
            EventKind(
                WORKSHOP_KIND,
                _("Workshop"),
                order=10,
                plan=plan_workshops,
                roles=WORKSHOP_ROLES,
            )
        )
        register_event_links(queries.session_links)
        register_followup_source(
            FollowupSource(
                SESSION_SOURCE,
                _("Workshop"),
                WorkshopSession,
                queries.session_source_info,
                add_perm="workshops.manage_session",
            )
        )
        register_home_panel(
            HomePanel("workshops.today", "workshops/_home_today.html", queries.home_panel, order=10)
        )
        register_api_router("workshops", router)
        register_demo_step(
            DemoStep("workshops", demo.seed, demo.synthetic, after=("people", "programme"))
        )

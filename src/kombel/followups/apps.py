from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    name = "kombel.followups"
    label = "followups"
    verbose_name = _("Follow-ups")

    def ready(self) -> None:
        from kombel.core.extensions import SchoolFigures, register_school_figures
        from kombel.followups.queries import school_figures

        register_school_figures(SchoolFigures("followups", school_figures, order=40))
        from kombel.core.extensions import (
            HomePanel,
            register_api_router,
            register_audit_labels,
            register_home_panel,
        )
        from kombel.followups import queries
        from kombel.followups.api import router

        register_audit_labels("followups", {"item": _("Follow-up"), "items": _("Follow-ups")})
        register_home_panel(
            HomePanel("followups.open", "followups/_home_open.html", queries.home_panel, order=20)
        )
        register_api_router("followups", router)

        from kombel.core.extensions import SyncedKind, register_synced_deletions
        from kombel.followups.models import ActionItem

        register_synced_deletions(SyncedKind("followups", ActionItem, "followups.view_own"))

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolsConfig(AppConfig):
    name = "kombel.schools"
    label = "schools"
    verbose_name = _("Schools")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from kombel.schools.access import school_changed
        from kombel.schools.models import School

        # Whoever holds a role in a school keeps its row in their cached access (schools.access):
        # a school changed anywhere (a service, the admin) is read afresh.
        post_save.connect(school_changed, sender=School, dispatch_uid="schools.school_changed")
        post_delete.connect(school_changed, sender=School, dispatch_uid="schools.school_changed")

        from kombel.core.extensions import (
            HomePanel,
            register_api_router,
            register_audit_labels,
            register_home_panel,
        )
        from kombel.schools.api import router
        from kombel.schools.views import OVERSEEING_ROLES, my_schools_panel, schools_summary_panel

        register_audit_labels(
            "schools",
            {
                "class": _("Class"),
                "district_membership": _("District membership"),
                "membership": _("Role"),
                "person": _("Person"),
                "roster": _("Roster"),
                "school": _("School"),
                "teacher": _("Teacher details"),
            },
        )
        register_home_panel(
            HomePanel("schools.mine", "schools/_home_schools.html", my_schools_panel, order=30)
        )
        register_home_panel(
            HomePanel(
                "schools.summary",
                "schools/_home_summary.html",
                schools_summary_panel,
                order=5,
                roles=OVERSEEING_ROLES,
            )
        )
        register_api_router("schools", router)

        from kombel.core.extensions import SyncedKind, register_synced_deletions
        from kombel.schools.models import Membership, SchoolClass

        register_synced_deletions(SyncedKind("memberships", Membership, "schools.view_people"))
        register_synced_deletions(SyncedKind("classes", SchoolClass, "schools.view_classes"))

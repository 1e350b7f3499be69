from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "kombel.communities"
    label = "communities"
    verbose_name = _("Learning communities")

    def ready(self) -> None:
        from kombel.communities.queries import school_figures
        from kombel.core.extensions import SchoolFigures, register_school_figures
        from kombel.schools.enums import STAFF_ROLES

        register_school_figures(SchoolFigures("communities", school_figures, order=30))
        from kombel.communities import demo, queries
        from kombel.communities.api import router
        from kombel.communities.enums import COMMUNITY_KIND, MEETING_SOURCE
        from kombel.communities.models import Meeting
        from kombel.communities.schedule import plan_community_meetings
        from kombel.core.extensions import (
            DemoStep,
            EventKind,
            EventTitles,
            FollowupSource,
            register_api_router,
            register_audit_labels,
            register_demo_step,
            register_event_kind,
            register_event_links,
            register_event_titles,
            register_followup_source,
        )
        from kombel.schools.queries import teachers_of_school

        register_audit_labels(
            "communities",
            {
                "attendance": _("Attendance"),
                "community": _("Learning community"),
                "meeting": _("Meeting"),
                "meetings": _("Meetings"),
                "minutes": _("Minutes"),
                "practice": _("Good practice"),
            },
        )
        # Community slots remind the members of the communities meeting then, not everyone.
        register_event_kind(
            EventKind(
                COMMUNITY_KIND,
                _("Community meeting"),
                order=20,
                plan=plan_community_meetings,
                audience=queries.community_event_audience,
                roles=STAFF_ROLES,
            )
        )
        register_event_links(queries.meeting_links)
        register_event_titles(
            EventTitles(
                "communities",
                queries.community_title_annotations,
                queries.community_event_title,
            )
        )
        register_followup_source(
            FollowupSource(
                MEETING_SOURCE,
                _("Community meeting"),
                Meeting,
                queries.meeting_source_info,
                add_perm="communities.manage_community",
                owners=lambda meeting: teachers_of_school(meeting.school),
            )
        )
        register_api_router("communities", router)
        register_demo_step(
            DemoStep(
                "communities",
                demo.seed,
                demo.synthetic,
                after=("people", "programme", "workshops"),
            )
        )

        from kombel.communities.models import Community, Meeting, Practice
        from kombel.core.extensions import SyncedKind, register_synced_deletions

        register_synced_deletions(
            SyncedKind("communities", Community, "communities.view_community")
        )
        register_synced_deletions(SyncedKind("meetings", Meeting, "communities.view_community"))
        register_synced_deletions(SyncedKind("practices", Practice, "communities.view_community"))

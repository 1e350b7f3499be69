from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "kombel.participation"
    label = "participation"
    verbose_name = _("Parents and community")

    def ready(self) -> None:
        from kombel.core import extensions as ext
        from kombel.participation import demo, queries
        from kombel.participation.api import router
        from kombel.participation.enums import FORUM_MEETING_KIND
        from kombel.schools.enums import Role

        forum = "participation.forum"
        teaching = {forum, "participation.feedback_view", "participation.input_answer"}
        ext.register_capabilities(
            "participation",
            {
                Role.PARENT: {forum, "participation.feedback_give"},
                Role.COMMUNITY_LEADER: {forum, "participation.input_give"},
                Role.TEACHER: teaching,
                Role.FACILITATOR: teaching
                | {"participation.moderate", "participation.meetings", "participation.figures"},
                Role.PRINCIPAL: teaching
                | {
                    "participation.moderate",
                    "participation.meetings",
                    "participation.figures",
                    "participation.invite",
                    "participation.requests",
                },
                Role.SUPERVISOR: {"participation.feedback_view", "participation.figures"},
                Role.MENTOR: {"participation.figures"},
                Role.OPERATOR: {"participation.invite", "participation.requests"},
            },
            # Taking part as oneself: giving nobody any right over anyone else.
            participation={
                forum,
                "participation.feedback_give",
                "participation.input_give",
            },
        )
        ext.register_school_link(
            ext.SchoolLink(
                "participation",
                _("Parents and community"),
                "participation:forum",
                "participation.forum",
                20,
            )
        )
        ext.register_school_link(
            ext.SchoolLink(
                "participation.invitations",
                _("Invite parents"),
                "participation:invitations",
                "participation.invite",
                21,
            )
        )
        ext.register_home_panel(
            ext.HomePanel(
                "participation.forum",
                "participation/_home.html",
                queries.home_panel,
                order=12,
                roles=frozenset({Role.PARENT, Role.COMMUNITY_LEADER}),
            )
        )
        ext.register_home_panel(
            ext.HomePanel(
                "participation.school",
                "participation/_home_staff.html",
                queries.staff_panel,
                order=40,
                roles=frozenset({Role.PRINCIPAL, Role.OPERATOR, Role.FACILITATOR}),
            )
        )
        ext.register_audit_labels(
            "participation",
            {
                "consent": _("Consent"),
                "data": _("Own data"),
                "deletion": _("Deletion request"),
                "feedback": _("Parent feedback"),
                "input": _("Local input"),
                "invitation": _("Invitation"),
                "meeting": _("Forum meeting"),
                "post": _("Forum post"),
                "report": _("Report of a post"),
                "space": _("Forum space"),
                "thread": _("Forum thread"),
            },
            {
                "accepted": _("accepted"),
                "answered": _("answered"),
                "completed": _("completed"),
                "downloaded": _("downloaded"),
                "given": _("given"),
                "hidden": _("hidden"),
                "locked": _("locked"),
                "pinned": _("pinned"),
                "renewed": _("renewed"),
                "reported": _("reported"),
                "requested": _("requested"),
                "revoked": _("withdrawn"),
                "shown": _("shown again"),
                "unlocked": _("unlocked"),
                "unpinned": _("unpinned"),
                "used": _("used"),
                "withdrawn": _("withdrawn"),
            },
        )
        ext.register_event_kind(
            ext.EventKind(
                FORUM_MEETING_KIND,
                _("Learning forum meeting"),
                order=40,
                audience=queries.meeting_audience,
            )
        )
        ext.register_event_links(queries.meeting_links)
        ext.register_api_router("participation", router)
        ext.register_school_figures(
            ext.SchoolFigures("participation", queries.school_figures, order=50)
        )
        ext.register_demo_step(
            ext.DemoStep(
                "participation",
                demo.seed,
                demo.synthetic,
                after=("people", "programme", "communities", "lessons"),
            )
        )

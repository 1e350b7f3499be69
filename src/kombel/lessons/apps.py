from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LessonsConfig(AppConfig):
    name = "kombel.lessons"
    label = "lessons"
    verbose_name = _("Lesson plans")

    def ready(self) -> None:
        from kombel.core import extensions as ext
        from kombel.lessons import demo, queries
        from kombel.lessons.api import router
        from kombel.lessons.enums import REVIEW_SOURCE
        from kombel.lessons.models import Review
        from kombel.schools.enums import Role

        read = {"lesson.view"}
        ext.register_capabilities(
            "lessons",
            {
                Role.TEACHER: read | {"lesson.author", "lesson.review"},
                Role.FACILITATOR: read | {"lesson.author", "lesson.review", "lesson.manage"},
                Role.PRINCIPAL: read | {"lesson.manage", "lesson.approve"},
                Role.SUPERVISOR: read,
                Role.MENTOR: read,
            },
            participation={"lesson.author", "lesson.review"},
        )
        ext.register_home_panel(
            ext.HomePanel(
                "lessons.waiting",
                "lessons/_home.html",
                queries.home_panel,
                order=25,
                roles=frozenset({Role.TEACHER, Role.FACILITATOR}),
            )
        )
        ext.register_school_link(
            ext.SchoolLink(
                "lessons", _("Lesson plans"), "lessons:index", "lessons.view_plan", order=30
            )
        )
        ext.register_audit_labels(
            "lessons",
            {
                "plan": _("Lesson plan"),
                "section": _("Lesson plan section"),
                "revision": _("Lesson plan revision"),
                "review": _("Lesson plan review"),
                "comment": _("Comment on a lesson plan"),
                "local_input": _("Community leader's input"),
                "template": _("Lesson plan template"),
                "rubric": _("Review rubric"),
                "criterion": _("Rubric criterion"),
                "delegate": _("Approval delegate"),
                "image": _("Image in a lesson plan"),
            },
            verbs={
                "assigned": _("assigned"),
                "restored": _("restored"),
                "marked": _("marked helpful"),
                "accepted": _("taken into the plan"),
            },
        )
        ext.register_followup_source(
            ext.FollowupSource(
                REVIEW_SOURCE,
                _("Lesson plan review"),
                Review,
                queries.review_source_info,
                add_perm="lessons.edit_plan",
                owners=queries.review_followup_owners,
            )
        )
        ext.register_api_router("lessons", router)
        ext.register_demo_step(
            ext.DemoStep("lessons", demo.seed, demo.synthetic, after=("people", "communities"))
        )

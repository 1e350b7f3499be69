from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "kombel.evaluation"
    label = "evaluation"
    verbose_name = _("Monthly evaluation")

    def ready(self) -> None:
        from kombel.core import extensions as ext
        from kombel.evaluation import demo, queries
        from kombel.evaluation.api import router
        from kombel.evaluation.enums import WAVE_SOURCE
        from kombel.evaluation.models import Wave
        from kombel.schools.enums import Role

        teaching = {Role.TEACHER, Role.FACILITATOR}
        ext.register_capabilities(
            "evaluation",
            {
                Role.TEACHER: {"evaluation.answer_teachers", "evaluation.view_results"},
                Role.FACILITATOR: {
                    "evaluation.answer_teachers",
                    "evaluation.view_results",
                    "evaluation.view_named",
                    "evaluation.manage",
                    "evaluation.evaluate",
                },
                Role.PRINCIPAL: {
                    "evaluation.view_results",
                    "evaluation.view_named",
                    "evaluation.manage",
                    "evaluation.evaluate",
                },
                Role.SUPERVISOR: {"evaluation.view_results"},
                Role.MENTOR: {"evaluation.view_results", "evaluation.evaluate"},
                Role.DISTRICT_OFFICER: {"evaluation.view_results"},
                Role.PARENT: {"evaluation.answer_parents"},
            },
            participation={"evaluation.answer_teachers", "evaluation.answer_parents"},
        )
        ext.register_school_link(
            ext.SchoolLink(
                "evaluation", _("Evaluation"), "evaluation:index", "evaluation.view_results", 10
            )
        )
        ext.register_home_panel(
            ext.HomePanel(
                "evaluation.open_waves",
                "evaluation/_home.html",
                queries.home_panel,
                order=15,
                roles=frozenset(teaching | {Role.PARENT}),
            )
        )
        ext.register_audit_labels(
            "evaluation",
            {
                "code": _("Code"),
                "codebook": _("Codebook"),
                "coding": _("Coding"),
                "document": _("Coded text"),
                "documentation": _("Documentation"),
                "interview": _("Interview"),
                "questionnaire": _("Questionnaire"),
                "response": _("Questionnaire answers"),
                "responses": _("Questionnaire answers"),
                "wave": _("Evaluation wave"),
            },
        )
        ext.register_followup_source(
            ext.FollowupSource(
                WAVE_SOURCE,
                _("Monthly evaluation"),
                Wave,
                queries.wave_source_info,
                add_perm="evaluation.manage",
            )
        )
        ext.register_event_links(queries.wave_links)
        ext.register_api_router("evaluation", router)
        ext.register_demo_step(
            ext.DemoStep(
                "evaluation",
                demo.seed,
                demo.synthetic,
                after=("people", "programme", "workshops", "communities", "observations"),
            )
        )

        from kombel.core.extensions import SyncedKind, register_synced_deletions
        from kombel.evaluation.models import Interview, Wave

        register_synced_deletions(SyncedKind("waves", Wave, "evaluation.view_results"))
        register_synced_deletions(SyncedKind("interviews", Interview, "evaluation.evaluate"))

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObservationsConfig(AppConfig):
    name = "kombel.observations"
    label = "observations"
    verbose_name = _("Observations")

    def ready(self) -> None:
        from kombel.core import extensions as ext
        from kombel.observations import demo, queries
        from kombel.observations.api import router
        from kombel.observations.enums import OBSERVATION_SOURCE, VISIT_SOURCE
        from kombel.observations.models import Observation, Visit
        from kombel.schools.enums import Role

        read = {"instrument.view", "cycle.view"}
        by_office = {
            "observation.plan",
            "observation.observe",
            "observation.view_all",
            "visit.view_all",
        }
        ext.register_capabilities(
            "observations",
            {
                Role.TEACHER: read | {"observation.plan", "observation.take_part"},
                Role.FACILITATOR: read
                | {
                    "observation.plan",
                    "observation.take_part",
                    "instrument.manage",
                    "cycle.manage",
                },
                Role.PRINCIPAL: read
                | by_office
                | {"instrument.manage", "cycle.manage", "observation.manage_all"},
                Role.SUPERVISOR: read | by_office,
                Role.MENTOR: read
                | by_office
                | {"instrument.manage", "cycle.manage", "visit.record"},
            },
            # A teacher observes and is observed as themselves, a mentor records their own visits.
            participation={"observation.plan", "observation.take_part", "visit.record"},
        )
        ext.register_school_link(
            ext.SchoolLink(
                "observations", _("Observations"), "observations:index", "observations.list", 20
            )
        )
        ext.register_home_panel(
            ext.HomePanel(
                "observations.mine",
                "observations/_home.html",
                queries.home_panel,
                order=30,
                roles=frozenset(
                    {
                        Role.TEACHER,
                        Role.FACILITATOR,
                        Role.PRINCIPAL,
                        Role.SUPERVISOR,
                        Role.MENTOR,
                    }
                ),
            )
        )
        ext.register_audit_labels(
            "observations",
            {
                "instrument": _("Observation instrument"),
                "section": _("Instrument section"),
                "item": _("Instrument item"),
                "observation": _("Observation"),
                "record": _("Observation record"),
                "note": _("Observation note"),
                "debrief": _("Follow-up discussion"),
                "reflection": _("Reflection"),
                "visit": _("Mentoring visit"),
                "cycle": _("Lesson study cycle"),
                "import": _("Observation import"),
            },
            verbs={
                "prepared": _("prepared"),
                "advanced": _("moved to the next stage"),
                "released": _("released to the teacher"),
                "unshared": _("no longer shared"),
                "captured": _("captured"),
                "saved": _("saved"),
                "published": _("put in use"),
                "drafted": _("new version started"),
                "moved": _("moved"),
                "photo_added": _("photo added"),
            },
        )
        ext.register_followup_source(
            ext.FollowupSource(
                OBSERVATION_SOURCE,
                _("Observation"),
                Observation,
                queries.observation_source_info,
                add_perm="observations.run",
                owners=queries.observation_owners,
            )
        )
        ext.register_followup_source(
            ext.FollowupSource(
                VISIT_SOURCE,
                _("Mentoring visit"),
                Visit,
                queries.visit_source_info,
                add_perm="observations.change_visit",
                owners=queries.visit_owners,
            )
        )
        ext.register_api_router("observations", router)
        ext.register_demo_step(
            ext.DemoStep(
                "observations",
                demo.seed,
                demo.synthetic,
                after=("people", "programme", "lessons"),
            )
        )

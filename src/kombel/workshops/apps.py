from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "kombel.workshops"
    label = "workshops"
    verbose_name = _("Workshops")

    def ready(self) -> None:
        from kombel.programs.event_links import register_event_links
        from kombel.workshops.queries import session_links

        register_event_links(session_links)

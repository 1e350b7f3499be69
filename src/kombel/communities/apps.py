from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "kombel.communities"
    label = "communities"
    verbose_name = _("Learning communities")

    def ready(self) -> None:
        from kombel.communities.queries import community_event_audience, meeting_links
        from kombel.programs.event_links import register_event_links
        from kombel.programs.reminders import register_audience

        # Community events remind the members of the communities meeting then, not everyone.
        register_audience("community", community_event_audience)
        register_event_links(meeting_links)

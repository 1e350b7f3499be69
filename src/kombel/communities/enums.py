from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


# The source type under which meetings' follow-ups live in the follow-up tracker.
MEETING_SOURCE = "communities.meeting"

# The kind of programme event (programs.models.Event.kind) of community meeting slots.
COMMUNITY_KIND = "community"

"""A meeting as a ready-made WhatsApp message for the facilitator to send to the group."""

from django.conf import settings
from django.utils.translation import gettext as _

from kombel.communities.models import Meeting
from kombel.communities.queries import meeting_path
from kombel.core.dates import clock_text, weekday_text
from kombel.core.whatsapp import wa_link


def meeting_whatsapp_text(meeting: Meeting) -> str:
    community = meeting.community
    lines = [
        _("*Reminder: %(name)s community meeting*") % {"name": community.name},
        _("%(date)s, %(time)s %(tz)s")
        % {
            "date": weekday_text(meeting.date),
            "time": clock_text(meeting.start_time),
            "tz": community.school.get_timezone_display().split(" ")[0],
        },
    ]
    if meeting.location:
        lines.append(_("Place: %(place)s") % {"place": meeting.location})
    if meeting.agenda:
        lines += ["", _("Agenda:"), meeting.agenda]
    lines += ["", f"{settings.SITE_URL}{meeting_path(meeting)}"]
    return "\n".join(lines)


def meeting_whatsapp_link(meeting: Meeting) -> str:
    return wa_link(meeting_whatsapp_text(meeting))

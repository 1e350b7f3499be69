from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from kombel.schools.enums import Role

# The source_type of follow-ups (RTL) agreed at a workshop session, in the one tracker.
SESSION_SOURCE = "workshops.session"


class Venue(models.TextChoices):
    CLASSROOM = "classroom", _("Classroom")
    COMPUTER_LAB = "computer_lab", _("Computer lab")
    HALL = "hall", _("Hall")
    LIBRARY = "library", _("Library")
    OTHER = "other", _("Other")


class AttendanceMethod(models.TextChoices):
    MANUAL = "manual", _("Taken by the facilitator")
    SELF = "self", _("Self check-in")


class OutputKind(models.TextChoices):
    LESSON_PLAN = "lesson_plan", _("Lesson plan (Modul Ajar)")
    PROJECT_DESIGN = "project_design", _("Project design")
    ASSESSMENT = "assessment", _("Assessment")
    LEARNING_MEDIA = "learning_media", _("Learning media")
    OTHER = "other", _("Other")


# Programme participants who attend workshops (parents, community leaders, supervisors and
# mentors take part in the programme in other ways).
ATTENDEE_ROLES = frozenset({Role.TEACHER, Role.FACILITATOR, Role.PRINCIPAL})
# Who a workshop is for (on their calendar, reminded): those who attend it and those who come to
# observe and support it. Parents and community leaders are not invited to teachers' workshops.
WORKSHOP_ROLES = ATTENDEE_ROLES | {Role.SUPERVISOR, Role.MENTOR}
# Invited besides, to a workshop meant for them (programs.models.Event.invites_all): they see
# it, are reminded, check in and give feedback like those who attend.
GUEST_ROLES = frozenset({Role.PARENT, Role.COMMUNITY_LEADER})


def attendee_roles(event: Any) -> frozenset[str]:
    """Who attends the workshop of `event`: teachers, facilitators and principals; parents and
    community leaders too when the event invites them."""
    return ATTENDEE_ROLES | GUEST_ROLES if event.invites_all else ATTENDEE_ROLES


# The kind of programme event (programs.models.Event.kind) a workshop session hangs on.
WORKSHOP_KIND = "workshop"

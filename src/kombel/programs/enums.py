from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    ARCHIVED = "archived", _("Archived")  # ended and put away: kept whole, out of the lists


# Programmes whose activities are over: no new events, no reminders, out of "what's next".
ENDED = (ProgrammeStatus.COMPLETED, ProgrammeStatus.ARCHIVED)


class EventKind(models.TextChoices):
    """The kinds of event programs itself knows; apps add theirs (core.extensions.EventKind)."""

    EVALUATION = "evaluation", _("Monthly evaluation")
    OTHER = "other", _("Other")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")


class AttendanceStatus(models.TextChoices):
    """Whether someone came to an event (a workshop session, a community meeting, a forum)."""

    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


# The statuses that count as having taken part (attendance rates).
ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)

from django.db import models
from django.utils.translation import gettext_lazy as _

OBSERVATION_SOURCE = "observations.observation"
VISIT_SOURCE = "observations.visit"


class Competency(models.TextChoices):
    """The four teacher competencies of UU 14/2005 an item can evidence."""

    PEDAGOGICAL = "pedagogical", _("Pedagogical")
    PERSONAL = "personal", _("Personal")
    SOCIAL = "social", _("Social")
    PROFESSIONAL = "professional", _("Professional")


class ItemKind(models.TextChoices):
    SCALE = "scale", _("Scale")
    YES_NO = "yesno", _("Yes / no")
    TEXT = "text", _("Free text")


class InstrumentKind(models.TextChoices):
    CLASSROOM = "classroom", _("Classroom observation")
    LESSON_STUDY = "lesson_study", _("Lesson study")
    ENGAGEMENT = "engagement", _("Student engagement")
    OTHER = "other", _("Other")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("In use")


class Stage(models.TextChoices):
    """The flow principals know from the ministry's performance management."""

    PREPARATION = "preparation", _("Preparation")
    OBSERVATION = "observation", _("Observation")
    DISCUSSION = "discussion", _("Follow-up discussion")
    ACTION = "action", _("Follow-up action")
    REFLECTION = "reflection", _("Reflection")
    DONE = "done", _("Completed")


STAGE_ORDER = [s.value for s in Stage]


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")


class CycleStage(models.TextChoices):
    PLAN = "plan", _("Plan")
    DO = "do", _("Do")
    SEE = "see", _("See")
    REVISE = "revise", _("Revised plan")
    DONE = "done", _("Completed")


CYCLE_ORDER = [s.value for s in CycleStage]

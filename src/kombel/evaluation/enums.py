from django.db import models
from django.utils.translation import gettext_lazy as _

# The source_type of follow-ups (RTL) agreed on a wave's results, in the one tracker.
WAVE_SOURCE = "evaluation.wave"
# The kind of programme event (programs.models.Event.kind) a wave belongs to.
EVALUATION_KIND = "evaluation"


class Audience(models.TextChoices):
    TEACHERS = "teachers", _("Teachers of the programme")
    PARENTS = "parents", _("Parents")


class WaveKind(models.TextChoices):
    BASELINE = "baseline", _("Baseline (before the programme)")
    MONTHLY = "monthly", _("Monthly")
    ENDLINE = "endline", _("End of the programme")


class ItemKind(models.TextChoices):
    LIKERT = "likert", _("Likert scale")
    OPEN = "open", _("Open question")


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", _("Started")
    SUBMITTED = "submitted", _("Submitted")


class ResponseSource(models.TextChoices):
    WEB = "web", _("Answered in Kombel")
    IMPORT = "import", _("Imported")


class ImportFormat(models.TextChoices):
    KOBO = "kobo", _("KoboToolbox / ODK export (XLSX or CSV)")
    GOOGLE = "google", _("Google Forms (CSV)")


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", _("Waiting for confirmation")
    APPLIED = "applied", _("Imported")


class ActivityKind(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop session")
    MEETING = "meeting", _("Community meeting")
    OBSERVATION = "observation", _("Classroom observation")
    OTHER = "other", _("Other activity")


class SourceType(models.TextChoices):
    """Kinds of text that are coded (qualitative analysis)."""

    INTERVIEW = "interview", _("Interview transcript")
    REFLECTION = "reflection", _("Meeting reflection")
    MEETING_NOTES = "meeting_notes", _("Meeting notes")
    OPEN_ANSWERS = "open_answers", _("Open answers")


class AgreementUnit(models.TextChoices):
    SENTENCE = "sentence", _("Sentence")
    SEGMENT = "segment", _("Coded segment")

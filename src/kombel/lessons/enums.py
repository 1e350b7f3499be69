from django.db import models
from django.utils.translation import gettext_lazy as _


class SectionKind(models.TextChoices):
    RICH = "rich", _("Rich text (Markdown)")
    TEXT = "text", _("One line")
    CHOICES = "choices", _("Choices")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted, waiting for reviewers")
    IN_REVIEW = "in_review", _("In review")
    REVIEWED = "reviewed", _("Reviewed, to revise or approve")
    APPROVED = "approved", _("Approved")


class ReviewStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Waiting for the reviewer")
    SUBMITTED = "submitted", _("Submitted")


class ReviewKind(models.TextChoices):
    PEER = "peer", _("Peer review")
    REFERENCE = "reference", _("Reference review (calibration)")
    CALIBRATION = "calibration", _("Calibration exercise")


class CommentKind(models.TextChoices):
    DISCUSSION = "discussion", _("Comment")
    REVIEW = "review", _("Reviewer's comment")
    LOCAL = "local", _("Local relevance (community leader)")


# Statuses in which the authors edit the plan's sections.
EDITABLE = frozenset({PlanStatus.DRAFT, PlanStatus.REVIEWED})

# The source type under which reviews' follow-ups live in the follow-up tracker.
REVIEW_SOURCE = "lessons.review"

# Upper bound of one section's text (characters): a clear error instead of a huge row.
SECTION_MAX_CHARS = 50_000

# Images in rich text: what may be uploaded, the longest side kept (for phones), how many a
# plan holds.
IMAGE_MAX_PX = 1280
IMAGE_MAX_PER_PLAN = 60

# How many reviewers a plan may need (the facilitator sets it on the assign page).
REVIEWERS_MAX = 10

"""Choices and constants of parents' and community leaders' participation."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kombel.schools.enums import Role

# The roles an invitation gives: people from outside the school who take part as themselves.
INVITED_ROLES = (Role.PARENT, Role.COMMUNITY_LEADER)
OUTSIDER_ROLES = frozenset(INVITED_ROLES)

# The kind of programme event (programs.models.Event.kind) of a learning forum meeting.
FORUM_MEETING_KIND = "forum"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    USED = "used", _("Joined")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Withdrawn")


class SpaceKind(models.TextChoices):
    PARENTS = "parents", _("All parents")
    CLASS = "class", _("Parents of one class")
    COMMUNITY = "community", _("Parents and community leaders")


class Engagement(models.IntegerChoices):
    LOW = 1, _("Hardly interested")
    SOME = 2, _("Sometimes interested")
    GOOD = 3, _("Interested")
    HIGH = 4, _("Very keen")


class InputTarget(models.TextChoices):
    MATERIAL = "material", _("Programme material")
    THEME = "theme", _("Community theme")
    LESSON = "lesson", _("Lesson plan")


class ResourceKind(models.TextChoices):
    PLACE = "place", _("A place")
    CRAFT = "craft", _("A craft or tradition")
    PERSON = "person", _("A person")
    OTHER = "other", _("Something else")


class InputStatus(models.TextChoices):
    OPEN = "open", _("Waiting for teachers")
    ANSWERED = "answered", _("Answered")
    ACCEPTED = "accepted", _("Taken up")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the operator")
    DONE = "done", _("Completed")

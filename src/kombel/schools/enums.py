from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    TEACHER = "teacher", _("Teacher")
    FACILITATOR = "facilitator", _("Internal facilitator")
    PRINCIPAL = "principal", _("Principal")
    SUPERVISOR = "supervisor", _("Supervisor")
    MENTOR = "mentor", _("Mentor")
    PARENT = "parent", _("Parent")
    COMMUNITY_LEADER = "community_leader", _("Community leader")
    OPERATOR = "operator", _("Operator")
    # Held through a DistrictMembership, never a school Membership.
    DISTRICT_OFFICER = "district_officer", _("District officer")


SCHOOL_ROLES = [r for r in Role if r != Role.DISTRICT_OFFICER]
STAFF_ROLES = frozenset(
    {Role.TEACHER, Role.FACILITATOR, Role.PRINCIPAL, Role.SUPERVISOR, Role.MENTOR, Role.OPERATOR}
)
# Roles that teach: who may be a homeroom teacher or a community member.
TEACHING_ROLES = frozenset({Role.TEACHER, Role.FACILITATOR})


class TimeZone(models.TextChoices):
    WIB = "Asia/Jakarta", _("WIB (UTC+7)")
    WITA = "Asia/Makassar", _("WITA (UTC+8)")
    WIT = "Asia/Jayapura", _("WIT (UTC+9)")


class Grade(models.IntegerChoices):
    VII = 7, "VII"
    VIII = 8, "VIII"
    IX = 9, "IX"


class SemesterKind(models.TextChoices):
    ODD = "ganjil", _("Odd (ganjil)")
    EVEN = "genap", _("Even (genap)")

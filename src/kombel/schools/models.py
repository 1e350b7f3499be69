from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kombel.core.managers import ScopedManager
from kombel.core.models import BaseModel, VersionedModel
from kombel.schools.enums import SCHOOL_ROLES, Grade, Role, SemesterKind, TimeZone
from kombel.schools.validators import (
    bps_code_validator,
    nip_validator,
    npsn_validator,
    nuptk_validator,
    school_year_validator,
)


class District(BaseModel):
    name = models.CharField(_("name"), max_length=200)
    province = models.CharField(_("province"), max_length=100)
    bps_code = models.CharField(
        _("BPS code"), max_length=4, unique=True, validators=[bps_code_validator]
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name


class School(BaseModel):
    npsn = models.CharField(_("NPSN"), max_length=8, unique=True, validators=[npsn_validator])
    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("address"), blank=True)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="schools", verbose_name=_("district")
    )
    timezone = models.CharField(
        _("time zone"), max_length=32, choices=TimeZone.choices, default=TimeZone.WIB
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")

    def __str__(self) -> str:
        return self.name

    @property
    def school(self) -> "School":
        # Lets permission rules treat a school like any other school-owned object.
        return self


class SchoolYear(BaseModel):
    """National school year (tahun ajaran), July to June."""

    name = models.CharField(
        _("school year"), max_length=9, unique=True, validators=[school_year_validator]
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))

    class Meta:
        ordering = ["-start"]
        verbose_name = _("school year")
        verbose_name_plural = _("school years")

    def __str__(self) -> str:
        return self.name


class Semester(BaseModel):
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="semesters")
    kind = models.CharField(_("semester"), max_length=6, choices=SemesterKind.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))

    class Meta:
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(fields=["school_year", "kind"], name="semester_unique_kind")
        ]
        verbose_name = _("semester")
        verbose_name_plural = _("semesters")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.school_year}"


class Membership(BaseModel):
    """A person's role in a school. A person may hold several roles in several schools."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["role", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "school", "role"], name="membership_unique_role"
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.DISTRICT_OFFICER), name="membership_not_district_role"
            ),
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.school}"

    def clean(self) -> None:
        if self.role not in SCHOOL_ROLES:
            raise ValidationError({"role": _("This role is held on a district, not a school.")})


class DistrictMembership(BaseModel):
    """A district officer (dinas): sees aggregates across the district's schools."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="district_memberships"
    )
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="memberships")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "district"], name="district_membership_unique")
        ]
        verbose_name = _("district membership")
        verbose_name_plural = _("district memberships")

    def __str__(self) -> str:
        return f"{self.user} · {self.district}"


class Subject(BaseModel):
    """A junior-high subject (mata pelajaran), shared by all schools."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")

    def __str__(self) -> str:
        return self.name


class TeacherProfile(VersionedModel):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="teacher_profile"
    )
    nuptk = models.CharField(_("NUPTK"), max_length=16, blank=True, validators=[nuptk_validator])
    nip = models.CharField(_("NIP"), max_length=18, blank=True, validators=[nip_validator])
    subjects = models.ManyToManyField(Subject, blank=True, verbose_name=_("subjects"))
    grades = models.JSONField(_("grades"), default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["nuptk"], condition=~Q(nuptk=""), name="teacher_unique_nuptk"
            ),
            models.UniqueConstraint(
                fields=["nip"], condition=~Q(nip=""), name="teacher_unique_nip"
            ),
        ]
        verbose_name = _("teacher details")
        verbose_name_plural = _("teacher details")

    def __str__(self) -> str:
        return str(self.user)

    def clean(self) -> None:
        valid = set(Grade.values)
        if any(g not in valid for g in self.grades):
            raise ValidationError({"grades": _("Grades must be VII, VIII or IX.")})

    @property
    def grade_labels(self) -> list[str]:
        return [Grade(g).label for g in sorted(self.grades)]


class SchoolClass(VersionedModel):
    """A class group (rombel), e.g. VII-A in 2025/2026."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="classes")
    school_year = models.ForeignKey(
        SchoolYear, on_delete=models.PROTECT, related_name="+", verbose_name=_("school year")
    )
    grade = models.PositiveSmallIntegerField(_("grade"), choices=Grade.choices)
    name = models.CharField(_("name"), max_length=20)
    homeroom_teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="homeroom_classes",
        verbose_name=_("homeroom teacher"),
    )

    objects = ScopedManager(school="school")

    class Meta:
        ordering = ["grade", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "name"], name="class_unique_name"
            )
        ]
        verbose_name = _("class")
        verbose_name_plural = _("classes")

    def __str__(self) -> str:
        return self.name

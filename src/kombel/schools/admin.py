"""The Django admin for operators and the superuser (who runs unscoped: see the middleware)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kombel.schools.models import (
    District,
    DistrictMembership,
    Membership,
    School,
    SchoolClass,
    SchoolYear,
    Semester,
    Subject,
    TeacherProfile,
)


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "province", "bps_code"]
    search_fields = ["name", "province", "bps_code"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "npsn", "district", "timezone"]
    list_filter = ["timezone", "district"]
    search_fields = ["name", "npsn"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "school", "role", "created_at"]
    list_filter = ["role", "school"]
    search_fields = ["user__full_name", "user__username", "school__name", "school__npsn"]
    autocomplete_fields = ["user", "school"]
    list_select_related = ["user", "school"]


@admin.register(DistrictMembership)
class DistrictMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "district", "created_at"]
    list_filter = ["district"]
    search_fields = ["user__full_name", "user__username", "district__name"]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "district"]


@admin.register(SchoolYear)
class SchoolYearAdmin(admin.ModelAdmin):
    list_display = ["name", "start", "end"]
    search_fields = ["name"]


@admin.register(Semester)
class SemesterAdmin(admin.ModelAdmin):
    list_display = ["school_year", "kind", "start", "end"]
    list_filter = ["kind", "school_year"]


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(TeacherProfile)
class TeacherProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "nuptk", "nip", "grade_list"]
    search_fields = ["user__full_name", "user__username", "nuptk", "nip"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["subjects"]
    list_select_related = ["user"]

    @admin.display(description=_("grades"))
    def grade_list(self, obj: TeacherProfile) -> str:
        return ", ".join(obj.grade_labels)


@admin.register(SchoolClass)
class SchoolClassAdmin(admin.ModelAdmin):
    list_display = ["name", "grade", "school", "school_year", "homeroom_teacher"]
    list_filter = ["grade", "school_year", "school"]
    search_fields = ["name", "school__name", "school__npsn", "homeroom_teacher__full_name"]
    autocomplete_fields = ["school", "homeroom_teacher"]
    list_select_related = ["school", "school_year", "homeroom_teacher"]

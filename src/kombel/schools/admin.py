from django.contrib import admin

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


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "npsn", "district", "timezone"]
    search_fields = ["name", "npsn"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "school", "role"]
    list_filter = ["role", "school"]
    search_fields = ["user__full_name", "user__username"]
    autocomplete_fields = ["user"]


admin.site.register(DistrictMembership)
admin.site.register(SchoolYear)
admin.site.register(Semester)
admin.site.register(Subject)
admin.site.register(TeacherProfile)
admin.site.register(SchoolClass)

from django.urls import path

from kombel.schools import class_views, people_views, school_views, views

app_name = "schools"
urlpatterns = [
    path("", views.school_detail, name="detail"),
    path("settings/", school_views.school_edit, name="edit"),
    path("audit/", school_views.audit_log, name="audit_log"),
    path("people/", people_views.people_list, name="people"),
    path("people/new/", people_views.person_add, name="person_add"),
    path("people/import/", people_views.roster_upload, name="roster_upload"),
    path("people/import/template.xlsx", people_views.roster_template, name="roster_template"),
    path("people/<uuid:user_id>/", people_views.person_detail, name="person"),
    path("people/<uuid:user_id>/edit/", people_views.person_edit, name="person_edit"),
    path("people/<uuid:user_id>/teacher/", people_views.teacher_edit, name="teacher_edit"),
    path(
        "people/<uuid:user_id>/login-code/",
        people_views.person_login_code,
        name="person_login_code",
    ),
    path("people/<uuid:user_id>/roles/", people_views.membership_add, name="membership_add"),
    path(
        "memberships/<uuid:membership_id>/remove/",
        people_views.membership_remove,
        name="membership_remove",
    ),
    path("classes/", class_views.class_list, name="classes"),
    path("classes/new/", class_views.class_add, name="class_add"),
    path("classes/<uuid:class_id>/edit/", class_views.class_edit, name="class_edit"),
]

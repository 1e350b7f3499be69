from django.urls import path

from kombel.workshops import views

app_name = "workshops"
urlpatterns = [
    path("", views.session_list, name="list"),
    path("checkin/", views.checkin, name="checkin"),
    path(
        "programmes/<uuid:programme_pk>/attendance.xlsx",
        views.attendance_export,
        name="attendance_export",
    ),
    path("events/<uuid:event_pk>/new/", views.session_create, name="create"),
    path("<uuid:pk>/", views.session_detail, name="session"),
    path("<uuid:pk>/edit/", views.session_edit, name="edit"),
    path("<uuid:pk>/attendance/", views.attendance, name="attendance"),
    path(
        "<uuid:pk>/attendance/rest-present/",
        views.attendance_rest_present,
        name="attendance_rest_present",
    ),
    path("<uuid:pk>/code/", views.checkin_code, name="code"),
    path("<uuid:pk>/feedback/", views.feedback, name="feedback"),
    path("<uuid:pk>/materials/new/", views.resource_add, name="resource_add"),
    path("<uuid:pk>/materials/<uuid:item_pk>/", views.resource_download, name="resource_download"),
    path(
        "<uuid:pk>/materials/<uuid:item_pk>/delete/",
        views.resource_delete,
        name="resource_delete",
    ),
    path("<uuid:pk>/outputs/new/", views.output_add, name="output_add"),
    path("<uuid:pk>/outputs/<uuid:item_pk>/", views.output_download, name="output_download"),
]

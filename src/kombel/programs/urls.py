from django.urls import path

from kombel.programs import views

app_name = "programs"
urlpatterns = [
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/closures/", views.closures, name="closures"),
    path("programmes/closures/<uuid:pk>/remove/", views.closure_remove, name="closure_remove"),
    path("programmes/<uuid:pk>/", views.programme_detail, name="programme_detail"),
    path("programmes/<uuid:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("programmes/<uuid:pk>/end/", views.programme_end, name="programme_end"),
    path("programmes/<uuid:pk>/archive/", views.programme_archive, name="programme_archive"),
    path("programmes/<uuid:pk>/delete/", views.programme_delete, name="programme_delete"),
    path(
        "programmes/<uuid:pk>/regenerate/",
        views.programme_regenerate,
        name="programme_regenerate",
    ),
    path("programmes/<uuid:pk>/participants/", views.participants, name="participants"),
    path(
        "programmes/<uuid:pk>/participants/<uuid:participant_pk>/remove/",
        views.participant_remove,
        name="participant_remove",
    ),
    path("events/<uuid:pk>/", views.event_detail, name="event_detail"),
    path("events/<uuid:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<uuid:pk>/cancel/", views.event_cancel, name="event_cancel"),
    path("events/<uuid:pk>/notice/", views.event_notice, name="event_notice"),
    path("events/<uuid:pk>/event.ics", views.event_ics, name="event_ics"),
]

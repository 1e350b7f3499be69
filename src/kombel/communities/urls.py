from django.urls import path

from kombel.communities import meeting_views, views

app_name = "communities"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("suggest/", views.suggest, name="suggest"),
    path("new/", views.community_create, name="create"),
    path("practices/", views.practice_list, name="practices"),
    path("practices/<uuid:pk>/", views.practice_detail, name="practice"),
    path("files/<uuid:pk>/", views.practice_file, name="practice_file"),
    path("meetings/<uuid:pk>/", meeting_views.meeting_detail, name="meeting"),
    path("meetings/<uuid:pk>/record/", meeting_views.meeting_record, name="meeting_record"),
    path(
        "meetings/<uuid:pk>/reflection/",
        meeting_views.meeting_reflection,
        name="meeting_reflection",
    ),
    path("meetings/<uuid:pk>/attendance/", meeting_views.attendance, name="attendance"),
    path("meetings/<uuid:pk>/entries/", meeting_views.add_entry, name="add_entry"),
    path("<uuid:pk>/", views.community_detail, name="detail"),
    path("<uuid:pk>/edit/", views.community_edit, name="edit"),
    path("<uuid:pk>/plan/", views.plan, name="plan"),
    path("<uuid:pk>/meetings/new/", meeting_views.meeting_create, name="meeting_create"),
    path("<uuid:pk>/practices/new/", views.practice_create, name="practice_create"),
]

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from kombel.api import api
from kombel.core import views as core_views
from kombel.schools import views as school_views

urlpatterns = [
    path("", school_views.home, name="home"),
    path("health/", core_views.health, name="health"),
    path("accounts/", include("kombel.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("s/<str:npsn>/", include("kombel.schools.urls")),
    path("s/<str:npsn>/", include("kombel.programs.urls")),
    path("feeds/", include("kombel.programs.feed_urls")),
    path("s/<str:npsn>/workshops/", include("kombel.workshops.urls")),
    path("s/<str:npsn>/communities/", include("kombel.communities.urls")),
    path("s/<str:npsn>/followups/", include("kombel.followups.urls")),
    path("s/<str:npsn>/evaluation/", include("kombel.evaluation.urls")),
    path("s/<str:npsn>/lessons/", include("kombel.lessons.urls")),
    path("s/<str:npsn>/participation/", include("kombel.participation.urls")),
    path("join/", include("kombel.participation.join_urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

"""Calendar feeds: outside /s/<npsn>/ because calendar apps cannot log in (the token is the key)."""

from django.urls import path

from kombel.programs import feeds

app_name = "feeds"
urlpatterns = [
    path("u/<str:token>.ics", feeds.user_feed, name="user"),
    path("p/<str:token>.ics", feeds.programme_feed, name="programme"),
    path("help/", feeds.help_page, name="help"),
]

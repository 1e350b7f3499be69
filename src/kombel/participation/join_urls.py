"""The public page of an invitation link (no login: the person has no account yet)."""

from django.urls import path

from kombel.participation.views import joining

urlpatterns = [path("<str:token>/", joining.join, name="participation_join")]

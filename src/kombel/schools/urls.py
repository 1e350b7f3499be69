from django.urls import path

from kombel.schools import views

app_name = "schools"
urlpatterns = [
    path("", views.school_detail, name="detail"),
]

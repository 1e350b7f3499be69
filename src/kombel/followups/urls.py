from django.urls import path

from kombel.followups import views

app_name = "followups"
urlpatterns = [
    path("", views.item_list, name="list"),
    path("export.xlsx", views.item_export, name="export"),
    path("mine/", views.my_items, name="mine"),
    path("<uuid:pk>/", views.item_detail, name="detail"),
    path("new/<str:source_type>/<uuid:source_id>/", views.item_add, name="add"),
]

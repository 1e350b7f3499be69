from django.urls import path

from kombel.lessons import views

app_name = "lessons"
P = "<uuid:pk>/"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.plan_create, name="plan_create"),
    path(P, views.plan_detail, name="plan"),
    path("import/", views.plan_import, name="import"),
    path(P + "edit/", views.plan_edit, name="plan_edit"),
    path(P + "export.docx", views.export_docx, name="export_docx"),
    path(P + "export.pdf", views.export_pdf, name="export_pdf"),
    path(P + "sections/<slug:key>/", views.section_edit, name="section"),
    path(P + "sections/<slug:key>/images/", views.section_image, name="section_image"),
    path("images/<uuid:pk>.jpg", views.plan_image, name="image"),
    path(P + "revisions/", views.revisions, name="revisions"),
    path(P + "compare/", views.revision_compare, name="compare"),
    path(P + "revisions/<int:number>/restore/", views.revision_restore, name="restore"),
    path(P + "comments/", views.comment_add, name="comment_add"),
    path(P + "submit/", views.plan_submit, name="submit"),
    path(P + "assign/", views.reviewers_assign, name="assign"),
    path(P + "approve/", views.plan_approve, name="approve"),
    path(P + "return/", views.plan_return, name="return"),
    path("comments/<uuid:pk>/accept/", views.local_input_accept, name="local_accept"),
    path("reviews/<uuid:pk>/", views.review, name="review"),
    path("reviews/<uuid:pk>/helpful/", views.review_helpful, name="helpful"),
    path("settings/", views.settings_page, name="settings"),
    path("settings/defaults/", views.defaults_install, name="defaults"),
    path("templates/new/", views.template_edit, name="template_create"),
    path("templates/<uuid:pk>/", views.template_edit, name="template"),
    path("rubrics/new/", views.rubric_edit, name="rubric_create"),
    path("rubrics/<uuid:pk>/", views.rubric_edit, name="rubric"),
    path("criteria/<uuid:pk>/delete/", views.criterion_delete, name="criterion_delete"),
    path("quality/", views.quality, name="quality"),
    path("calibration/", views.calibration, name="calibration"),
    path(P + "calibration/publish/", views.calibration_publish, name="calibration_publish"),
    path(P + "calibration/practise/", views.calibration_practise, name="calibration_practise"),
]

from django.urls import path

from kombel.observations.views import analysis, instruments, observations, visits

app_name = "observations"
OBS = "<uuid:pk>/"
INS = "instruments/<uuid:pk>/"
urlpatterns = [
    path("", observations.index, name="index"),
    path("new/", observations.plan, name="plan"),
    path("sw.js", observations.service_worker, name="sw"),
    path(OBS, observations.detail, name="detail"),
    path(OBS + "capture/", observations.capture, name="capture"),
    path(OBS + "prepare/", observations.prepare, name="prepare"),
    path(OBS + "advance/", observations.advance, name="advance"),
    path(OBS + "release/", observations.release, name="release"),
    path(OBS + "share/", observations.share, name="share"),
    path(OBS + "debrief/", observations.debrief, name="debrief"),
    path(OBS + "reflection/", observations.reflect, name="reflect"),
    path(
        OBS + "notes/<uuid:note_pk>/photo/<str:variant>/",
        observations.note_photo,
        name="note_photo",
    ),
    path(OBS + "disagreement/", analysis.disagreement, name="disagreement"),
    path("agreement/", analysis.agreement_page, name="agreement"),
    path("growth/", analysis.school_growth, name="growth_school"),
    path("growth/schools/", analysis.supervised_growth, name="growth_supervised"),
    path("growth/<uuid:user_pk>/", analysis.teacher_growth, name="growth"),
    path("export.xlsx", analysis.export, name="export"),
    path("import/", analysis.import_upload, name="import"),
    path("instruments/", instruments.instrument_list, name="instruments"),
    path("instruments/shipped/", instruments.install_shipped, name="install_shipped"),
    path("instruments/new/", instruments.instrument_create, name="instrument_create"),
    path(INS, instruments.instrument_detail, name="instrument"),
    path(INS + "sections/new/", instruments.section_add, name="section_add"),
    path(INS + "items/new/", instruments.item_add, name="item_add"),
    path(INS + "publish/", instruments.publish, name="publish"),
    path(INS + "draft/", instruments.draft_start, name="draft_start"),
    path(INS + "items/<uuid:item_pk>/", instruments.item_edit, name="item_edit"),
    path(INS + "items/<uuid:item_pk>/remove/", instruments.item_remove, name="item_remove"),
    path(INS + "items/<uuid:item_pk>/move/", instruments.item_move, name="item_move"),
    path(INS + "sections/<uuid:section_pk>/", instruments.section_edit, name="section_edit"),
    path(
        INS + "sections/<uuid:section_pk>/remove/",
        instruments.section_remove,
        name="section_remove",
    ),
    path(INS + "sections/<uuid:section_pk>/move/", instruments.section_move, name="section_move"),
    path("visits/", visits.visit_list, name="visits"),
    path("visits/new/", visits.visit_create, name="visit_create"),
    path("visits/mine/", visits.mentor_page, name="mentor"),
    path("visits/<uuid:pk>/", visits.visit_detail, name="visit"),
    path("visits/<uuid:pk>/edit/", visits.visit_edit, name="visit_edit"),
    path("lesson-study/", visits.cycle_list, name="cycles"),
    path("lesson-study/new/", visits.cycle_create, name="cycle_create"),
    path("lesson-study/<uuid:pk>/", visits.cycle_detail, name="cycle"),
]

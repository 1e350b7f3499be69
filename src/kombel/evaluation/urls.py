from django.urls import path

from kombel.evaluation.views import coding, questionnaires, records, waves

app_name = "evaluation"
W = "waves/<uuid:pk>/"
Q = "questionnaires/<uuid:pk>/"
C = "coding/<uuid:programme_pk>/"
urlpatterns = [
    path("", waves.index, name="index"),
    path("waves/new/", waves.wave_create, name="wave_create"),
    path(W, waves.wave_detail, name="wave"),
    path(W + "edit/", waves.wave_edit, name="wave_edit"),
    path(W + "change/", waves.wave_change, name="wave_change"),
    path(W + "answer/", waves.answer, name="answer"),
    path(W + "answers.xlsx", waves.export_xlsx, name="export_xlsx"),
    path(W + "answers.csv", waves.export_csv, name="export_csv"),
    path(W + "named/", waves.named, name="named"),
    path(W + "reminders/", waves.reminders, name="reminders"),
    path(W + "import/", waves.import_upload, name="import"),
    path(W + "import/<uuid:import_pk>/", waves.import_preview, name="import_preview"),
    path("questionnaires/", questionnaires.questionnaire_list, name="questionnaires"),
    path(
        "questionnaires/defaults/",
        questionnaires.questionnaire_defaults,
        name="questionnaire_defaults",
    ),
    path(
        "questionnaires/import/", questionnaires.questionnaire_import, name="questionnaire_import"
    ),
    path(Q, questionnaires.questionnaire_detail, name="questionnaire"),
    path(Q + "xlsform.xlsx", questionnaires.xlsform_export, name="xlsform"),
    path(Q + "sections/new/", questionnaires.section_add, name="section_add"),
    path(Q + "constructs/new/", questionnaires.construct_add, name="construct_add"),
    path(Q + "scales/new/", questionnaires.scale_add, name="scale_add"),
    path(Q + "items/new/", questionnaires.item_add, name="item_add"),
    path(Q + "items/<uuid:item_pk>/", questionnaires.item_edit, name="item_edit"),
    path(Q + "items/<uuid:item_pk>/delete/", questionnaires.item_delete, name="item_delete"),
    path(Q + "items/<uuid:item_pk>/move/", questionnaires.item_move, name="item_move"),
    path(Q + "sections/<uuid:section_pk>/move/", questionnaires.section_move, name="section_move"),
    path(
        Q + "sections/<uuid:section_pk>/delete/",
        questionnaires.section_delete,
        name="section_delete",
    ),
    path("interviews/", records.interview_list, name="interviews"),
    path("interviews/new/", records.interview_create, name="interview_create"),
    path("interviews/<uuid:pk>/", records.interview_detail, name="interview"),
    path("interviews/<uuid:pk>/edit/", records.interview_edit, name="interview_edit"),
    path("interviews/<uuid:pk>/audio/", records.interview_audio, name="interview_audio"),
    path("documentation/", records.gallery, name="gallery"),
    path("documentation/new/", records.documentation_add, name="documentation_add"),
    path(
        "documentation/<uuid:pk>/<str:variant>/",
        records.documentation_file,
        name="documentation_file",
    ),
    path("coding/", coding.coding_home, name="coding_home"),
    path(C, coding.coding_overview, name="coding"),
    path(C + "codes/new/", coding.code_add, name="code_add"),
    path(C + "codebook.qdc", coding.codebook_export, name="codebook_export"),
    path(C + "codebook/import/", coding.codebook_import, name="codebook_import"),
    path(C + "codebook/start/", coding.codebook_start, name="codebook_start"),
    path(C + "project.qdpx", coding.project_export, name="project_export"),
    path(C + "open/", coding.source_open, name="source_open"),
    path(C + "analysis/", coding.analysis, name="analysis"),
    path("coding/texts/<uuid:pk>/", coding.document_detail, name="document"),
    path("coding/codings/<uuid:pk>/delete/", coding.coding_delete, name="coding_delete"),
    path("coding/codes/<uuid:pk>/", coding.code_detail, name="code"),
]

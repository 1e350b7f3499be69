from django.urls import path

from kombel.participation.views import feedback, forum, joining

app_name = "participation"
urlpatterns = [
    path("", forum.forum, name="forum"),
    path("spaces/<uuid:pk>/", forum.space, name="space"),
    path("spaces/<uuid:pk>/new/", forum.thread_create, name="thread_create"),
    path("threads/<uuid:pk>/", forum.thread, name="thread"),
    path("threads/<uuid:pk>/flag/", forum.thread_flag, name="thread_flag"),
    path("posts/<uuid:pk>/hide/", forum.post_hide, name="post_hide"),
    path("posts/<uuid:pk>/show/", forum.post_show, name="post_show"),
    path("posts/<uuid:pk>/report/", forum.post_report, name="post_report"),
    path("posts/<uuid:pk>/photo/<str:variant>/", forum.post_photo, name="post_photo"),
    path("moderation/", forum.moderation, name="moderation"),
    path("moderation/<uuid:pk>/keep/", forum.report_resolve, name="report_resolve"),
    path("invitations/", joining.invitations, name="invitations"),
    path("invitations/<uuid:pk>/", joining.invitation_detail, name="invitation"),
    path("invitations/<uuid:pk>/renew/", joining.invitation_renew, name="invitation_renew"),
    path("invitations/<uuid:pk>/revoke/", joining.invitation_revoke, name="invitation_revoke"),
    path("me/", joining.me, name="me"),
    path("me/consent/", joining.consent_give, name="consent_give"),
    path("me/consent/withdraw/", joining.consent_withdraw, name="consent_withdraw"),
    path("me/data.json", joining.own_data_json, name="own_data_json"),
    path("me/data.zip", joining.own_data_zip, name="own_data_zip"),
    path("me/delete/", joining.deletion_request, name="deletion_request"),
    path("requests/", joining.requests, name="requests"),
    path("requests/<uuid:pk>/complete/", joining.request_complete, name="request_complete"),
    path("feedback/", feedback.feedback, name="feedback"),
    path("feedback/summary/", feedback.feedback_summary, name="feedback_summary"),
    path("local/", feedback.inputs, name="inputs"),
    path("local/<uuid:pk>/", feedback.input_detail, name="input"),
    path("meetings/", feedback.meetings, name="meetings"),
    path("meetings/<uuid:pk>/", feedback.meeting, name="meeting"),
    path("figures/", feedback.figures, name="figures"),
]

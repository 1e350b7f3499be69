from django.contrib.auth import views as auth_views
from django.urls import path

from kombel.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", views.set_language, name="set_language"),
    path("me/", views.account, name="account"),
    path("me/notices/", views.notices, name="notices"),
    path("me/feed-token/", views.feed_token_rotate_view, name="feed_token_rotate"),
    path("me/phone/", views.phone_confirm_view, name="phone_confirm"),
    path("me/email/send/", views.email_confirmation_resend, name="email_confirmation_send"),
    path("me/email/<str:token>/", views.email_confirm_view, name="email_confirm"),
    path("me/tokens/<uuid:token_id>/revoke/", views.token_revoke_view, name="token_revoke"),
    path("login/code/", views.login_code, name="login_code"),
    path("password/new/", views.password_set, name="password_set"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from kombel.accounts.forms import AccountForm, LoginForm
from kombel.accounts.services import account_update, feed_token_rotate
from kombel.core.forms import apply_service_errors
from kombel.schools.http import AuthenticatedHttpRequest


def _remember_language(response: HttpResponse, language: str) -> None:
    """Set the language cookie for a year, so the choice survives the session."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        # The user's own language follows them to every device they log in on.
        _remember_language(response, form.get_user().language)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    response = django_set_language(request)
    language = request.POST.get("language", "")
    user = request.user
    if user.is_authenticated and language in dict(settings.LANGUAGES):
        user.language = language
        user.save(update_fields=["language"])
    return response


def _feed_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("feeds:user", kwargs={"token": token}))


@login_required
def account(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    initial = {
        "full_name": user.full_name,
        "phone": user.phone,
        "email": user.email,
        "language": user.language,
    }
    form = AccountForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            account_update(user=user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            response = redirect("accounts:account")
            translation.activate(user.language)
            messages.success(request, _("Saved."))
            _remember_language(response, user.language)
            return response
        user.refresh_from_db()
    context = {"form": form, "feed_url": _feed_url(request, user.feed_token)}
    return render(request, "accounts/account.html", context)


@login_required
@require_POST
def feed_token_rotate_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    feed_token_rotate(user=request.user)
    messages.success(
        request,
        _("Your calendar address changed. Subscribe again with the new one on your devices."),
    )
    return redirect("accounts:account")

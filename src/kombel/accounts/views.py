from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from kombel.accounts.forms import (
    AccountForm,
    ConfirmedAddressPasswordResetForm,
    LoginCodeForm,
    LoginForm,
    NewPasswordForm,
    PhoneConfirmForm,
)
from kombel.accounts.models import ApiToken, User
from kombel.accounts.services import (
    ContactChange,
    account_update,
    api_tokens_for_user,
    email_confirm,
    email_confirmation_send,
    feed_token_rotate,
    notices_read,
    password_change_complete,
    phone_code_link,
    phone_confirm,
    token_revoke,
)
from kombel.core.forms import apply_service_errors
from kombel.core.http import one_or_404
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


def login_code(request: HttpRequest) -> HttpResponse:
    """Log in once with a code from the school; the next page asks for a new password."""
    initial = {"username": request.GET.get("username", ""), "code": request.GET.get("code", "")}
    form = LoginCodeForm(request, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and form.user is not None:
        login(request, form.user, backend="kombel.accounts.backends.LoginCodeBackend")
        response = redirect("accounts:password_set")
        _remember_language(response, form.user.language)
        return response
    return render(request, "accounts/login_code.html", {"form": form})


@login_required
def password_set(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A new password without the old one: after a login with a one-time code."""
    if not request.user.must_change_password:
        return redirect("accounts:password_change")
    form = NewPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        password_change_complete(actor=user, user=user)
        update_session_auth_hash(request, user)
        messages.success(request, _("Your new password is set."))
        return redirect("home")
    return render(request, "accounts/password_set.html", {"form": form})


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        password_change_complete(actor=form.user, user=form.user)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    form_class = ConfirmedAddressPasswordResetForm


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        password_change_complete(actor=form.user, user=form.user)
        return response


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


def _change_messages(request: HttpRequest, change: ContactChange) -> None:
    if change.email_sent_to:
        messages.info(
            request,
            _("We sent a link to %(email)s: the address is used once it is opened.")
            % {"email": change.email_sent_to},
        )


def _account_initial(user: User) -> dict[str, str]:
    # What waits for confirmation is shown: saving the form again asks for nothing new.
    return {
        "full_name": user.full_name,
        "phone": user.pending_phone or user.phone,
        "email": user.pending_email or user.email,
        "language": user.language,
    }


@login_required
def account(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = AccountForm(request.POST or None, initial=_account_initial(user))
    phone_link = ""
    if request.method == "POST" and form.is_valid():
        try:
            change = account_update(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            translation.activate(user.language)
            _change_messages(request, change)
            if not change.phone_code:
                response = redirect("accounts:account")
                messages.success(request, _("Saved."))
                _remember_language(response, user.language)
                return response
            # The code is shown this once: on this response, never stored in clear.
            phone_link = phone_code_link(change, user)
        user.refresh_from_db()
        if phone_link:
            form = AccountForm(initial=_account_initial(user))
    context: dict[str, Any] = {
        "form": form,
        "feed_url": _feed_url(request, user.feed_token),
        "phone_link": phone_link,
        "phone_form": PhoneConfirmForm() if user.pending_phone else None,
        "tokens": api_tokens_for_user(user),
        "idle_days": settings.API_TOKEN_IDLE_DAYS,
        "notices": user.notices.filter(url="")[:10],
    }
    return render(request, "accounts/account.html", context)


@login_required
@require_POST
def phone_confirm_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PhoneConfirmForm(request.POST)
    if form.is_valid():
        try:
            phone_confirm(actor=request.user, code=form.cleaned_data["code"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Your new WhatsApp number is confirmed."))
    return redirect("accounts:account")


@login_required
def email_confirm_view(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    """The link from the e-mail: a button, so that a mail scanner opening it confirms nothing."""
    if request.method == "POST":
        try:
            email_confirm(actor=request.user, token=token)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Your e-mail address is confirmed."))
        return redirect("accounts:account")
    return render(request, "accounts/email_confirm.html")


@login_required
@require_POST
def email_confirmation_resend(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    address = user.pending_email or (user.email if user.email_confirmed_at is None else "")
    if address:
        email_confirmation_send(user=user, address=address)
        messages.info(request, _("We sent a new link to %(email)s.") % {"email": address})
    return redirect("accounts:account")


@login_required
@require_POST
def token_revoke_view(request: AuthenticatedHttpRequest, token_id: str) -> HttpResponse:
    token = one_or_404(ApiToken.objects.filter(user=request.user), token_id)
    token_revoke(actor=request.user, token=token)
    messages.success(request, _("The device's access was revoked."))
    return redirect("accounts:account")


@login_required
@require_POST
def feed_token_rotate_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    feed_token_rotate(user=request.user)
    messages.success(
        request,
        _("Your calendar address changed. Subscribe again with the new one on your devices."),
    )
    return redirect("accounts:account")


@login_required
def notices(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Everything the person was told (reminders, moved or cancelled activities, their account),
    newest first; opening the page marks them read."""
    page = Paginator(request.user.notices.all(), 30).get_page(request.GET.get("page"))
    unread = {n.pk for n in page if n.read_at is None}
    notices_read(user=request.user)
    return render(request, "accounts/notices.html", {"page": page, "unread": unread})

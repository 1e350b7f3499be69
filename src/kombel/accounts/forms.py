from collections.abc import Iterator
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kombel.accounts.models import User


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong username or password. Both are case-sensitive."),
        "inactive": _("This account is inactive."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Our own words, not Django's ("Sandi"): the same "kata sandi" as everywhere else.
        self.fields["password"].label = pgettext_lazy("account", "Password")


class NewPasswordForm(SetPasswordForm):  # type: ignore[type-arg]
    """Django's form to set a password, in the words Kombel uses everywhere."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = pgettext_lazy("account", "New password")
        self.fields["new_password2"].label = pgettext_lazy("account", "New password again")


class LoginCodeForm(forms.Form):
    """Log in once with a code the school sent by WhatsApp (then set a password)."""

    username = forms.CharField(label=_("Username"), max_length=150)
    code = forms.CharField(label=_("Code"), max_length=20, help_text=_("e.g. ABCD-2345"))

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.user: User | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("username") and data.get("code"):
            # Through authenticate: a wrong code counts towards the login lockout.
            user = authenticate(self.request, username=data["username"], login_code=data["code"])
            if user is None:
                raise forms.ValidationError(
                    _("Wrong username or code, or the code expired or was used already.")
                )
            self.user = user
        return data


class AccountForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    phone = forms.CharField(
        label=_("WhatsApp number"),
        required=False,
        max_length=20,
        help_text=_("e.g. 081234567890. A new number is used once you confirm it with a code."),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("A new address is used once you open the link we send to it."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class PhoneConfirmForm(forms.Form):
    code = forms.CharField(
        label=_("Code from WhatsApp"), max_length=10, help_text=_("Six digits, e.g. 123456")
    )


class ConfirmedAddressPasswordResetForm(PasswordResetForm):
    """Reset links go only to an address its owner confirmed (accounts.services)."""

    def get_users(self, email: str) -> Iterator[Any]:
        for user in super().get_users(email):
            if user.email_confirmed_at is not None:
                yield user

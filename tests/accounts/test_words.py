"""The account pages say "kata sandi", as everything else does (Django's own words are "sandi")."""

import re

from django.utils import translation

from kombel.accounts.forms import LoginForm, NewPasswordForm


def test_login_says_kata_sandi(client, settings, db):  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "id"
    html = client.get("/accounts/login/").content.decode()
    labels = re.findall(r"<label[^>]*>([^<]*)<", html)
    assert "Kata sandi" in [label.strip().rstrip(":") for label in labels]
    assert not [label for label in labels if label.strip().startswith("Sandi")]


def test_setting_a_password_says_kata_sandi(django_user_model, db):  # type: ignore[no-untyped-def]
    with translation.override("id"):
        login = LoginForm()
        new = NewPasswordForm(django_user_model())
        labels = [str(login.fields["password"].label)] + [str(f.label) for f in new.fields.values()]
    assert labels == ["Kata sandi", "Kata sandi baru", "Ulangi kata sandi baru"]

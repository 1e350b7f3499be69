import secrets

from django.contrib.auth import authenticate
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from kombel.accounts.models import ApiToken, User, hash_token, normalize_phone
from kombel.core.audit import log_action


def token_create(*, request: HttpRequest, username: str, password: str) -> str | None:
    """Exchange a username and password for a new API token (None when they do not match).

    Goes through `authenticate` so that axes counts failures and locks out as on the login page.
    """
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_active:
        return None
    raw = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, key_hash=hash_token(raw), name="api")
    log_action("accounts.token.created", actor=user)
    return raw


def user_for_token(raw: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def account_update(*, user: User, full_name: str, phone: str, email: str, language: str) -> User:
    """A person edits their own name, WhatsApp number, e-mail and language."""
    user.full_name = full_name.strip()
    user.phone = normalize_phone(phone)
    user.email = email.strip()
    user.language = language
    user.full_clean()
    with transaction.atomic():
        user.save(update_fields=["full_name", "phone", "email", "language"])
        log_action("accounts.user.updated", actor=user, obj=user)
    return user


def feed_token_rotate(*, user: User) -> str:
    """A new calendar feed secret: phones subscribed with the old address stop receiving."""
    user.feed_token = secrets.token_urlsafe()
    with transaction.atomic():
        user.save(update_fields=["feed_token"])
        log_action("accounts.feed_token.rotated", actor=user, obj=user)
    return user.feed_token

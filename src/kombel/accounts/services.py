import secrets

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils import timezone

from kombel.accounts.models import ApiToken, User, hash_token
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
    log_action("accounts.token.created", user=user)
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

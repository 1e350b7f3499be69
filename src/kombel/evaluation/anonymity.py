"""The one keyed hash that stands for a respondent in an anonymous wave."""

import hashlib
import hmac
from typing import Any

from django.conf import settings


def respondent_key(wave: Any, user: Any) -> str:
    """A keyed hash of (wave, person): the same person gets the same key in the same wave, and
    nobody without the server's secret can tell whose it is."""
    message = f"evaluation-respondent:{wave.pk}:{user.pk}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()

"""Test settings: kombel.settings with only what tests need changed (fast hasher, immediate
tasks, mail kept in memory, media apart, plain static files, no https redirect)."""

import os

os.environ.setdefault("DEBUG", "0")
# Production settings refuse to start without a key of their own (this one is public: tests only).
os.environ.setdefault("SECRET_KEY", "kombel-tests-only-secret-key-0123456789-abcdefghijklmnop")

from kombel.settings import *  # noqa: F403
from kombel.settings import STORAGES, VAR_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = VAR_DIR / "test-media"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
SECURE_SSL_REDIRECT = False
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Each test client builds the middleware chain anew; WhiteNoise would then read every static file
# (about a tenth of a second per test). Looked up on request instead.
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not shared memory: several connections (threads of the concurrency tests, the
    # live server of the browser tests) then lock as in production (WAL, busy timeout).
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-kombel.sqlite3")}  # noqa: F405

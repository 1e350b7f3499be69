"""Kombel settings: one file, driven by environment variables (see README)."""

import os
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("KOMBEL_VAR_DIR", PROJECT_DIR / "var"))


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)
_DEV_SECRET = "kombel-development-secret-key-not-for-production"  # noqa: S105
# Keys anyone can read in this repository: sessions, password reset links and signed e-mail
# confirmations made with them can be forged.
_PUBLIC_SECRETS = {"", _DEV_SECRET, "change-me-to-a-long-random-string"}
SECRET_KEY = os.environ.get("SECRET_KEY", "").strip() or _DEV_SECRET
# Commands that only read the code (no request served, nothing signed) need no key of their own.
_CODE_ONLY_COMMANDS = {"makemigrations", "showmigrations", "sqlmigrate"}
_CODE_ONLY = bool(set(sys.argv[1:2]) & _CODE_ONLY_COMMANDS)
if not DEBUG and SECRET_KEY in _PUBLIC_SECRETS and not _CODE_ONLY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set (or is the development key): set it to a long random string, "
        'e.g. python3 -c "import secrets; print(secrets.token_urlsafe(64))". '
        "Only a development copy (DEBUG=1) runs without one."
    )
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "csp",
    "django_htmx",
    "ninja",  # serves the API docs (Swagger UI) from static files, not a CDN
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "kombel.core",
    "kombel.accounts",
    "kombel.schools",
    "kombel.programs",
    "kombel.followups",
    "kombel.workshops",
    "kombel.communities",
    "kombel.evaluation",
    "kombel.lessons",
    "kombel.participation",
    "kombel.observations",
    "kombel.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kombel.core.middleware.RequestSizeLimitMiddleware",
    "kombel.accounts.middleware.BearerTokenMiddleware",
    "kombel.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "kombel.core.middleware.DraftMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "kombel.schools.middleware.SchoolScopeMiddleware",
]

ROOT_URLCONF = "kombel.urls"
WSGI_APPLICATION = "kombel.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
# Connections are kept (and checked before reuse): a new connection per request cost more than
# most pages' own queries (SQLite's PRAGMAs, PostgreSQL's handshake).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'kombel.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker write while the web server reads.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Sessions and each user's roles are read from the cache, not the database, on every request.
# One host: files under var/ shared by every worker; several hosts: set a shared cache (Redis).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "kombel.accounts.backends.LoginCodeBackend",
    "kombel.participation.backends.PhoneUsernameBackend",  # 0812-..., +62 812... = 0812...
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lock out a username from one address after repeated failures: a whole staff room shares
# one school Wi-Fi address, so the address alone must never lock out everyone.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "kombel.participation.phones.axes_username"  # one count per phone number
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_IPWARE_PROXY_COUNT = envint("PROXY_COUNT", 0)
AXES_ENABLED = envbool("AXES_ENABLED", True)

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Jakarta"
FORMAT_MODULE_PATH = ["kombel.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# kombel.css, kombel.js and vendor/htmx.min.js live in the package, not in an app.
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Limits of one request (README, "Limits"): a file at most 10 MB, at most 5 files and 20 MB
# together (kombel.core.uploads, RequestSizeLimitMiddleware); form fields and JSON 2.5 MB.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# A hard stop above the 5 files the forms accept (those get a message next to the field).
DATA_UPLOAD_MAX_NUMBER_FILES = 10

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Kombel <kombel@localhost>")

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Production defaults pass `kombel check --deploy`; set SECURE_HSTS_PRELOAD=0 on a domain that
# will not be submitted to the browsers' HSTS preload list.
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30  # teachers stay logged in on their own phones

# Strict CSP: no inline scripts or styles anywhere (templates use static files only).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

NINJA_PAGINATION_PER_PAGE = 50
# An API token unused for this many days stops working (its owner logs in again).
API_TOKEN_IDLE_DAYS = envint("API_TOKEN_IDLE_DAYS", 30)
# How long the API remembers deleted rows for offline clients (core.sync; `kombel purge-deletions`).
SYNC_DELETIONS_KEEP_DAYS = envint("SYNC_DELETIONS_KEEP_DAYS", 90)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

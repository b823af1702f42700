"""The one settings file. Everything that differs between machines comes from the environment."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.checks.security.base import (  # type: ignore[attr-defined]  # not in the stubs
    _check_secret_key as _django_strong_key,
)
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CASESCREEN_VAR_DIR", BASE_DIR / "var"))


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = _env_bool("DEBUG", False)
_DEV_SECRET = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET)
# Production mode is anything that is not explicitly development: refuse to run
# with the built-in key unless DEBUG is on or CASESCREEN_DEV says so (tests, demo).
if SECRET_KEY == _DEV_SECRET and not (DEBUG or _env_bool("CASESCREEN_DEV", False)):
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Set SECRET_KEY to a long random value in production, "
        "or set DEBUG=true or CASESCREEN_DEV=true for development."
    )
# Django's own rule for a strong key (the deploy check's security.W009: length, distinct
# characters, not a key Django generated as a placeholder), refused here rather than warned
# about, plus the placeholders people copy from examples. The development key is refused
# above outside development.
_PLACEHOLDERS = ("changeme", "change-me", "change_me", "replace-me", "your-secret-key")
if SECRET_KEY != _DEV_SECRET and (
    not _django_strong_key(SECRET_KEY) or any(word in SECRET_KEY.lower() for word in _PLACEHOLDERS)
):
    raise ImproperlyConfigured(
        f"SECRET_KEY is weak: it must have at least {SECRET_KEY_MIN_LENGTH} characters, "
        f"at least {SECRET_KEY_MIN_UNIQUE_CHARACTERS} different ones, and be no placeholder "
        f"(such as {SECRET_KEY_INSECURE_PREFIX!r} or 'changeme'). Generate one with "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )

ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS", "")
# A form refused by the CSRF check gets a page in the service's look saying what to do.
CSRF_FAILURE_VIEW = "casescreen.lib.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "axes",
    "csp",
    "casescreen.accounts",
    "casescreen.audit",
    "casescreen.frameworks",
    "casescreen.dataprotection",
    "casescreen.inspections",
    "casescreen.notifications",
    "casescreen.cases",
    "casescreen.assessments",
    "casescreen.findings",
    "casescreen.sampling",
    "casescreen.fieldwork",
    "casescreen.moderation",
    "casescreen.quality",
    "casescreen.reports",
    "casescreen.reoffending",
    "casescreen.programme",
    "casescreen.authoring",
    "casescreen.selfassessment",
    "casescreen.web",
    "casescreen.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language of each request: the language cookie the switch at the top of every
    # page sets, else the browser's preference, else English.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "casescreen.web.middleware.NoStoreForSignedInMiddleware",
    # Django's LoginRequiredMiddleware, keeping a page of answers sent after a sign-out.
    "casescreen.accounts.kept_post.SignInRequiredMiddleware",
    "casescreen.accounts.middleware.SessionRenewalMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "casescreen.urls"
WSGI_APPLICATION = "casescreen.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "casescreen.accounts.context_processors.session_timeout",
            ],
        },
    },
]

# Forms render from the project's templates: GOV.UK markup for every field (templates/govuk/).
FORM_RENDERER = "casescreen.lib.forms.GovukFormRenderer"

# The cache holds the sessions. Local memory is one process's own: a session ended in
# one process (signing out) would live on in the others' memory, so outside
# development, where gunicorn runs several workers, the cache is Redis, shared by all.
_redis_url = os.environ.get("REDIS_URL", "")
if _redis_url:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _redis_url,
        }
    }
elif DEBUG or _env_bool("CASESCREEN_DEV", False):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured(
        "REDIS_URL is not set. Set it (redis://host:6379/0) in production, where the "
        "processes serving requests share the sessions through Redis, or set "
        "CASESCREEN_DEV=true for development."
    )

_database_url = os.environ.get("DATABASE_URL", "")
if _database_url:
    # Connections are kept between requests; the health check at the start of each request
    # replaces one the server has dropped (a restart, a killed backend) before it is used,
    # so that no user request fails on it.
    DATABASES = {
        "default": dj_database_url.parse(_database_url, conn_max_age=60, conn_health_checks=True)
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Parameters bound by the server, and a statement that has run five times on a
        # connection is prepared: PostgreSQL then skips parsing and planning it, which is
        # most of its work for the short statements of an answer save. A pooler in transaction
        # mode cannot keep prepared statements: DATABASE_PREPARED_STATEMENTS=false.
        DATABASES["default"]["OPTIONS"] = {
            "server_side_binding": True,
            "prepare_threshold": 5 if _env_bool("DATABASE_PREPARED_STATEMENTS", True) else None,
            **DATABASES["default"].get("OPTIONS", {}),  # those given in the URL win
        }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(VAR_DIR / "casescreen.sqlite3")),
            "OPTIONS": {
                # WAL and a busy timeout let a web request and a command share the file.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after inactivity. SessionRenewalMiddleware renews the clock at most
# once a minute rather than writing the session on every request, so a session
# ends between SESSION_COOKIE_AGE - 60 and SESSION_COOKIE_AGE seconds after the
# last request.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", str(30 * 60)))
# Every signed-in request reads its session: from the cache, and from the database
# only when the cache has lost it. Sessions are written to both.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Sign-in throttling.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
# A lock holds one user name at one address: failures for one name (real or not) do not
# lock the others signing in from the same office or proxy, nor the name everywhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Proxies in front of the service that append to X-Forwarded-For; with none the header is
# ignored, since the client writes it (casescreen/accounts/addresses.py).
try:
    TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
except ValueError:
    TRUSTED_PROXY_COUNT = -1
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be a whole number, 0 or more.")
AXES_CLIENT_IP_CALLABLE = "casescreen.accounts.addresses.client_ip"
AXES_USERNAME_CALLABLE = "casescreen.accounts.addresses.lockout_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

_secure = not DEBUG and not _env_bool("CASESCREEN_DEV", False)
SESSION_COOKIE_SECURE = _secure
CSRF_COOKIE_SECURE = _secure
SECURE_SSL_REDIRECT = _secure and _env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if _secure else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _secure
SECURE_HSTS_PRELOAD = _secure
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Content Security Policy: scripts, styles, images and fonts from our own origin
# only; no inline script or style attribute anywhere (GOV.UK Frontend needs none).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}

# The service speaks English and Welsh on equal terms. The words of both are in the
# project's catalogue (locale/), which also fills the gaps of Django's own Welsh.
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "casescreen_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = _secure
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Set STATIC_ROOT where `casescreen collectstatic` should gather files for deployment;
# without it whitenoise serves straight from the app folders.
STATIC_ROOT = os.environ.get("STATIC_ROOT") or None
STATICFILES_DIRS = [BASE_DIR / "casescreen" / "static"]
# The files of a published report (HTML, PDF, Word) are written once, at publication,
# and served as stored from then on: they are the record. On disk by default; in an
# S3-compatible store with REPORT_STORAGE=s3 (credentials from the usual
# AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, read by the client library itself).
REPORT_STORAGE = os.environ.get("REPORT_STORAGE", "filesystem").strip().lower()
if REPORT_STORAGE == "filesystem":
    _report_files: dict[str, object] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": os.environ.get("REPORT_FILES_DIR", str(VAR_DIR / "report-files")),
            "base_url": None,
            "file_permissions_mode": 0o640,
            "directory_permissions_mode": 0o750,
        },
    }
elif REPORT_STORAGE == "s3":
    if not os.environ.get("REPORT_S3_BUCKET"):
        raise ImproperlyConfigured(
            "REPORT_STORAGE=s3 needs REPORT_S3_BUCKET, the bucket the published report files "
            "are kept in (and REPORT_S3_ENDPOINT_URL for a store other than Amazon S3)."
        )
    _report_files = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["REPORT_S3_BUCKET"],
            "endpoint_url": os.environ.get("REPORT_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("REPORT_S3_REGION") or None,
            "location": os.environ.get("REPORT_S3_PREFIX", "report-files"),
            # A published file is never replaced: a second write under its name is refused
            # by the storage's naming instead of overwriting the record.
            "file_overwrite": False,
            "default_acl": "private",
            "querystring_auth": True,
        },
    }
else:
    raise ImproperlyConfigured(
        f"REPORT_STORAGE is {REPORT_STORAGE!r}: use filesystem (the default) or s3."
    )

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "reports": _report_files,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# Groups smaller than this are not described in words in anything published.
CASESCREEN_DISCLOSURE_THRESHOLD = int(os.environ.get("CASESCREEN_DISCLOSURE_THRESHOLD", "3"))
# Fewer pairs of answers than this from a blind double assessment give "not enough cases"
# rather than agreement figures.
CASESCREEN_AGREEMENT_MIN_PAIRS = int(os.environ.get("CASESCREEN_AGREEMENT_MIN_PAIRS", "10"))
# Months after publication when personal data of an inspection's cases is purged.
CASESCREEN_RETENTION_MONTHS = int(os.environ.get("CASESCREEN_RETENTION_MONTHS", "12"))

# Every uploaded workbook (casescreen/web/workbook.py) is refused past this many cells in
# its first sheet, or this many seconds spent reading it, well inside the web server's
# 30-second request timeout.
CASESCREEN_XLSX_MAX_CELLS = int(os.environ.get("CASESCREEN_XLSX_MAX_CELLS", "200000"))
CASESCREEN_XLSX_MAX_SECONDS = float(os.environ.get("CASESCREEN_XLSX_MAX_SECONDS", "15"))

# Email: the announcement letter and the report's stages are sent to the YOT manager.
# Development and the demo print messages on the console; elsewhere they go by SMTP.
_dev = DEBUG or _env_bool("CASESCREEN_DEV", False)
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if _dev
    else "django.core.mail.backends.smtp.EmailBackend",
)
# Where the file backend (django.core.mail.backends.filebased.EmailBackend) writes.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "emails"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", False)
# An unreachable mail server fails the sending within this many seconds; the sending is
# recorded as not sent and can be retried.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "casescreen@localhost")
# The address of the service as the YOT manager reaches it: links in emails start with it.
CASESCREEN_SITE_URL = os.environ.get("CASESCREEN_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The announcement letter asks for the case list this many working days (Monday to
# Friday) before fieldwork starts.
CASESCREEN_CASE_LIST_WORKING_DAYS = int(os.environ.get("CASESCREEN_CASE_LIST_WORKING_DAYS", "5"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

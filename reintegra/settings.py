"""Reintegra settings: one module, built from the environment.

DATABASE_URL unset means the SQLite file in var/; set, it may point at PostgreSQL.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from languages.purposes import RTL_LANGUAGES
from reintegra.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("REINTEGRA_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)  # the SQLite file, keys, backups

DEBUG = env_bool("DJANGO_DEBUG", False)
TESTING = env_bool("REINTEGRA_TESTING", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or env_bool("REINTEGRA_TESTING", False):
        # Development and tests only: never used when DEBUG is off outside tests.
        SECRET_KEY = "insecure-dev-key-do-not-use-in-production"  # noqa: S105
    else:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "vault",
    "languages",
    "accounts",
    "participants",
    "assessments",
    "markets",
    "catalogue",
    "plans",
    "scheduling",
    "training",
    "certificates",
    "returns",
    "funding",
    "reporting",
    "privacy",
    "feedback",
    "backups",
    "portal",
    "cases",
    "notifications",
    "demo",
]

MIDDLEWARE = [
    # First: a body larger than REINTEGRA_MAX_REQUEST_MB is refused (413) before anything reads it.
    "accounts.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "accounts.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.request_context.RequestContextMiddleware",
    # Last, as django-axes asks: turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# The largest request body accepted: the largest upload (attendance scans, 15 MB) plus the form around it.
REINTEGRA_MAX_REQUEST_MB = env_int("REINTEGRA_MAX_REQUEST_MB", 16)

ROOT_URLCONF = "reintegra.urls"
WSGI_APPLICATION = "reintegra.wsgi.application"

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
                "accounts.context_processors.navigation",
            ],
        },
    },
]

_DEFAULT_SQLITE = f"sqlite:///{VAR_DIR / 'reintegra.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL", _DEFAULT_SQLITE))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
    DATABASES["default"]["TEST"] = {"NAME": ""}  # in-memory for tests

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# django-axes first: it refuses a locked-out username+address before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling: after AXES_FAILURE_LIMIT wrong passwords for one username from one
# address, that pair is locked out for AXES_COOLOFF_MINUTES. The address is REMOTE_ADDR
# (django-ipware is not installed), so behind a reverse proxy set AXES_CLIENT_IP_CALLABLE.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
_AXES_COOLOFF_MINUTES = env_int("AXES_COOLOFF_MINUTES", 30)
AXES_COOLOFF_TIME = timedelta(minutes=_AXES_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout"
if AXES_FAILURE_LIMIT < 1 or _AXES_COOLOFF_MINUTES < 1:
    raise ImproperlyConfigured("AXES_FAILURE_LIMIT and AXES_COOLOFF_MINUTES must be positive")

# Two-factor authentication (TOTP) for every staff role; see accounts/policy.py.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Reintegra")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: German is the default for staff, English the second staff
# language; participant-facing languages join in the portal issue.
LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The participant portal reads in 13 languages (languages/purposes.py), chosen per participant
# and activated by the portal's views only; staff pages stay in LANGUAGES. Django lacks
# Kurmanji, Pashto and Tigrinya: named here so that activate() and get_language_info() work.
import django.conf.locale  # noqa: E402

django.conf.locale.LANG_INFO.update({
    "ku": {"bidi": False, "code": "ku", "name": "Kurdish (Kurmanji)", "name_local": "Kurdî (Kurmancî)"},
    "ps": {"bidi": True, "code": "ps", "name": "Pashto", "name_local": "پښتو"},
    "ti": {"bidi": False, "code": "ti", "name": "Tigrinya", "name_local": "ትግርኛ"},
})
LANGUAGES_BIDI = sorted(RTL_LANGUAGES)  # one RTL set for Django and Reintegra
FORMAT_MODULE_PATH = ["reintegra.formats"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded and generated files live outside the web root and are served only by
# access-checked views (MEDIA_ROOT: the production block at the end).

# Sessions end after SESSION_IDLE_MINUTES without a request: every request moves the
# expiry forward, and the database session is refused once it has passed.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# On by default in production; off for DEBUG (the demo serves http://127.0.0.1) and tests.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG and not TESTING)
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Behind a reverse proxy that terminates TLS (and overwrites X-Forwarded-Proto), so that
# SECURE_SSL_REDIRECT does not loop. Never set it without such a proxy: the header is spoofable.
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# django-csp 4. No 'unsafe-inline' anywhere: styles live in static/css, scripts in static/;
# base.html tells htmx not to inject its indicator styles. img-src allows data: for the
# TOTP enrolment QR code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}

# `make demo` only: show the demo authenticator's current code on the login code page.
REINTEGRA_LOGIN_HINT = "demo.totp.login_hint" if env_bool("REINTEGRA_DEMO", False) else ""

# Name of the provider as printed on documents.
REINTEGRA_PROVIDER_NAME = env_str("REINTEGRA_PROVIDER_NAME", "Reintegra Bildungswerk Bayern gGmbH")
REINTEGRA_PROGRAMME_NAME = env_str(
    "REINTEGRA_PROGRAMME_NAME", "Reintegrationscoaching mit individueller Qualifizierung"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # WeasyPrint and fontTools report every layout step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django-axes announces itself at every start; its login failures stay at INFO.
        "axes.apps": {"level": "WARNING"},
    },
}

# Privacy (privacy/README.md): keys that encrypt special-category fields at rest, and
# how long a participant's data is kept. REINTEGRA_FIELD_KEYS is a comma-separated list
# of Fernet keys: the first encrypts, all decrypt, so a new key goes first on rotation.
REINTEGRA_FIELD_KEYS = env_list("REINTEGRA_FIELD_KEYS", [])
if not REINTEGRA_FIELD_KEYS:
    if DEBUG or env_bool("REINTEGRA_TESTING", False):
        # Development and tests only: a key derived from SECRET_KEY, so a new secret
        # makes earlier development data unreadable.
        import base64
        import hashlib

        REINTEGRA_FIELD_KEYS = [
            base64.urlsafe_b64encode(hashlib.sha256(f"reintegra-field-key:{SECRET_KEY}".encode()).digest()).decode()
        ]
    else:
        raise ImproperlyConfigured("REINTEGRA_FIELD_KEYS must be set when DJANGO_DEBUG is off")
else:
    from cryptography.fernet import Fernet

    for _position, _key in enumerate(REINTEGRA_FIELD_KEYS, start=1):
        try:
            Fernet(_key)
        except ValueError as _error:  # never echo the key itself
            raise ImproperlyConfigured(
                f"REINTEGRA_FIELD_KEYS: key {_position} is not a Fernet key (32 url-safe base64 bytes)"
            ) from _error
REINTEGRA_RETENTION_YEARS = env_int("REINTEGRA_RETENTION_YEARS", 10)
if REINTEGRA_RETENTION_YEARS < 1:
    raise ImproperlyConfigured("REINTEGRA_RETENTION_YEARS must be at least 1")

# Attendance a certificate needs, in percent (training/rules.py); below it, or without a
# passed practical check, a confirmation of attendance is issued instead.
REINTEGRA_ATTENDANCE_THRESHOLD = env_int("REINTEGRA_ATTENDANCE_THRESHOLD", 80)
if not 1 <= REINTEGRA_ATTENDANCE_THRESHOLD <= 100:
    raise ImproperlyConfigured("REINTEGRA_ATTENDANCE_THRESHOLD must be a percentage between 1 and 100")

# CP-SAT workers of an optimiser run (scheduling/optimiser.py). 1: the same input always gives
# the same proposal. 2 or more (up to the Celery worker's cores): CP-SAT's parallel portfolio
# solves whole groups of up to 2,000 people and finds far better proposals (scheduling/README.md),
# but which thread finds what first depends on timing, so two runs may differ.
REINTEGRA_SCHEDULER_WORKERS = env_int("REINTEGRA_SCHEDULER_WORKERS", 1)
if REINTEGRA_SCHEDULER_WORKERS < 1:
    raise ImproperlyConfigured("REINTEGRA_SCHEDULER_WORKERS must be 1 or more")

# Days the workshops close every year besides the public holidays of each site's state
# (scheduling/closed_days.py): "DD.MM" separated by commas; empty for none.
REINTEGRA_CLOSED_DAYS = env_list("REINTEGRA_CLOSED_DAYS", ["24.12", "31.12"])
for _day in REINTEGRA_CLOSED_DAYS:
    try:
        _dd, _mm = (int(_part) for _part in _day.rstrip(".").split("."))
        _checked = date(2024, _mm, _dd)  # a leap year: 29.02 is allowed
    except ValueError as _error:
        raise ImproperlyConfigured(f"REINTEGRA_CLOSED_DAYS: not a day of the year (DD.MM): {_day!r}") from _error

# Reporting (reporting/suppression.py): the totals of a period with at least this many entrants
# are always shown to funders; below it they are protected like every breakdown cell.
REINTEGRA_REPORTING_MIN_ENTRANTS = env_int("REINTEGRA_REPORTING_MIN_ENTRANTS", 10)
if REINTEGRA_REPORTING_MIN_ENTRANTS < 1:
    raise ImproperlyConfigured("REINTEGRA_REPORTING_MIN_ENTRANTS must be at least 1")

# Certificates (certificates/README.md): the public address of this installation, as
# printed in QR codes and written into signed credentials (issuer id, status list,
# verification page). It must stay stable: credentials name it for ever.
REINTEGRA_PUBLIC_URL = env_str("REINTEGRA_PUBLIC_URL", "http://localhost:8000").rstrip("/")
if not REINTEGRA_PUBLIC_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured("REINTEGRA_PUBLIC_URL must start with https:// (http:// only for development)")

# Background jobs (jobs/, scheduling/jobs.py): with CELERY_BROKER_URL set (production:
# redis://127.0.0.1:6379/0) they go to a Celery worker (`celery -A reintegra worker`, the app
# is reintegra/celery.py); without it they run in a thread of this process (demo). Tests run
# them in the caller's thread so they see the test's transaction.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", "") or None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Workers log through Django's LOGGING (JSON in production), not Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# One queue per installation, so that two installations sharing a Redis never take each other's jobs.
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "reintegra")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Daily jobs for `celery -A reintegra beat` (privacy/README.md, "Retention"):
# the retention run anonymises whose retention ended, daily at 03:15 UTC.
CELERY_BEAT_SCHEDULE = {
    "retention-run-daily": {
        "task": "privacy.retention_run",
        "schedule": __import__("celery.schedules").schedules.crontab(hour=3, minute=15),
    },
    # a signed checkpoint of the audit chain's head (accounts/audit.py), hourly
    "audit-checkpoint-hourly": {
        "task": "accounts.audit_checkpoint",
        "schedule": __import__("celery.schedules").schedules.crontab(minute=5),
    },
    # the stored "plan at risk" verdicts rebuilt before the counsellors' digest reads them
    # (scheduling/risk.py: writes keep them right; days passing change them without a write)
    "plan-risk-rebuild-daily": {
        "task": "scheduling.plan_risk_rebuild",
        "schedule": __import__("celery.schedules").schedules.crontab(hour=4, minute=45),
    },
    # Notifications (notifications/README.md): participants' reminders, certificates ready and
    # follow-ups due every quarter hour (each message once: a run twice sends nothing twice) …
    "notifications-participants": {
        "task": "notifications.send_due",
        "schedule": __import__("celery.schedules").schedules.crontab(minute="*/15"),
    },
    # … and the staff digests once a day, before work (05:30 UTC is 06:30 or 07:30 in Bavaria).
    "notifications-digests-daily": {
        "task": "notifications.send_digests",
        "schedule": __import__("celery.schedules").schedules.crontab(hour=5, minute=30),
    },
}
#: from this local hour on, the reminders for tomorrow's meetings go out (notifications)
REINTEGRA_REMINDER_HOUR = env_int("REINTEGRA_REMINDER_HOUR", 16)
if not 0 <= REINTEGRA_REMINDER_HOUR <= 23:
    raise ImproperlyConfigured("REINTEGRA_REMINDER_HOUR must be an hour from 0 to 23")
REINTEGRA_JOBS_INLINE = env_bool("REINTEGRA_JOBS_INLINE", not CELERY_BROKER_URL)
REINTEGRA_JOBS_SYNC = env_bool("REINTEGRA_JOBS_SYNC", TESTING)

# ---------------------------------------------------------------------------------------
# Production stack (issue 19, docs/operations.md): static files, connections, cache,
# storage, logs, health. Every name here is an environment variable listed in the docs.
# ---------------------------------------------------------------------------------------

# Static files: WhiteNoise serves them from the app server (compressed, hashed names that
# browsers may cache for ever), so DEBUG off needs no separate web server for /static/.
# `manage.py collectstatic` fills STATIC_ROOT; the demo and tests use the plain finders.
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                  "whitenoise.middleware.WhiteNoiseMiddleware")
STATIC_ROOT = Path(env_str("REINTEGRA_STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
_HASHED_STATIC = env_bool("REINTEGRA_HASHED_STATIC", not DEBUG and not TESTING)

# Uploaded and generated files (proofs, scans, print-run ZIPs, job inputs), always through
# Django's storage API (default_storage): REINTEGRA_STORAGE=filesystem (default) keeps them in
# a directory every app server and worker sees (the same path on one machine, a shared mount on
# several); REINTEGRA_STORAGE=s3 puts them in a private S3-compatible bucket through
# django-storages (`pip install '.[s3]'`; credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY
# or the machine's role, never from the repo).
MEDIA_ROOT = Path(env_str("REINTEGRA_MEDIA_ROOT", str(VAR_DIR / "private")))
MEDIA_ROOT.mkdir(mode=0o700, parents=True, exist_ok=True)
REINTEGRA_STORAGE = env_str("REINTEGRA_STORAGE", "filesystem")
_DEFAULT_STORAGE: dict[str, Any]
if REINTEGRA_STORAGE == "filesystem":
    _DEFAULT_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        # owner-only, like the directory: proofs and scans are personal data
        # (no "location": it follows MEDIA_ROOT, so a test that moves MEDIA_ROOT moves the storage too)
        "OPTIONS": {"file_permissions_mode": 0o600, "directory_permissions_mode": 0o700},
    }
elif REINTEGRA_STORAGE == "s3":
    _S3_BUCKET = env_str("REINTEGRA_S3_BUCKET", "")
    if not _S3_BUCKET:
        raise ImproperlyConfigured("REINTEGRA_S3_BUCKET must be set when REINTEGRA_STORAGE is s3")
    _DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _S3_BUCKET,
            "endpoint_url": env_str("REINTEGRA_S3_ENDPOINT_URL", "") or None,  # MinIO, Ceph, Hetzner, …
            "region_name": env_str("REINTEGRA_S3_REGION", "") or None,
            "location": env_str("REINTEGRA_S3_PREFIX", ""),
            # private objects, served only through the access-checked views (never a public URL)
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
            "object_parameters": {"ServerSideEncryption": "AES256"}
            if env_bool("REINTEGRA_S3_ENCRYPT", True) else {},
        },
    }
else:
    raise ImproperlyConfigured(f"REINTEGRA_STORAGE must be filesystem or s3, got {REINTEGRA_STORAGE!r}")
STORAGES = {
    "default": _DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if _HASHED_STATIC
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}

# Persistent PostgreSQL connections: each app-server process keeps its connection for
# DB_CONN_MAX_AGE seconds and checks it before reuse (a restarted database costs one error-free
# reconnect, not a failed request). Off for the demo and tests.
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 0 if DEBUG or TESTING else 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # PostgreSQL's JIT compiler pays off for long analytical scans, not for page queries: it
    # spent 1.5 s compiling a 30 ms query of the enrolment page whose estimate was high.
    # DB_JIT=on gives it back (the reporting queries switch it off for themselves either way).
    if not env_bool("DB_JIT", False):
        _options = DATABASES["default"].setdefault("OPTIONS", {})
        _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()

# Cache (and with it rate counters and health probes) in Redis when REDIS_URL is set, so
# that every app server sees the same; otherwise this process's memory (demo, tests).
REDIS_URL = env_str("REDIS_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "rz"}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
# Sessions stay in the database (django.contrib.sessions' default): any app server serves any
# user, and a Redis restart logs nobody out.

INSTALLED_APPS += ["health_check", "jobs"]
# Health: /health/ says the process answers; /ready/ checks what a request needs (database,
# cache, storage, disk space for files and backups, and with Celery a worker that answers).
# Plain http from the machine itself (a probe) is not redirected to https.
SECURE_REDIRECT_EXEMPT = [r"^health/$", r"^ready/$"]
REINTEGRA_DISK_MAX_PERCENT = env_int("REINTEGRA_DISK_MAX_PERCENT", 90)
if not 1 <= REINTEGRA_DISK_MAX_PERCENT <= 100:
    raise ImproperlyConfigured("REINTEGRA_DISK_MAX_PERCENT must be a percentage between 1 and 100")

# Logs: one JSON object a line in production (LOG_FORMAT=json, the default with DEBUG off),
# readable text for the demo. Records carry ids, never names or search terms: the request
# logger writes paths (which hold ids only) and gunicorn's access log leaves out query strings.
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG or TESTING else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, got {LOG_FORMAT!r}")
LOGGING["formatters"]["json"] = {  # type: ignore[index]
    "()": "pythonjsonlogger.json.JsonFormatter",
    "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
    "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
}
LOGGING["handlers"]["console"]["formatter"] = "json" if LOG_FORMAT == "json" else "plain"  # type: ignore[index]
# ---------------------------------------------------------------------------------------

# E-mail (staff invitations with a one-time set-password link, accounts/README.md). Without
# EMAIL_HOST the messages are printed to the console (demo); set it to send them.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "reintegra@localhost")
#: how long an invitation's set-password link works (Django's password-reset tokens; one use)
PASSWORD_RESET_TIMEOUT = env_int("REINTEGRA_INVITATION_DAYS", 7) * 24 * 3600

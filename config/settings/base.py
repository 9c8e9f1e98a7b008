"""Settings shared by every environment. Environment variables override the defaults."""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent.parent
REFERENCE_DIR = BASE_DIR / "reference"

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "insecure-demo-key-change-me-in-production")
DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_htmx",
    "axes",
    # Tapsyrys domain apps, in dependency order (seed_demo and bench follow this order).
    "tapsyrys.core",
    "tapsyrys.calendar",
    "tapsyrys.formation",
    "tapsyrys.contracting",
    "tapsyrys.monitoring",
    "tapsyrys.evaluation",
    "tapsyrys.publishing",
    "tapsyrys.portal",
    "tapsyrys.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # static files from STATIC_ROOT (collectstatic), compressed and cached forever by hash
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tapsyrys.core.middleware.ContentSecurityPolicyMiddleware",
    "tapsyrys.core.middleware.DatabaseOutageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tapsyrys.core.middleware.UserLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tapsyrys.core.permissions.GuardMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy on every response (core.middleware): scripts only from this origin
# (the vendored htmx and Chart.js, the apps' static files), no inline script, no eval.
# style-src allows 'unsafe-inline' on purpose: htmx inserts its indicator <style>, Swagger UI
# and ReDoc (the API docs) style their elements inline, and the printable forms size their
# columns with style attributes; no script can be injected through it.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "tapsyrys.core.context_processors.navigation",
            ],
            "builtins": ["tapsyrys.core.templatetags.tapsyrys"],
        },
    },
]


def tuned(database):
    """PostgreSQL on SSD storage: random reads cost about as much as sequential ones, so the
    planner should prefer the trigram and filter indexes (registry search, lists)."""
    if database["ENGINE"].endswith("postgresql"):
        options = database.setdefault("OPTIONS", {})
        options.setdefault("options", "-c random_page_cost=1.1")
    return database


# SQLite (the embedded default) as a small production database: WAL lets readers go on while
# one connection writes; every transaction takes the write lock at BEGIN (IMMEDIATE), so a
# concurrent writer waits up to the busy timeout instead of failing with "database is locked"
# half-way through (a deferred transaction cannot wait when it upgrades a read to a write).
SQLITE_BUSY_TIMEOUT_MS = int(os.environ.get("SQLITE_BUSY_TIMEOUT_MS", "20000"))


def sqlite_tuned(database):
    if database["ENGINE"].endswith("sqlite3"):
        options = database.setdefault("OPTIONS", {})
        options.setdefault("transaction_mode", "IMMEDIATE")
        options.setdefault("timeout", SQLITE_BUSY_TIMEOUT_MS / 1000)
        options.setdefault(
            "init_command",
            f"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS};",
        )
    return database


def healthy(database):
    """A persistent connection is checked before a request reuses it: after a database
    restart no request fails on a stale connection."""
    database["CONN_HEALTH_CHECKS"] = True
    return database


DATABASES = {
    "default": healthy(
        sqlite_tuned(
            tuned(
                dj_database_url.config(
                    default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60
                )
            )
        )
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
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
# Sessions are read from the cache and written through to the database (issue 8: the signed-in
# layout costs the user's one query; a restart or an evicted entry falls back to the table).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "tapsyrys.core.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"

# Brute-force protection on sign-in (django-axes): 5 failures per username+IP lock for 30 min.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

# Internationalisation (X-I18N): Kazakh (state language, default), Russian, English.
LANGUAGE_CODE = "kk"
LANGUAGES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]
LANGUAGE_COOKIE_NAME = "tapsyrys_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = []
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# whitenoise (demo and production use its CompressedManifestStaticFilesStorage): only the
# hashed copies are kept and compressed (half the work of collectstatic), and source maps
# (read by developer tools only, several MB each in the API docs bundles) are not compressed.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if os.environ.get("S3_BUCKET"):
    # S3-compatible storage for uploads when configured (files are never public: signed URLs).
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["S3_BUCKET"],
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL"),
            "access_key": os.environ.get("S3_ACCESS_KEY"),
            "secret_key": os.environ.get("S3_SECRET_KEY"),
            "default_acl": "private",
            "querystring_auth": True,
        },
    }
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
# Caps of the procurement import (contracting.importer): rows of one file, and what an .xlsx
# may expand to when unpacked (checked from its zip directory before it is parsed). A real
# 100 000-row portal export is ~6 MB and expands ~16 times, to ~100 MB.
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "100000"))
IMPORT_XLSX_MAX_EXPANDED_MB = int(os.environ.get("IMPORT_XLSX_MAX_EXPANDED_MB", "128"))
IMPORT_XLSX_MAX_RATIO = int(os.environ.get("IMPORT_XLSX_MAX_RATIO", "100"))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@tapsyrys.kz")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

REST_FRAMEWORK = {
    # Token first: an anonymous caller gets 401 with `WWW-Authenticate: Token` (not a 403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Deny by default (X-ACL): a public endpoint opts in with `permission_classes`.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "tapsyrys.api.errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon_write": "30/hour"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tapsyrys API",
    "DESCRIPTION": "State social order of the Republic of Kazakhstan: formation, contracting, "
    "monitoring, evaluation and grants.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Without Redis (the embedded default: one gunicorn process), the process's own memory. Its
# default of 300 entries is far too few for the public cache: the data versions and the pages
# pushed each other out (issue 8). 5 000 entries stay well under a few hundred MB.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }

# Celery: Redis in production; eager (in-process) on the embedded default and in tests.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL or "memory://")
CELERY_TASK_ALWAYS_EAGER = not bool(os.environ.get("CELERY_BROKER_URL") or REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True  # a task killed in the middle is redelivered (handlers are idempotent)
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # longer than the daily job takes, so a running job is not handed to a second worker
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", 4 * 3600))
}
CELERY_BEAT_SCHEDULE = {
    # a fixed clock time in Asia/Almaty (CELERY_TIMEZONE), after the day's deadlines ended
    "run-deadlines-daily": {
        "task": "tapsyrys.core.tasks.run_deadlines",
        "schedule": crontab(hour=0, minute=5),
    },
    # undelivered notices (a failed e-mail) are retried with backoff up to a limit
    "deliver-outbox": {
        "task": "tapsyrys.core.tasks.deliver_outbox",
        "schedule": crontab(minute="*/5"),
    },
}
DUE_BATCH_SIZE = int(os.environ.get("DUE_BATCH_SIZE", 1000))  # due items claimed per transaction
DUE_BATCH_PAUSE = float(os.environ.get("DUE_BATCH_PAUSE", 0))  # seconds between batches

# Open data (P-7): the publisher's registered OCDS prefix.
OCDS_PREFIX = os.environ.get("OCDS_PREFIX", "ocds-213czf")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Input at the edges, identity and throttles behind a proxy (issue 7, items 4–6) --------
# Kept in one block: other settings of the deployment live above.
# The client address: the number of reverse proxies in front of the application that append
# to X-Forwarded-For (0: the header is ignored; 1: the README's TLS proxy). One helper,
# tapsyrys.core.client.client_ip, serves axes, the DRF throttles and the comment limit.
TAPSYRYS_TRUSTED_PROXIES = int(os.environ.get("TAPSYRYS_TRUSTED_PROXIES", "0"))
AXES_CLIENT_IP_CALLABLE = "tapsyrys.core.client.client_ip"
# Lock a username from one address after AXES_FAILURE_LIMIT failures, and an address after
# TAPSYRYS_SIGNIN_IP_FAILURE_LIMIT failures over any usernames (password spraying).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "tapsyrys.core.accounts.lockout.SprayAwareHandler"
TAPSYRYS_SIGNIN_IP_FAILURE_LIMIT = int(os.environ.get("TAPSYRYS_SIGNIN_IP_FAILURE_LIMIT", "30"))
# API tokens expire after this many days and die with a password change.
TAPSYRYS_TOKEN_TTL_DAYS = int(os.environ.get("TAPSYRYS_TOKEN_TTL_DAYS", "30"))
# Public comments (and late proposals): per account when signed in, per address otherwise.
TAPSYRYS_COMMENT_RATE_LIMIT = int(os.environ.get("TAPSYRYS_COMMENT_RATE_LIMIT", "5"))
TAPSYRYS_COMMENT_RATE_WINDOW = int(os.environ.get("TAPSYRYS_COMMENT_RATE_WINDOW", "600"))
# Bodies: form and JSON fields at most 2.5 MB in all (Django's default); a whole request
# (uploads included) at most the upload limit plus 1 MB of form fields.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(
    os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", str(int(2.5 * 1024 * 1024)))
)
TAPSYRYS_MAX_REQUEST_BYTES = UPLOAD_MAX_BYTES + 1024 * 1024
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "tapsyrys.core.input.InputGuardMiddleware",
)
REST_FRAMEWORK.update(
    {
        "DEFAULT_AUTHENTICATION_CLASSES": [
            "tapsyrys.api.authentication.ExpiringTokenAuthentication",
            "rest_framework.authentication.SessionAuthentication",
        ],
        "DEFAULT_PARSER_CLASSES": [
            "tapsyrys.api.parsers.StrictJSONParser",
            "rest_framework.parsers.FormParser",
            "rest_framework.parsers.MultiPartParser",
        ],
        "DEFAULT_PAGINATION_CLASS": "tapsyrys.api.pagination.BoundedLimitOffsetPagination",
        "NUM_PROXIES": TAPSYRYS_TRUSTED_PROXIES,
    }
)
REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"] = "tapsyrys.api.schema.AutoSchema"
# --- end of issue 7 items 4–6 ----------------------------------------------------------------
# --- issue 9, monitoring annexes: Annex 9 submission dates (§21: half-year by 5 July, year by
# 5 February of the next year; the annex's own note says 5 December — kept configurable). "MM-DD".
MONITORING_ANNEX9_HALF_YEAR_DUE = os.environ.get("MONITORING_ANNEX9_HALF_YEAR_DUE", "07-05")
MONITORING_ANNEX9_YEAR_DUE = os.environ.get("MONITORING_ANNEX9_YEAR_DUE", "02-05")

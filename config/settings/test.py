"""The test suite: PostgreSQL (DATABASE_URL, default the local server), fast hashing."""

import os
import socket
import warnings

import dj_database_url

from .base import *  # noqa: F403
from .base import tuned

DATABASES = {
    "default": tuned(
        dj_database_url.parse(
            os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tapsyrys")
        )
    )
}


def _reachable(db):
    try:
        socket.create_connection(
            (db.get("HOST") or "127.0.0.1", int(db.get("PORT") or 5432)), 2
        ).close()
        return True
    except OSError:
        return False


if DATABASES["default"]["ENGINE"].endswith("postgresql") and not _reachable(DATABASES["default"]):
    # Under CI=true a missing PostgreSQL is a failure, never a fallback.
    if os.environ.get("CI") == "true":
        raise RuntimeError("PostgreSQL is required under CI=true and is not reachable")
    warnings.warn("PostgreSQL is not reachable: running the suite on SQLite", stacklevel=1)
    DATABASES = {"default": dj_database_url.parse("sqlite:///" + str(BASE_DIR / "test.sqlite3"))}  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Eager in the suite; the worker test starts a real worker with TAPSYRYS_WORKER_BROKER set.
CELERY_BROKER_URL = os.environ.get("TAPSYRYS_WORKER_BROKER", "memory://")
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL == "memory://"
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
AXES_ENABLED = True

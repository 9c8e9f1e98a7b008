"""The embedded default (make demo): a real deployment on one machine. DEBUG off, our own
error pages, static files by whitenoise from `collectstatic` (compressed, hashed names),
gunicorn with threads, SQLite in WAL mode with IMMEDIATE transactions and a busy timeout
(base.sqlite_tuned), console e-mail, eager tasks. `make dev` sets DJANGO_DEBUG=1 and runs
runserver with autoreload."""

from .base import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

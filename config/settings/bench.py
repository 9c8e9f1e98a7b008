"""`make bench`: PostgreSQL database `tapsyrys_bench` (BENCH_DATABASE_URL), kept between runs."""

import os

import dj_database_url

from .base import *  # noqa: F403
from .base import tuned

DATABASES = {
    "default": tuned(
        dj_database_url.parse(
            os.environ.get(
                "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tapsyrys_bench"
            )
        )
    )
}
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
AXES_ENABLED = False
ROOT_URLCONF = "config.urls_bench"

"""Celery app: `celery -A config worker` and `celery -A config beat` in production."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
app = Celery("tapsyrys")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

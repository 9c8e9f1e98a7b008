"""Celery app: `celery -A config worker` and `celery -A config beat` in production.

The worker refuses to start when a stored or referenced due-item or notification kind is
unknown (the same checks as `manage.py check`), rather than failing at midnight.
"""

import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
app = Celery("tapsyrys")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def _check_kinds(**kwargs):
    import django

    django.setup()
    from tapsyrys.core.due import validate_or_raise

    validate_or_raise()

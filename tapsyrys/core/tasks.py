from celery import shared_task
from django.utils import timezone

from .extensions import app_modules


@shared_task(name="tapsyrys.core.tasks.run_deadlines")
def run_deadlines(now_iso=None):
    """The daily job (X-NOTIFY): each app marks what is due or overdue and notifies once."""
    now = timezone.datetime.fromisoformat(now_iso) if now_iso else timezone.now()
    report = {}
    for module in app_modules("deadlines"):
        report.update(module.run(now=now))
    return report

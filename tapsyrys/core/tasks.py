"""Background work of core: the daily deadline job and the outbox delivery (Celery).

Both are idempotent and `acks_late`: a worker killed in the middle leaves its message
unacknowledged, the broker hands it to the next worker, and the re-run changes nothing that
the first run had committed (claimed due rows and delivered outbox rows stay as they are).
"""

import datetime as dt

from celery import shared_task
from django.utils import timezone


@shared_task(name="tapsyrys.core.tasks.run_deadlines", acks_late=True)
def run_deadlines(now_iso=None):
    """The daily job (X-NOTIFY): every due item past due is handled once, backlog included."""
    from .due import run

    now = dt.datetime.fromisoformat(now_iso) if now_iso else timezone.now()
    if timezone.is_naive(now):
        now = timezone.make_aware(now)
    return run(now=now)


@shared_task(name="tapsyrys.core.tasks.deliver_outbox", acks_late=True)
def deliver_outbox(ids=None):
    """Deliver outbox rows (these, or every row due for a first attempt or a retry)."""
    from .outbox import deliver

    return deliver(ids)

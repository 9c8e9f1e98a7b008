"""The notification outbox (X-NOTIFY): rows written with the business event, delivered later.

A row is one message to one recipient on one channel (in-app or e-mail), rendered in the
recipient's language when it is written. `key` makes it idempotent: the same notice to the
same person on the same channel is stored once, however often the job that wrote it runs.
Delivery happens after the transaction commits (a Celery task in production, inline on the
embedded default and in tests); a failure is stored on the row and retried with backoff up
to `MAX_ATTEMPTS`, never raised into the request that caused it.
"""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
FIRST_RETRY = dt.timedelta(minutes=5)  # then 10, 20, 40, 80 minutes
DELIVERY_BATCH = 500


class Outbox(models.Model):
    class Channel(models.TextChoices):
        IN_APP = "in_app", _("in the application")
        EMAIL = "email", _("e-mail")

    kind = models.CharField(_("kind"), max_length=100, db_index=True)
    event = models.ForeignKey(
        "core.AuditEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="outbox"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    key = models.CharField(max_length=200)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("outgoing notification")
        verbose_name_plural = _("outgoing notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "channel", "key"], name="outbox_once_per_channel"
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(delivered_at__isnull=True),
                name="outbox_pending_idx",
            )
        ]

    def __str__(self):
        return f"{self.get_channel_display()} → {self.recipient_id}: {self.subject}"


def backoff(attempts: int) -> dt.timedelta:
    """Wait before the next attempt after `attempts` failed ones (5, 10, 20 … minutes)."""
    return FIRST_RETRY * (2 ** max(attempts - 1, 0))


def deliver_after_commit(ids):
    """Queue delivery of these rows once the current transaction commits."""
    ids = list(ids)
    if ids:
        transaction.on_commit(lambda: _dispatch(ids), robust=True)


def _dispatch(ids):
    try:
        if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", True):
            deliver(ids)
        else:
            from .tasks import deliver_outbox

            deliver_outbox.delay(ids)
    except Exception:  # the request that caused the notice has committed: never fail it
        logger.exception("Outbox delivery could not start; the rows stay pending for a retry")


def deliver(ids=None, *, now=None):
    """Deliver pending rows (these ids, or every row that is due); returns how many."""
    delivered = 0
    while True:
        moment = now or timezone.now()
        done, seen = _deliver_batch(ids, moment)
        delivered += done
        if ids is not None or seen < DELIVERY_BATCH:
            return delivered


def _deliver_batch(ids, now):
    from .models import Notification

    with transaction.atomic():
        pending = Outbox.objects.filter(
            delivered_at__isnull=True, attempts__lt=MAX_ATTEMPTS, next_attempt_at__lte=now
        )
        if ids is not None:
            pending = pending.filter(pk__in=ids)
        rows = list(
            pending.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .order_by("id")[:DELIVERY_BATCH]
        )
        if not rows:
            return 0, 0
        in_app = [r for r in rows if r.channel == Outbox.Channel.IN_APP]
        Notification.objects.bulk_create(
            [
                Notification(
                    recipient_id=r.recipient_id,
                    key=r.key,
                    subject=r.subject,
                    body=r.body,
                    url=r.url,
                    created_at=now,
                )
                for r in in_app
            ],
            ignore_conflicts=True,
        )
        ok = [r.pk for r in in_app]
        emailed = []
        for row in rows:
            if row.channel != Outbox.Channel.EMAIL:
                continue
            try:
                link = f"\n\n{settings.SITE_URL}{row.url}" if row.url else ""
                send_mail(row.subject, f"{row.body}{link}", None, [row.recipient.email])
            except Exception as exc:
                attempts = row.attempts + 1
                Outbox.objects.filter(pk=row.pk).update(
                    attempts=attempts,
                    next_attempt_at=now + backoff(attempts),
                    last_error=f"{type(exc).__name__}: {exc}"[:2000],
                )
                logger.warning("E-mail %s failed (attempt %d): %s", row.pk, attempts, exc)
                continue
            ok.append(row.pk)
            emailed.append(row)
        Outbox.objects.filter(pk__in=ok).update(
            delivered_at=now, attempts=F("attempts") + 1, last_error=""
        )
        if emailed:
            match = Q()
            for row in emailed:
                match |= Q(recipient_id=row.recipient_id, key=row.key)
            Notification.objects.filter(match, emailed_at__isnull=True).update(emailed_at=now)
    return len(ok), len(rows)

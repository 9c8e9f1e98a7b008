"""The NGO rating's recomputation (E-8): every NGO and year at once, set-based — two
aggregate queries (selectors.rating.rating_inputs), the formula in Python (rules.rating),
one upsert per batch of rows (`bulk_create(update_conflicts=True)`) and one audit event for
the run (X-AUDIT, `core.audit.log_batch`). Idempotent; two runs at once take turns (an
advisory lock)."""

import datetime as dt

from django.db import connection, transaction
from django.utils import timezone

from tapsyrys.calendar.rules import local_date
from tapsyrys.core.audit import log_batch
from tapsyrys.core.permissions import guard

from ..models import NgoRating
from ..rules import rating as rules
from ..selectors import rating as selectors

ACTION = "evaluation.rating.recomputed"
BATCH = 5000
LOCK_KEY = 0x7A5_0008  # pg_advisory_xact_lock key of this job
FIELDS = ("projects", "evaluated", *rules.COMPONENTS, "score", "computed_at")


def recompute_ratings(*, today: dt.date | None = None, now=None, actor=None, actor_label="system"):
    """Recompute every NGO's rating for every year it has contracts. Returns the row count."""
    if actor is not None:
        guard(actor, "evaluation.rating.recompute", None)
    now = now or timezone.now()
    today = today or local_date(now)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        inputs = selectors.rating_inputs(today=today)
        rows = []
        for (ngo_id, year), (projects, values) in sorted(inputs.items()):
            rated = rules.rate(values)
            rows.append(
                NgoRating(
                    ngo_id=ngo_id,
                    year=year,
                    projects=projects,
                    evaluated=values.evaluated,
                    computed_at=now,
                    **rated,
                )
            )
        if rows:
            rows = NgoRating.objects.bulk_create(
                rows,
                batch_size=BATCH,
                update_conflicts=True,
                unique_fields=["ngo", "year"],
                update_fields=list(FIELDS),
            )
        log_batch(
            NgoRating,
            ACTION,
            rows,
            actor=actor,
            actor_label=actor_label,
            data={"today": today.isoformat(), "rated": sum(r.score is not None for r in rows)},
        )
    return len(rows)

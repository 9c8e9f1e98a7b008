"""Contracting's deadlines as due items (X-CAL, X-NOTIFY, M-7): the stage reports.

Each `ReportStage` has one `contracting.report_stage` due item: the date set in the
contract (a fixed date, so a decree does not move it), due until 23:59:59 Asia/Almaty;
`ReportStage.due_date` is its copy. When it falls due and the report was not submitted on a
running contract, the stage is flagged as missing and the NGO and the body are told once.
The handler works on a whole batch with a constant number of queries.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tapsyrys.core.due import DueItem, due_kind, fixed_fields
from tapsyrys.core.events import record_many

from .models import Contract, ReportStage

STAGE_REPORT = "contracting.report_stage"
RULE = _("Stage report: due on the date the contract sets for it (C-4)")
RUNNING = (Contract.Status.ACTIVE, Contract.Status.SUSPENDED)
CHUNK = 2000
# Sent in the handler's transaction with the stages just flagged missing (`stages=`, `now=`):
# monitoring opens their special-control cases (M-7) in the same batch.
stages_missing = Signal()


def open_stage_deadlines(stages, *, now=None):
    """Due items for saved stages (set-based: one INSERT per 2 000 stages)."""
    now = now or timezone.now()
    ct = ContentType.objects.get_for_model(ReportStage)
    texts = {}
    rows = []
    for stage in stages:
        if stage.due_date not in texts:
            texts[stage.due_date] = fixed_fields(stage.due_date, RULE)
        state, closed = DueItem.State.OPEN, None
        if stage.submitted_at is not None:
            state, closed = DueItem.State.MET, stage.submitted_at
        elif stage.missing_flagged_at is not None:
            state, closed = DueItem.State.NOTIFIED, stage.missing_flagged_at
        rows.append(
            DueItem(
                kind=STAGE_REPORT,
                content_type=ct,
                object_id=stage.pk,
                state=state,
                closed_at=closed,
                created_at=now,
                **texts[stage.due_date],
            )
        )
    # X-AUDIT: due items are the mechanism's bookkeeping, not business rows; the stages they
    # follow were written (and audited) by the import or the contract's service.
    DueItem.objects.bulk_create(rows, batch_size=CHUNK, ignore_conflicts=True)
    return len(rows)


def sync(*, now):
    """Stages written by bulk paths (the import, the demo) get their due items."""
    ct = ContentType.objects.get_for_model(ReportStage)
    missing = ReportStage.objects.filter(
        ~Exists(
            DueItem.objects.filter(kind=STAGE_REPORT, content_type=ct, object_id=OuterRef("pk"))
        )
    ).order_by("pk")
    made = 0
    while True:
        chunk = list(missing[:CHUNK])
        if not chunk:
            return made
        made += open_stage_deadlines(chunk, now=now)


@due_kind(
    STAGE_REPORT,
    model="contracting.ReportStage",
    mirror="due_date",
    notifies=("contracting.report.missing",),
    rule=RULE,
    sync=sync,
)
def reports_missing(items, *, now):
    stages = list(
        ReportStage.objects.filter(
            pk__in=[i.object_id for i in items],
            submitted_at__isnull=True,
            missing_flagged_at__isnull=True,
            contract__status__in=RUNNING,
        )
        .select_related("contract", "contract__supplier", "contract__body")
        .order_by("due_date", "pk")
    )
    if not stages:
        return
    # X-AUDIT: a report stage keeps no history of its own; the flag is recorded as the
    # contract's `contracting.report.missing` event just below, in the same transaction.
    ReportStage.objects.filter(pk__in=[s.pk for s in stages]).update(missing_flagged_at=now)
    record_many(
        [s.contract for s in stages],
        "contracting.report.missing",
        data=[
            {"stage": s.kind, "stage_id": s.pk, "due_date": s.due_date.isoformat()} for s in stages
        ],
        now=now,
    )
    stages_missing.send(sender=ReportStage, stages=stages, now=now)

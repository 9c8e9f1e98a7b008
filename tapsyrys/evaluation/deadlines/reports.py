"""The Annex 8 posting as a due item (§19, E-5).

- `evaluation.posting_due`: opened when the body completes the evaluation, due on the 3rd
  working day after the completion day (23:59:59 Asia/Almaty), mirrored in
  `EvaluationReport.posting_due_at`; met when the posting is recorded. Still not posted then →
  the body is told once (`evaluation.report.posting_overdue`).
"""

from tapsyrys.core.due import due_kind
from tapsyrys.core.events import record_many

from ..models import EvaluationReport
from ..rules.reports import POSTING_RULE

POSTING_DUE = "evaluation.posting_due"


@due_kind(
    POSTING_DUE,
    model="evaluation.EvaluationReport",
    mirror="posting_due_at",
    notifies=("evaluation.report.posting_overdue",),
    rule=POSTING_RULE,
)
def postings_overdue(items, *, now):
    reports = list(
        EvaluationReport.objects.filter(pk__in=[i.object_id for i in items], posted_on__isnull=True)
        .select_related("evaluation__contract__body", "evaluation__contract__supplier")
        .order_by("pk")
    )
    if reports:
        record_many(
            reports,
            "evaluation.report.posting_overdue",
            data=lambda r: {
                "posting_due_at": r.posting_due_at.isoformat() if r.posting_due_at else None
            },
            now=now,
        )

"""Deadlines of the sheets part as due items (E-2).

- `evaluation.evaluation_due`: a project in evaluation is due EVALUATION_DUE_WORKING_DAYS
  working days after it entered (assumption: 10; the Rules set no period). Its `sync` is the
  daily entering step (`services.sheets.evaluations_enter`: set-based, idempotent). Still
  open then → the body is told once (`evaluation.evaluation.overdue`). Met when the body
  completes the evaluation (the reports part calls `due_met(evaluation, DUE_KIND)`).
"""

from tapsyrys.core.due import due_kind
from tapsyrys.core.events import record_many

from ..models import Evaluation
from ..rules.sheets import DUE_RULE_DEFAULT

DUE_KIND = "evaluation.evaluation_due"


def sync(*, now):
    from ..services.sheets import evaluations_enter

    return evaluations_enter(now=now)


@due_kind(
    DUE_KIND,
    model="evaluation.Evaluation",
    mirror="due_at",
    notifies=("evaluation.evaluation.overdue",),
    rule=DUE_RULE_DEFAULT,
    sync=sync,
)
def evaluations_overdue(items, *, now):
    evaluations = list(
        Evaluation.objects.filter(
            pk__in=[i.object_id for i in items], status=Evaluation.Status.OPEN
        )
        .select_related("contract__body", "contract__supplier")
        .order_by("due_at", "pk")
    )
    record_many(
        evaluations,
        "evaluation.evaluation.overdue",
        data=[{"due_at": e.due_at.isoformat() if e.due_at else None} for e in evaluations],
        now=now,
    )

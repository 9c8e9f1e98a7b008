"""Deadlines of the control of NGO reports (M-5, M-7) as due items.

- `monitoring.request_due`: an information request, due on the date the monitor set
  (a fixed date, 23:59:59 Asia/Almaty); still unanswered then → flagged overdue, the NGO and
  the one who asked are told once (`monitoring.request.overdue`).
- `monitoring.correction_due`: the body's request for a correction in special control, due
  on its new due date; no new version of the report submitted by then → the NGO and the body
  are told once (`monitoring.correction.overdue`).
- A stage report overdue (contracting's `contracting.report_stage` handler flags it and
  tells the NGO and the body once, `contracting.report.missing`) puts the project into the
  special control group in the same transaction: `open_cases_for_missing` below receives
  contracting's `stages_missing` signal. It writes the case and its event
  (`monitoring.case.opened`, which has no notice of its own), so the NGO gets exactly one
  notification for that report, however often the job runs.
"""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from tapsyrys.contracting.deadlines import stages_missing
from tapsyrys.contracting.models import ReportStage, StageReport
from tapsyrys.core.due import due_kind
from tapsyrys.core.events import record_many

from ..models import ControlDecision, InformationRequest, SpecialControlCase

REQUEST_DUE = "monitoring.request_due"
CORRECTION_DUE = "monitoring.correction_due"
REQUEST_RULE = _("Information request: due on the date the monitor set (M-5)")
CORRECTION_RULE = _("Correction in special control: due on the date the body set (M-7)")


@due_kind(
    REQUEST_DUE,
    model="monitoring.InformationRequest",
    mirror="due_date",
    notifies=("monitoring.request.overdue",),
    rule=REQUEST_RULE,
)
def requests_overdue(items, *, now):
    requests = list(
        InformationRequest.objects.filter(
            pk__in=[i.object_id for i in items],
            status=InformationRequest.Status.OPEN,
            overdue_flagged_at__isnull=True,
        )
        .select_related("contract")
        .order_by("due_date", "pk")
    )
    if not requests:
        return
    # X-AUDIT: the flag is recorded as each request's `monitoring.request.overdue` event
    InformationRequest.objects.filter(pk__in=[r.pk for r in requests]).update(
        overdue_flagged_at=now
    )
    record_many(
        requests,
        "monitoring.request.overdue",
        data=[{"due_date": r.due_date.isoformat()} for r in requests],
        now=now,
    )


@due_kind(
    CORRECTION_DUE,
    model="monitoring.ControlDecision",
    mirror="new_due_date",
    notifies=("monitoring.correction.overdue",),
    rule=CORRECTION_RULE,
)
def corrections_overdue(items, *, now):
    newer = StageReport.objects.filter(
        stage_id=OuterRef("case__stage_id"),
        status=StageReport.Status.SUBMITTED,
        submitted_at__gt=OuterRef("decided_at"),
    )
    decisions = list(
        ControlDecision.objects.filter(
            pk__in=[i.object_id for i in items],
            correction_flagged_at__isnull=True,
            case__closed_at__isnull=True,
        )
        .filter(~Exists(newer))
        .select_related("case__contract")
        .order_by("new_due_date", "pk")
    )
    if not decisions:
        return
    # X-AUDIT: the flag is recorded as each decision's `monitoring.correction.overdue` event
    ControlDecision.objects.filter(pk__in=[d.pk for d in decisions]).update(
        correction_flagged_at=now
    )
    record_many(
        decisions,
        "monitoring.correction.overdue",
        data=[{"due_date": d.new_due_date.isoformat()} for d in decisions],
        now=now,
    )


def open_cases_for_missing(sender, *, stages, now, **kwargs):
    """Projects whose report was just flagged missing join the special control group (one
    open case per project; a project already in the group keeps its case). Set-based."""
    contract_ids = {s.contract_id for s in stages}
    busy = set(
        SpecialControlCase.objects.filter(
            contract_id__in=contract_ids, closed_at__isnull=True
        ).values_list("contract_id", flat=True)
    )
    first = {}
    for stage in sorted(stages, key=lambda s: (s.due_date, s.pk)):
        if stage.contract_id not in busy:
            first.setdefault(stage.contract_id, stage)
    if not first:
        return
    cases = bulk_create_with_history(
        [
            SpecialControlCase(
                contract_id=contract_id,
                reason=SpecialControlCase.Reason.OVERDUE,
                stage_id=stage.pk,
                opened_at=now,
            )
            for contract_id, stage in sorted(first.items())
        ],
        SpecialControlCase,
    )
    contracts = {s.contract_id: s.contract for s in stages}
    for case in cases:
        case.contract = contracts[case.contract_id]
    record_many(
        cases,
        "monitoring.case.opened",
        data=[
            {
                "reason": "overdue",
                "stage_id": case.stage_id,
                "due_date": first[case.contract_id].due_date.isoformat(),
            }
            for case in cases
        ],
        now=now,
    )


stages_missing.connect(open_cases_for_missing, sender=ReportStage, dispatch_uid="mon-cases")

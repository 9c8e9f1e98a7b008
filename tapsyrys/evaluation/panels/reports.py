"""The contract page's evaluation panel (E-5): the Annex 8 averages once the report is posted
(public); for the body and the authorized body, the evaluation's state and its page."""

from tapsyrys.core.permissions import check

from ..models import Evaluation
from ..views.reports import report_rows


def panel(request, contract):
    evaluation = (
        Evaluation.objects.select_related("report", "council")
        .filter(contract_id=contract.pk)
        .first()
    )
    if evaluation is None:
        return None
    report = getattr(evaluation, "report", None)
    manage = bool(check(request.user, "evaluation.evaluation.manage_view", evaluation))
    shown = report is not None and (report.is_posted or manage)
    if not shown and not manage:
        return None
    return {
        "template": "evaluation/reports/panel.html",
        "evaluation": evaluation,
        "report": report if shown else None,
        "rows": report_rows(report) if shown else [],
        "manage": manage,
    }

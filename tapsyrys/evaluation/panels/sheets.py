"""The contract page's evaluation panel (E-2, E-4): whether the project is in evaluation,
by when, whether it waits for a council; for a council member the link to the materials and
their sheet (or why they are excluded); for the body the members' sheets."""

from tapsyrys.core.permissions import check
from tapsyrys.evaluation.models import Evaluation
from tapsyrys.evaluation.selectors import sheets as selectors


def panel(request, contract):
    evaluation = (
        Evaluation.objects.select_related("council", "contract").filter(contract=contract).first()
    )
    if evaluation is None:
        return None
    user = request.user
    context = {"template": "evaluation/sheets/panel.html", "evaluation": evaluation}
    decision = check(user, "evaluation.evaluation.view_materials", evaluation)
    context["can_view"] = bool(decision)
    member = selectors.membership(user, evaluation)
    if member is not None:
        context["member"] = member
        context["excluded_reason"] = "" if decision else decision.reason
        context["sheet"] = selectors.sheet_of(member, evaluation)
    return context

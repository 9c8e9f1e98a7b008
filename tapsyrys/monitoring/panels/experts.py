"""The contract page's "who monitors" panel (M-4): the same sentence as the API's
`monitoring.explanation`, the assigned expert, and the action the user may take (the body:
assign an expert; an expert: file their Annex 4 notice)."""

from django.utils import translation

from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.permissions import check
from tapsyrys.monitoring.access import is_expert
from tapsyrys.monitoring.models import ExpertAssignment, ExpertNotice
from tapsyrys.monitoring.selectors import experts as selectors


def panel(request, contract):
    try:
        who = selectors.who_monitors(contract)
    except ApplicationError:  # no MCI known for the contract's date: nothing to say
        return None
    user = request.user
    context = {
        "template": "monitoring/experts/panel.html",
        "who": who,
        "who_text": who.explanation_in(translation.get_language()),
    }
    if not who.needs_expert:
        return context
    assignment = ExpertAssignment.objects.select_related("expert").filter(contract=contract).first()
    context["assignment"] = assignment
    running = contract.status in selectors.MONITORED_STATUSES
    if assignment is None and running and check(user, "monitoring.expert.assign", contract):
        context["can_assign"] = True
        context["candidates"] = (
            ExpertNotice.objects.filter(contract=contract, signed_at__isnull=False)
            .values("expert_id")
            .distinct()
            .count()
        )
    if is_expert(user):
        own = (
            ExpertNotice.objects.filter(contract=contract, expert=user)
            .order_by("-created_at", "-id")
            .first()
        )
        context["own_notice"] = own
        context["can_file"] = assignment is None and running and own is None
    return context

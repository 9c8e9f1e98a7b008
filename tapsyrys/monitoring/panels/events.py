"""The monitoring plan on the contract page: events per year, the plan's problems, links."""

from tapsyrys.core.permissions import check
from tapsyrys.monitoring.selectors import events as selectors


def panel(request, contract):
    if not check(request.user, "monitoring.plan.view", contract):
        return None
    return {
        "template": "monitoring/events/_panel.html",
        "plan": selectors.plan_of(contract),
        "can_plan": bool(check(request.user, "monitoring.event.plan", contract)),
    }

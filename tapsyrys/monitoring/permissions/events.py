"""Who may plan, record and see monitoring events (M-1, M-2, M-4; X-ACL).

- Everyone who sees the project's monitoring (`access.can_see`: the monitor, the authorized
  body, the implementing NGO read-only) sees its plan, events, reports and results.
- Planning is the body's, and also the assigned expert's (the expert holds the events, so
  may put one in the plan); the NGO never plans.
- Recording (update, complete) is the monitor's (`access.is_monitor`). When the project needs
  an independent expert (more than 500 MCI, `who_monitors`), only the assigned expert records;
  the body may not, and nobody can until an expert is assigned.
"""

from django.utils.translation import gettext_lazy as _

from tapsyrys.core.permissions import SIGN_IN_REQUIRED, allow, deny, is_signed_in, rule
from tapsyrys.monitoring import access
from tapsyrys.monitoring.selectors.experts import who_monitors

NOT_MONITOR = _(
    "Only the state body that concluded the contract or its assigned expert may do this."
)
NOT_VISIBLE = _("This project's monitoring is not yours to see.")
EXPERT_RECORDS = _(
    "The contract amount is more than 500 MCI: only the assigned independent expert records "
    "this project's monitoring events (§9)."
)
EXPERT_NEEDED = _(
    "The contract amount is more than 500 MCI: assign an independent expert before the first "
    "monitoring event; no event can be recorded until then (§9)."
)


def _contract(obj):
    return getattr(obj, "contract", obj)


@rule("monitoring.plans.list")
def can_list_plans(user, obj=None):
    """Any signed-in user: the list is scoped to what they see (selectors.visible_contracts)."""
    return allow() if is_signed_in(user) else deny(SIGN_IN_REQUIRED)


@rule("monitoring.plan.view")
def can_view_plan(user, obj):
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    return allow() if access.can_see(user, _contract(obj)) else deny(NOT_VISIBLE)


@rule("monitoring.event.view")
def can_view_event(user, event):
    return can_view_plan(user, event)


@rule("monitoring.event.plan")
def can_plan(user, contract):
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    return allow() if access.is_monitor(user, _contract(contract)) else deny(NOT_MONITOR)


def can_record(user, obj):
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    contract = _contract(obj)
    if not access.is_monitor(user, contract):
        return deny(NOT_MONITOR)
    if who_monitors(contract).needs_expert and not access.is_assigned_expert(user, contract):
        if access.assigned_expert_id(contract) is None:
            return deny(EXPERT_NEEDED)
        return deny(EXPERT_RECORDS)
    return allow()


@rule("monitoring.event.update")
def can_update(user, event):
    return can_record(user, event)


@rule("monitoring.event.complete")
def can_complete(user, event):
    return can_record(user, event)

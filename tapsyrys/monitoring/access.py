"""Who is who on a project's monitoring (X-ACL building blocks; the rules are in permissions/).

- the body that concluded the contract monitors it, or its assigned independent expert (M-4);
- the authorized body sees every project; the implementing NGO sees its own.
"""

from tapsyrys.contracting.permissions import is_ngo_user, ngo_can_act
from tapsyrys.core.models import Role
from tapsyrys.core.permissions import is_authorized_body, is_body_staff, is_signed_in

from .models import ExpertAssignment


def assigned_expert_id(contract):
    """The id of the expert assigned to the contract, or None (one query, cached on the row)."""
    if not hasattr(contract, "_assigned_expert_id"):
        contract._assigned_expert_id = (
            ExpertAssignment.objects.filter(contract_id=contract.pk)
            .values_list("expert_id", flat=True)
            .first()
        )
    return contract._assigned_expert_id


def is_expert(user):
    return is_signed_in(user) and user.has_role(Role.EXPERT)


def is_assigned_expert(user, contract):
    return is_expert(user) and assigned_expert_id(contract) == user.pk


def is_contract_body(user, contract):
    return is_signed_in(user) and is_body_staff(user, contract.body_id)


def is_monitor(user, contract):
    """Records events and asks for information: the body's staff or the assigned expert."""
    return is_contract_body(user, contract) or is_assigned_expert(user, contract)


def is_supplier(user, contract):
    return is_ngo_user(user) and bool(ngo_can_act(user, contract.supplier_id))


def can_see(user, contract):
    """Sees the project's monitoring: the monitor, the authorized body, the implementing NGO."""
    return (
        is_monitor(user, contract)
        or (is_signed_in(user) and is_authorized_body(user))
        or is_supplier(user, contract)
    )

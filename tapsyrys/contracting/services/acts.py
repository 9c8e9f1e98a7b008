"""The act of services rendered (§20, E-6): the body records the act it signed on the public
procurement web portal — refused (409, naming Annex 8) while a registered gate refuses it,
dated not before the posting the gate names, once per contract (OneToOne)."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tapsyrys.core.errors import ApplicationError, TransitionNotAllowed
from tapsyrys.core.events import record
from tapsyrys.core.permissions import require
from tapsyrys.core.services import full_clean_or_raise

from .. import gates, rules
from ..models import Contract, ServiceAct

__all__ = ["act_record"]

ALREADY = _("The act of services rendered of this contract is already recorded.")


class ActRefused(TransitionNotAllowed):
    """409: the act may not be recorded yet (a gate refuses it) or is already recorded."""


def act_record(*, actor, contract, signed_on, portal_reference, now=None):
    require(actor, "contracting.act.record", contract)
    now = now or timezone.now()
    reference = (portal_reference or "").strip()
    if not reference:
        raise ApplicationError(
            _("Enter the portal reference of the act of services rendered."),
            field="portal_reference",
        )
    if len(reference) > 300:
        raise ApplicationError(
            _("The reference is at most %(n)s characters.") % {"n": 300}, field="portal_reference"
        )
    with transaction.atomic():
        locked = Contract.objects.select_for_update().get(pk=contract.pk)
        rules.ensure_allowed(locked.status, "complete")
        if ServiceAct.objects.filter(contract=locked).exists():
            raise ActRefused(ALREADY, field="act")
        gate = gates.check_act(locked)
        if gate.refusal is not None:
            raise ActRefused(gate.refusal, field="act")
        problem = rules.act_date_problem(
            signed_on, not_before=gate.not_before, today=timezone.localdate(now)
        )
        if problem:
            raise ApplicationError(problem, field="signed_on")
        act = ServiceAct(
            contract=locked,
            signed_on=signed_on,
            portal_reference=reference,
            recorded_at=now,
            recorded_by=actor,
        )
        full_clean_or_raise(act, exclude=["contract"])
        try:
            with transaction.atomic():
                act.save(force_insert=True)
        except IntegrityError as exc:  # pragma: no cover - the lock above serialises
            raise ActRefused(ALREADY, field="act") from exc
        record(
            act,
            "contracting.act.recorded",
            actor=actor,
            data={
                "contract": locked.pk,
                "signed_on": signed_on.isoformat(),
                "portal_reference": reference,
            },
        )
    return act

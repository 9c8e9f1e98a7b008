"""Demo data of the reports part (E-5, E-6): every open evaluation of the demo bodies whose
signed sheets count and where no member still drafts (the sheets part's demo writes them) is
closed through the service; two of three of them are posted on the portal and, of the
posted, every other project gets its act of services rendered and is completed — so the demo
shows a report waiting for its posting (a desk card), posted reports with their averages on
the contract page, Annex 8 in the ledger, evidence in the bodies' registers, and acts.

Runs after the councils and sheets parts' demos (the parts' order); with no evaluation
seeded it does nothing."""

import datetime as dt
from zoneinfo import ZoneInfo

from tapsyrys.contracting import services as contracting
from tapsyrys.contracting.models import Contract
from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.models import Role, User

from ..models import Evaluation
from ..selectors import reports as selectors
from ..services import reports as services

ALMATY = ZoneInfo("Asia/Almaty")


def _at(day, hour):
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=ALMATY)


def _staff(body_id):
    return (
        User.objects.filter(
            organisation_id=body_id, role_assignments__role=Role.STATE_BODY, is_active=True
        )
        .order_by("id")
        .first()
    )


def seed(ctx):
    today = ctx.today
    evaluations = (
        Evaluation.objects.filter(status=Evaluation.Status.OPEN, council__isnull=False)
        .select_related("contract")
        .order_by("id")[:40]
    )
    n = 0
    for evaluation in evaluations:
        state = selectors.completion_state(evaluation)
        if not state["counted"] or state["drafts_pending"]:
            continue
        actor = _staff(evaluation.contract.body_id)
        if actor is None:
            continue
        closed_on = today - dt.timedelta(days=12)
        try:
            report = services.evaluation_complete(
                actor=actor, evaluation=evaluation, now=_at(closed_on, 11)
            )
            n += 1
            if n % 3 == 0:
                continue  # waits for its posting
            posted_on = closed_on + dt.timedelta(days=2)
            services.report_post(
                actor=actor,
                report=report,
                posted_on=posted_on,
                portal_reference=f"GZ-{today.year}-{report.pk:05d}",
                now=_at(posted_on, 15),
            )
            if n % 2 == 0 and evaluation.contract.status == Contract.Status.ACTIVE:
                contract = evaluation.contract
                contracting.act_record(
                    actor=actor,
                    contract=contract,
                    signed_on=posted_on + dt.timedelta(days=1),
                    portal_reference=f"GZ-ACT-{today.year}-{contract.pk:05d}",
                )
                contracting.contract_transition(
                    contract=contract, actor=actor, target=Contract.Status.COMPLETED
                )
        except ApplicationError:  # a demo project the rules refuse: leave it as it is
            continue

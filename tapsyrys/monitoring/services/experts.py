"""Experts' Annex 4 notices and their assignment to a project (M-4, §9): check → lock →
change → full_clean → event (X-AUDIT) → notification (X-NOTIFY).

Decisions taken here (see the report of the experts part):
- a project of not more than 500 MCI is monitored by the body itself (§9): no expert is
  assigned to it, not even on the body's wish — `expert_assign` refuses;
- an expert files one notice per project; a draft can be edited, a signed notice never
  changes (a new notice replaces it: the latest signed one counts);
- "another potential conflict" answered yes is a declared conflict;
- the signed notice is NOT published in the public ledger: it names the expert's relatives,
  their employers and the payments the expert received (personal data of third persons), and
  it is addressed to the state body (Annex 4: "To: the state body"). Its xlsx/PDF is rendered
  from the immutable signed row for the expert, the body and the authorized body; who
  monitors a project (the assignment) is public on the contract page.
- there is no un-assignment: the assignment is one row per project (OneToOne, M-4), written
  once and audited.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tapsyrys.contracting.models import Contract
from tapsyrys.core import conflicts
from tapsyrys.core.conflicts import ngos_from_bins  # noqa: F401 (the views' and APIs' name)
from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.events import record
from tapsyrys.core.models import Role, User
from tapsyrys.core.permissions import guard
from tapsyrys.core.services import full_clean_or_raise
from tapsyrys.monitoring.models import ExpertAssignment, ExpertNotice
from tapsyrys.monitoring.rules import experts as rules
from tapsyrys.monitoring.selectors import experts as selectors

REFUSALS = {
    "not_an_expert": _("This user is not an independent expert."),
    "not_running": _("The project is not running (its contract is completed, terminated or "
                     "closed): it is not monitored any more."),
    "body_monitors": _("The contract amount is not more than 500 MCI: the state body monitors "
                       "the project itself and assigns no expert (§9 of the Rules)."),
    "already_assigned": _("This project already has its independent expert: at most one "
                          "expert monitors a project (§9 of the Rules)."),
    "no_signed_notice": _("The expert has no signed Annex 4 notice for this project."),
    "conflict_declared": _("The expert's Annex 4 notice declares a conflict of interest."),
    "names_supplier": _("The expert's Annex 4 notice names the NGO that implements the "
                        "project."),
    "member_of_supplier": _("The expert belongs to the NGO that implements the project."),
}  # fmt: skip


class AlreadyAssigned(ApplicationError):
    status_code = 409


def refuse(refusal):
    code, field = refusal
    error = AlreadyAssigned if code == "already_assigned" else ApplicationError
    raise error(REFUSALS[code], field=field, code=code)


# --- Notices (Annex 4) --------------------------------------------------------------------------


def _check_project(contract, *, expert=None):
    who = selectors.who_monitors(contract)
    refusal = rules.assignment_refusal(
        is_expert=True,
        is_running=contract.status in selectors.MONITORED_STATUSES,
        needs_expert=who.needs_expert,
        already_assigned=ExpertAssignment.objects.filter(contract=contract).exists(),
        has_signed_notice=True,
        declares_conflict=False,
        names_supplier=False,
        member_of_supplier=False,
    )
    if refusal is not None:
        refuse(refusal)


def notice_file(*, actor, contract, answers, declares_conflict=False, notice=None, now=None):
    """The expert files (or, with `notice`, edits) the draft of their Annex 4 notice for a
    project. A draft that exists for the same project is edited, never doubled."""
    now = now or timezone.now()
    if notice is None:
        guard(actor, "monitoring.notice.file", contract)
    else:
        guard(actor, "monitoring.notice.edit", notice)
        contract = notice.contract
    _check_project(contract)
    clean = conflicts.clean_answers(answers)
    declared = rules.notice_declares_conflict(
        declared=declares_conflict, other=clean["other"]["answer"]
    )
    with transaction.atomic():
        Contract.objects.select_for_update().filter(pk=contract.pk).first()
        existing = (
            ExpertNotice.objects.select_for_update()
            .filter(expert=actor, contract=contract, signed_at__isnull=True)
            .first()
        )
        if notice is not None and (existing is None or existing.pk != notice.pk):
            raise ApplicationError(SIGNED_CHANGED, field="notice")
        created = existing is None
        target = existing or ExpertNotice(expert=actor, contract=contract, created_at=now)
        before = {} if created else conflicts.snapshot(target)
        target.declares_conflict = declared
        conflicts.write_answers(target, clean)
        full_clean_or_raise(target, exclude=["expert", "contract"])
        target.save()
        named = conflicts.set_ngos(target, clean)
        after = conflicts.snapshot(target)
        record(
            target,
            "monitoring.notice.file" if created else "monitoring.notice.edit",
            actor=actor,
            changes={k: [before.get(k), v] for k, v in after.items() if before.get(k) != v},
            data={"contract": contract.pk, "named_ngos": [o.bin for o in named]},
        )
    return target


SIGNED_CHANGED = _("This notice is signed and cannot be changed; file a new notice instead.")


def notice_sign(*, actor, notice, now=None):
    """The expert signs the notice: from now on it never changes."""
    guard(actor, "monitoring.notice.sign", notice)
    now = now or timezone.now()
    with transaction.atomic():
        notice = ExpertNotice.objects.select_for_update().get(pk=notice.pk)
        if notice.signed_at is not None:
            raise ApplicationError(SIGNED_CHANGED, field="notice")
        notice.signed_at = now
        notice.save(update_fields=["signed_at"])
        record(
            notice,
            "monitoring.notice.sign",
            actor=actor,
            changes={"signed_at": [None, now.isoformat()]},
            data={
                "contract": notice.contract_id,
                "declares_conflict": notice.declares_conflict,
                "named_ngos": sorted(notice.named_ngos.values_list("bin", flat=True)),
            },
        )
    return notice


# --- Assignment (M-4) ---------------------------------------------------------------------------


def expert_assign(*, actor, contract, expert, now=None):
    """The body assigns the independent expert of its project; refuses, naming the field and
    writing nothing, when the project needs no expert or has one, or the expert has no signed
    notice for it, declares a conflict, names the implementing NGO or belongs to it."""
    guard(actor, "monitoring.expert.assign", contract)
    now = now or timezone.now()
    if not isinstance(expert, User):
        expert = User.objects.filter(pk=expert).first() if str(expert).isdigit() else None
        if expert is None:
            raise ApplicationError(_("No such expert."), field="expert")
    with transaction.atomic():
        contract = Contract.objects.select_for_update().get(pk=contract.pk)
        notice = selectors.latest_signed_notice(expert.pk, contract.pk)
        is_expert = expert.is_active and expert.has_role(Role.EXPERT)
        refusal = rules.assignment_refusal(
            is_expert=is_expert,
            is_running=contract.status in selectors.MONITORED_STATUSES,
            needs_expert=selectors.who_monitors(contract).needs_expert,
            already_assigned=ExpertAssignment.objects.filter(contract=contract).exists(),
            has_signed_notice=notice is not None,
            declares_conflict=bool(notice and notice.declares_conflict),
            names_supplier=bool(
                notice and any(o.pk == contract.supplier_id for o in notice.named_ngos.all())
            ),
            member_of_supplier=expert.organisation_id == contract.supplier_id,
        )
        if refusal is not None:
            refuse(refusal)
        assignment = ExpertAssignment(
            contract=contract, expert=expert, notice=notice, assigned_at=now, assigned_by=actor
        )
        full_clean_or_raise(assignment, exclude=["contract"])
        try:
            with transaction.atomic():
                assignment.save(force_insert=True)
        except IntegrityError as exc:  # a concurrent assignment: the OneToOne is the DB guard
            raise AlreadyAssigned(
                REFUSALS["already_assigned"], field="contract", code="already_assigned"
            ) from exc
        contract._assigned_expert_id = expert.pk
        record(
            assignment,
            "monitoring.expert.assign",
            actor=actor,
            data={"contract": contract.pk, "expert": expert.pk, "notice": notice.pk},
        )
    return assignment

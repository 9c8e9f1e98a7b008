"""Entering evaluation, exclusions for a conflict of interest and the Annex 7 sheets (E-2,
E-3, E-4): check → lock → change → full_clean → event (X-AUDIT) → notification.

Decisions taken here (see the part's report):
- `evaluations_enter` (the daily due-item `sync` of `evaluation.evaluation_due`) opens, set-
  based and idempotently, an Evaluation for every contract that ended (`ends_on` < today) or
  whose final report was accepted, not terminated, without one; it also gives waiting
  evaluations (no approved council yet) their council once there is one;
- `evaluation_enter` does it for one contract: monitoring's `report_review` calls it when it
  accepts a final report (a call, after its event, in the same transaction);
- a member's conflict (own organisation, latest signed Annex 6 notice naming the NGO) is
  recorded as an Exclusion when the evaluation gets its council; a member may declare one;
- a member has at most one sheet per project; a draft is edited, a signed sheet never
  changes (409); signing needs the four scores;
- the signed Annex 7 is NOT put in the public ledger: it is a member's working paper
  addressed to the body (the public record is Annex 8); xlsx/PDF are rendered from the
  immutable signed row for the member, the body and the authorized body.
"""

from django.db import IntegrityError, connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_update_with_history

from tapsyrys.calendar.rules import local_date
from tapsyrys.contracting.models import Contract
from tapsyrys.core.audit import bulk_create_audited, log_batch
from tapsyrys.core.due import DueItem, due_open
from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.events import record
from tapsyrys.core.permissions import guard
from tapsyrys.core.services import full_clean_or_raise
from tapsyrys.evaluation.models import AssessmentSheet, Evaluation, Exclusion, ExpertCouncil
from tapsyrys.evaluation.rules import sheets as rules
from tapsyrys.evaluation.selectors import sheets as selectors

DUE_KIND = "evaluation.evaluation_due"
CHUNK = 2000
SYNC_LOCK_KEY = 7_410_002  # pg advisory lock of the daily entering step


class SheetConflict(ApplicationError):
    status_code = 409


REFUSALS = {
    rules.NO_COUNCIL: _("The project has no expert council yet: the body's council covering "
                        "the year the project ended is not approved."),
    rules.NOT_A_MEMBER: _("You are not a member of the expert council that evaluates this "
                          "project."),
    rules.CONFLICTED: _("You are excluded from this project for a conflict of interest "
                        "regarding its NGO."),
    rules.COMPLETED: _("The evaluation of this project is completed: sheets no longer change."),
    rules.SIGNED: _("This sheet is signed and cannot be changed."),
}  # fmt: skip
SECOND_SHEET = _("You already have an assessment sheet for this project: edit it.")


def due_deadline(opened_on):
    from django.conf import settings

    days = getattr(settings, "EVALUATION_DUE_WORKING_DAYS", rules.EVALUATION_DUE_WORKING_DAYS)
    return lambda cal: rules.due_deadline(opened_on, cal, days)


# --- Entering evaluation (E-2) -----------------------------------------------------------------


def _lock_sync():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SYNC_LOCK_KEY])


def _due_values(opened_on):
    from tapsyrys.core.due import computed_fields

    return computed_fields(due_deadline(opened_on))


def _open_due_items(evaluations, values, now):
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(Evaluation)
    # X-AUDIT: due items are the mechanism's bookkeeping; the evaluations they follow are
    # written with row history and the batch event.
    DueItem.objects.bulk_create(
        [
            DueItem(
                kind=DUE_KIND,
                content_type=ct,
                object_id=e.pk,
                state=DueItem.State.OPEN,
                created_at=now,
                **values,
            )
            for e in evaluations
        ],
        batch_size=CHUNK,
        ignore_conflicts=True,
    )


def record_exclusions(evaluations, *, now):
    """Exclusion rows for the conflicts found now and not yet recorded (set-based)."""
    found = selectors.conflict_map(evaluations)
    recorded = set(
        Exclusion.objects.filter(evaluation_id__in=list(found)).values_list(
            "evaluation_id", "member_id"
        )
    )
    rows = [
        Exclusion(
            evaluation_id=ev_id, member_id=member_id, reason=reason, details=details,
            recorded_at=now,
        )
        for ev_id, members in found.items()
        for member_id, (reason, details) in sorted(members.items())
        if (ev_id, member_id) not in recorded
    ]  # fmt: skip
    return bulk_create_audited(
        Exclusion, rows, action="evaluation.exclusion.recorded", actor_label="evaluation"
    )


def evaluations_enter(*, now=None):
    """The daily step: every contract that entered evaluation and has none gets its
    Evaluation (with its due item and exclusions), in chunks; waiting evaluations get their
    council. Idempotent; two runs at once serialise on a lock. Returns the number opened."""
    now = now or timezone.now()
    today = local_date(now)
    values = None
    made = 0
    while True:
        with transaction.atomic():
            _lock_sync()
            chunk = list(selectors.contracts_to_enter(today=today)[:CHUNK])
            if not chunk:
                break
            values = values or _due_values(today)
            rows = [
                Evaluation(
                    contract_id=c.pk,
                    council_id=c.council_id_found,
                    reason=rules.entry_reason(
                        status=c.status, ends_on=c.ends_on, final_accepted=c.final_accepted,
                        today=today,
                    ),
                    opened_at=now,
                    due_at=values["due_at"],
                )
                for c in chunk
            ]  # fmt: skip
            rows = bulk_create_audited(
                Evaluation, rows, action="evaluation.evaluation.opened", actor_label="daily job",
                data={"due_at": values["due_at"].isoformat()},
            )  # fmt: skip
            _open_due_items(rows, values, now)
            record_exclusions([r for r in rows if r.council_id], now=now)
            made += len(rows)
    councils_attach(now=now)
    return made


def councils_attach(*, now=None):
    """Open evaluations without a council get the body's approved council covering the year
    the project ended, once there is one (set-based); their exclusions are recorded."""
    now = now or timezone.now()
    found = Subquery(
        ExpertCouncil.objects.filter(
            body_id=OuterRef("contract__body_id"),
            status=ExpertCouncil.Status.APPROVED,
            first_year__lte=OuterRef("contract__ends_on__year"),
            last_year__gte=OuterRef("contract__ends_on__year"),
        )
        .order_by("-first_year")
        .values("pk")[:1]
    )
    with transaction.atomic():
        waiting = list(
            Evaluation.objects.select_for_update(of=("self",))
            .filter(status=Evaluation.Status.OPEN, council__isnull=True)
            .annotate(found=found)
            .filter(found__isnull=False)[:CHUNK]
        )
        if not waiting:
            return 0
        for e in waiting:
            e.council_id = e.found
        bulk_update_with_history(waiting, Evaluation, ["council"], batch_size=CHUNK)
        log_batch(Evaluation, "evaluation.evaluation.council_attached", waiting,
                  actor_label="daily job")  # fmt: skip
        record_exclusions(waiting, now=now)
    return len(waiting)


def evaluation_enter(contract, *, reason=rules.FINAL_REPORT, actor=None, now=None):
    """One contract enters evaluation now (e.g. its final report was just accepted). Returns
    its Evaluation (the existing one when it has one: a project is evaluated once)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Contract.objects.select_for_update().get(pk=contract.pk)
        existing = Evaluation.objects.filter(contract=locked).first()
        if existing is not None or locked.status in rules.NEVER_EVALUATED:
            return existing
        council = selectors.council_for(locked)
        evaluation = Evaluation(contract=locked, council=council, reason=reason, opened_at=now)
        full_clean_or_raise(evaluation, exclude=["contract", "council"])
        evaluation.save()
        due_open(evaluation, DUE_KIND, due_deadline(local_date(now)), now=now)
        record(
            evaluation,
            "evaluation.evaluation.open",
            actor=actor,
            data={"contract": locked.pk, "reason": reason, "council": council and council.pk},
        )
        if council is not None:
            record_exclusions([evaluation], now=now)
    return evaluation


# --- Exclusions --------------------------------------------------------------------------------


def exclusion_declare(*, actor, evaluation, details, now=None):
    """A council member declares a conflict of interest for this project: excluded from it."""
    guard(actor, "evaluation.exclusion.declare", evaluation)
    now = now or timezone.now()
    details = rules.clean_comment(details, field="details")
    if not details:
        raise ApplicationError(_("Say what the conflict of interest is."), field="details")
    member = selectors.membership(actor, evaluation)
    if member is None:
        raise ApplicationError(REFUSALS[rules.NOT_A_MEMBER], field="evaluation")
    with transaction.atomic():
        locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        if locked.status != Evaluation.Status.OPEN:
            raise SheetConflict(REFUSALS[rules.COMPLETED], field="evaluation")
        if Exclusion.objects.filter(evaluation=locked, member=member).exists():
            raise SheetConflict(_("You are already excluded from this project."),
                                field="evaluation")  # fmt: skip
        exclusion = Exclusion(
            evaluation=locked, member=member, reason=Exclusion.Reason.DECLARED,
            details=details, recorded_at=now,
        )  # fmt: skip
        full_clean_or_raise(exclusion, exclude=["evaluation", "member"])
        exclusion.save()
        record(exclusion, "evaluation.exclusion.declare", actor=actor,
               data={"evaluation": locked.pk, "member": member.pk})  # fmt: skip
    return exclusion


# --- Sheets (Annex 7) --------------------------------------------------------------------------


def _refuse_fill(actor, evaluation, *, member):
    refusal = rules.sheet_refusal(
        is_member=member is not None,
        has_council=evaluation.council_id is not None,
        conflicted=member is not None and member.pk in selectors.conflicts(evaluation),
        completed=evaluation.status != Evaluation.Status.OPEN,
    )
    if refusal == rules.COMPLETED:
        raise SheetConflict(REFUSALS[refusal], field="evaluation")
    if refusal is not None:
        raise ApplicationError(REFUSALS[refusal], field="evaluation")


def _snapshot(sheet):
    return {code: getattr(sheet, code) for code in (*rules.CRITERIA, "recommendations")}


def _write(sheet, clean):
    for key, value in clean.items():
        setattr(sheet, key, value)


def sheet_create(*, actor, evaluation, data, now=None):
    """The member's draft sheet for a project in evaluation (at most one per member)."""
    guard(actor, "evaluation.sheet.fill", evaluation)
    now = now or timezone.now()
    clean = rules.clean_sheet(data)
    with transaction.atomic():
        locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        member = selectors.membership(actor, locked)
        _refuse_fill(actor, locked, member=member)
        if AssessmentSheet.objects.filter(evaluation=locked, member=member).exists():
            raise SheetConflict(SECOND_SHEET, field="evaluation")
        sheet = AssessmentSheet(evaluation=locked, member=member, created_at=now)
        _write(sheet, clean)
        full_clean_or_raise(sheet, exclude=["evaluation", "member"])
        try:
            with transaction.atomic():
                sheet.save(force_insert=True)
        except IntegrityError as exc:  # a concurrent second sheet: the unique constraint
            raise SheetConflict(SECOND_SHEET, field="evaluation") from exc
        record(sheet, "evaluation.sheet.create", actor=actor,
               data={"evaluation": locked.pk, **_snapshot(sheet)})  # fmt: skip
    return sheet


def sheet_update(*, actor, sheet, data, now=None):
    """The member edits their draft; a signed sheet is refused (409), nothing written."""
    guard(actor, "evaluation.sheet.edit", sheet)
    clean = rules.clean_sheet(data)
    with transaction.atomic():
        locked = AssessmentSheet.objects.select_for_update().get(pk=sheet.pk)
        if locked.signed_at is not None:
            raise SheetConflict(REFUSALS[rules.SIGNED], field="sheet")
        evaluation = Evaluation.objects.get(pk=locked.evaluation_id)
        _refuse_fill(actor, evaluation, member=locked.member)
        before = _snapshot(locked)
        _write(locked, clean)
        full_clean_or_raise(locked, exclude=["evaluation", "member"])
        locked.save()
        after = _snapshot(locked)
        record(locked, "evaluation.sheet.edit", actor=actor,
               changes={k: [before[k], v] for k, v in after.items() if before[k] != v},
               data={"evaluation": evaluation.pk})  # fmt: skip
    return locked


def sheet_save(*, actor, evaluation, data, now=None):
    """Create the member's draft or edit it (the page's one form)."""
    member = selectors.membership(actor, evaluation)
    existing = selectors.sheet_of(member, evaluation)
    if existing is None:
        return sheet_create(actor=actor, evaluation=evaluation, data=data, now=now)
    return sheet_update(actor=actor, sheet=existing, data=data, now=now)


def sheet_sign(*, actor, sheet, now=None):
    """The member signs the sheet: it needs its four scores and never changes again."""
    guard(actor, "evaluation.sheet.sign", sheet)
    now = now or timezone.now()
    with transaction.atomic():
        locked = AssessmentSheet.objects.select_for_update().get(pk=sheet.pk)
        if locked.signed_at is not None:
            raise SheetConflict(REFUSALS[rules.SIGNED], field="sheet")
        evaluation = Evaluation.objects.get(pk=locked.evaluation_id)
        _refuse_fill(actor, evaluation, member=locked.member)
        rules.clean_sheet(_snapshot_full(locked), signing=True)
        locked.signed_at = now
        locked.save(update_fields=["signed_at"])
        record(locked, "evaluation.sheet.sign", actor=actor,
               changes={"signed_at": [None, now.isoformat()]},
               data={"evaluation": evaluation.pk, "total": locked.total})  # fmt: skip
    return locked


def _snapshot_full(sheet):
    data = {}
    for code in rules.CRITERIA:
        data[code] = getattr(sheet, code)
        data[f"{code}_comment"] = getattr(sheet, f"{code}_comment")
    data["recommendations"] = sheet.recommendations
    return data

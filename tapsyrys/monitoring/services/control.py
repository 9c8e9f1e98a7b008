"""Information requests, the review of stage reports and the special control group (M-5, M-7).

When a project joins the special control group (`SpecialControlCase`):
- overdue: the day after the due date, by the daily job (deadlines/control.py);
- returned: when the body returns a report with remarks (`report_review`);
- incomplete: when the body returns a report marking required sections as incomplete
  (a report cannot be submitted with an empty section — contracting refuses it — so
  incompleteness of content is the body's finding on review).
"""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tapsyrys.calendar.rules import local_date
from tapsyrys.contracting import rules as crules
from tapsyrys.contracting import services as contracting
from tapsyrys.contracting.models import Contract, StageReport
from tapsyrys.core.due import DueItem, due_met, due_open
from tapsyrys.core.errors import ApplicationError, TransitionNotAllowed
from tapsyrys.core.events import record
from tapsyrys.core.files import store_upload
from tapsyrys.core.permissions import guard
from tapsyrys.core.services import full_clean_or_raise

from ..deadlines.control import CORRECTION_DUE, REQUEST_DUE
from ..models import (
    ControlDecision,
    InformationRequest,
    InformationRequestFile,
    ReportReview,
    SpecialControlCase,
)
from ..rules import control as rules

MAX_FILES = 5  # per answer


def _today(now):
    return local_date(now)


def _text(value, field, *, required=True, max_length=4000):
    value = value if isinstance(value, str) else ("" if value is None else None)
    if value is None:
        raise ApplicationError(_("Enter text."), field=field)
    value = value.strip()
    if required and not value:
        raise ApplicationError(_("This field is required."), field=field)
    if len(value) > max_length:
        raise ApplicationError(_("At most %(n)s characters.") % {"n": max_length}, field=field)
    return value


# --- Information requests (M-5) ---------------------------------------------------------------


def request_create(*, contract, actor, subject, text, due_date, now=None):
    """The monitor asks the NGO for information or documents by a date (a due item)."""
    guard(actor, "monitoring.request.create", contract)
    now = now or timezone.now()
    subject = _text(subject, "subject", max_length=300)
    text = _text(text, "text")
    if not isinstance(due_date, dt.date):
        raise ApplicationError(_("Enter a valid date."), field="due_date")
    problem = rules.due_date_problem(due_date, today=_today(now), field="due_date")
    if problem:
        raise ApplicationError(problem[1], field=problem[0])
    with transaction.atomic():
        Contract.objects.select_for_update().filter(pk=contract.pk).first()
        request = InformationRequest(
            contract=contract,
            subject=subject,
            text=text,
            due_date=due_date,
            asked_by=actor,
            asked_at=now,
        )
        full_clean_or_raise(request)
        request.save()
        due_open(request, REQUEST_DUE, due_date, now=now)
        record(
            request,
            "monitoring.request.created",
            actor=actor,
            data={"due_date": due_date.isoformat(), "contract": contract.pk},
        )
    return request


def request_answer(*, request, actor, answer, uploads=(), now=None):
    """The NGO answers with text and files; the request is then met."""
    guard(actor, "monitoring.request.answer", request)
    now = now or timezone.now()
    answer = _text(answer, "answer")
    uploads = [u for u in uploads if u is not None]
    if len(uploads) > MAX_FILES:
        raise ApplicationError(_("At most %(n)s files.") % {"n": MAX_FILES}, field="files")
    with transaction.atomic():
        locked = (
            InformationRequest.objects.select_for_update(of=("self",))
            .select_related("contract__supplier", "contract__body")
            .get(pk=request.pk)
        )
        if locked.status != InformationRequest.Status.OPEN:
            raise ApplicationError(_("This request has already been answered."), field="answer")
        contract = locked.contract
        for upload in uploads:
            stored = store_upload(
                upload,
                actor=actor,
                owner_org=contract.supplier,
                viewer_org=contract.body,
                field="files",
            )
            InformationRequestFile.objects.create(request=locked, file=stored, added_at=now)
        locked.answer = answer
        locked.answered_by = actor
        locked.answered_at = now
        locked.status = InformationRequest.Status.ANSWERED
        full_clean_or_raise(locked)
        locked.save()
        due_met(locked, REQUEST_DUE, now=now)
        record(
            locked,
            "monitoring.request.answered",
            actor=actor,
            changes={"status": ["open", "answered"]},
            data={"files": len(uploads), "late": _today(now) > locked.due_date},
        )
    return locked


# --- Review of stage reports (M-7) -------------------------------------------------------------


def required_sections(report, *, is_final):
    """The required sections of a report (field, label), as contracting defines them."""
    sections = list(crules.TEXT_SECTIONS) + [
        ("indicator_actuals", _("indicator actuals")),
        ("coverage_reached", _("coverage reached")),
    ]
    if is_final:
        sections.append(("financial_report", _("financial report")))
    return sections


def report_review(*, report, actor, decision, remarks="", incomplete_sections=(), now=None):
    """The body accepts a submitted version or returns it with remarks. A return puts the
    project into special control (reason `incomplete` when sections are marked incomplete,
    else `returned`); the NGO is told and corrects the report (a new version)."""
    guard(actor, "monitoring.report.review", report)
    now = now or timezone.now()
    if decision not in ReportReview.Decision.values:
        raise ApplicationError(_("Choose accept or return."), field="decision")
    remarks = _text(remarks, "remarks", required=decision == ReportReview.Decision.RETURNED)
    if isinstance(incomplete_sections, str) or not isinstance(
        incomplete_sections, (list, tuple, set)
    ):
        raise ApplicationError(_("Unknown section."), field="incomplete_sections")
    with transaction.atomic():
        locked = (
            StageReport.objects.select_for_update(of=("self",))
            .select_related("stage", "contract__supplier", "contract__body")
            .get(pk=report.pk)
        )
        if locked.status != StageReport.Status.SUBMITTED:
            raise ApplicationError(_("Only a submitted report is reviewed."), field="decision")
        if StageReport.objects.filter(
            stage_id=locked.stage_id, version__gt=locked.version
        ).exists():
            raise ApplicationError(
                _("A newer version of this report exists: review that one."), field="decision"
            )
        if ReportReview.objects.filter(report=locked).exists():
            raise ApplicationError(_("This version has already been reviewed."), field="decision")
        allowed = {f for f, _label in required_sections(locked, is_final=locked.stage.is_final)}
        marked = sorted({str(s) for s in incomplete_sections})
        if any(s not in allowed for s in marked):
            raise ApplicationError(_("Unknown section."), field="incomplete_sections")
        if marked and decision == ReportReview.Decision.ACCEPTED:
            raise ApplicationError(
                _("A report with incomplete sections is returned, not accepted."),
                field="incomplete_sections",
            )
        review = ReportReview(
            report=locked,
            contract=locked.contract,
            decision=decision,
            remarks=remarks,
            incomplete_sections=marked,
            reviewed_by=actor,
            reviewed_at=now,
        )
        full_clean_or_raise(review)
        review.save()
        case = None
        if decision == ReportReview.Decision.RETURNED:
            reason = (
                SpecialControlCase.Reason.INCOMPLETE
                if marked
                else SpecialControlCase.Reason.RETURNED
            )
            case = _case_open(locked.contract, reason, report=locked, actor=actor, now=now)
        record(
            review,
            "monitoring.report.reviewed",
            actor=actor,
            data={
                "decision": decision,
                "version": locked.version,
                "incomplete_sections": marked,
                "case": case.pk if case else None,
            },
        )
        if decision == ReportReview.Decision.ACCEPTED and locked.stage.is_final:
            # E-2: the project enters evaluation when its final report is accepted
            from tapsyrys.evaluation.services.sheets import evaluation_enter

            evaluation_enter(locked.contract, reason="final_report", actor=actor, now=now)
    return review


def _case_open(contract, reason, *, report=None, actor=None, now):
    """Open the project's case unless one is open (one open case per project)."""
    Contract.objects.select_for_update().filter(pk=contract.pk).first()
    existing = SpecialControlCase.objects.filter(contract=contract, closed_at__isnull=True).first()
    if existing is not None:
        return existing
    case = SpecialControlCase(
        contract=contract,
        reason=reason,
        stage_id=report.stage_id if report else None,
        report=report,
        opened_at=now,
    )
    full_clean_or_raise(case)
    case.save()
    # the NGO is told by the notice of what caused it (the review, the missing report)
    record(case, "monitoring.case.opened", actor=actor, data={"reason": str(reason)})
    return case


# --- Decisions in special control (M-7) -------------------------------------------------------


def decision_record(
    *,
    case,
    actor,
    kind,
    remarks="",
    new_due_date=None,
    refund_amount=None,
    upload=None,
    now=None,
):
    """The body's decision on a project in special control, audited and shown to the NGO:
    a correction with a new due date (a due item), accept (closes the case), suspend,
    close the project (closes the case), terminate the contract (the contract's status
    transitions, C-3), a refund with an amount (more than 0, at most the contract amount)."""
    guard(actor, "monitoring.case.decide", case)
    now = now or timezone.now()
    if kind not in rules.DECISION_KINDS:
        raise ApplicationError(_("Choose a decision."), field="kind")
    remarks = _text(remarks, "remarks", required=False)
    if kind == rules.REQUEST_CORRECTION:
        if new_due_date is not None and not isinstance(new_due_date, dt.date):
            raise ApplicationError(_("Enter a valid date."), field="new_due_date")
        problem = rules.due_date_problem(new_due_date, today=_today(now))
        if problem:
            raise ApplicationError(problem[1], field=problem[0])
    else:
        new_due_date = None
    if kind == rules.REFUND:
        if refund_amount is not None:
            try:
                refund_amount = rules.parse_amount(refund_amount)
            except ValueError as exc:
                raise ApplicationError(str(exc), field="refund_amount") from None
        problem = rules.refund_problem(refund_amount, case.contract.amount)
        if problem:
            raise ApplicationError(problem[1], field=problem[0])
    else:
        refund_amount = None
    with transaction.atomic():
        locked = (
            SpecialControlCase.objects.select_for_update(of=("self",))
            .select_related("contract__body", "contract__supplier")
            .get(pk=case.pk)
        )
        if not locked.is_open:
            raise ApplicationError(_("This case is closed."), field="kind")
        contract = locked.contract
        document = None
        if upload is not None:
            document = store_upload(
                upload,
                actor=actor,
                owner_org=contract.body,
                viewer_org=contract.supplier,
                field="document",
            )
        target = rules.decision_transition(kind)
        if target is not None and target != contract.status:
            try:
                contract = contracting.contract_transition(
                    contract=contract, actor=actor, target=target, reason=remarks
                )
            except TransitionNotAllowed as exc:
                raise TransitionNotAllowed(exc.message, field="kind") from None
        decision = ControlDecision(
            case=locked,
            kind=kind,
            decided_at=now,
            decided_by=actor,
            remarks=remarks,
            new_due_date=new_due_date,
            refund_amount=refund_amount,
            document=document,
        )
        full_clean_or_raise(decision)
        decision.save()
        # an earlier correction request of this case is answered by this decision (its due
        # item is the mechanism's bookkeeping; the decision's event below records the answer)
        earlier = ControlDecision.objects.filter(case=locked, kind=rules.REQUEST_CORRECTION)
        DueItem.objects.filter(
            kind=CORRECTION_DUE,
            content_type=ContentType.objects.get_for_model(ControlDecision),
            object_id__in=earlier.exclude(pk=decision.pk).values("pk"),
            state=DueItem.State.OPEN,
        ).update(state=DueItem.State.MET, closed_at=now)
        if kind == rules.REQUEST_CORRECTION:
            due_open(decision, CORRECTION_DUE, new_due_date, now=now)
        record(
            decision,
            "monitoring.decision.recorded",
            actor=actor,
            data={
                "kind": kind,
                "case": locked.pk,
                "new_due_date": new_due_date.isoformat() if new_due_date else None,
                "refund_amount": str(refund_amount) if refund_amount is not None else None,
            },
        )
        if rules.decision_closes_case(kind):
            locked.closed_at = now
            locked.save(update_fields=["closed_at"])
            record(
                locked,
                "monitoring.case.closed",
                actor=actor,
                changes={"closed_at": [None, now.isoformat()]},
                data={"decision": decision.pk},
            )
    decision.case = locked
    return decision

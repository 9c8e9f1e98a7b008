"""Closing an evaluation and its Annex 8 report (E-5, §19), the posting on the public
procurement web portal, and what the posting hands on (E-9: evidence for the next formation
cycle; E-6: contracting's act gate reads the posting). check → lock → change → full_clean →
event (X-AUDIT) → notification (X-NOTIFY).

Decisions (see the report of the reports part and `rules/reports.py`):
- the body completes the evaluation: refused with no counted sheet, or while a member who is
  not excluded holds an unsigned draft; the report is formed in the same transaction, Annex 8
  kk/ru × xlsx/PDF is published in the ledger (version 1, "not yet posted") and the posting
  falls due (3 working days);
- the posting (date, portal reference) is recorded once; Annex 8 gets a new ledger version with
  the posting line, the due item is met, and the results go into the body's register of
  sources (formation.Evidence, kind MONITORING, linked to the project and its area).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from tapsyrys.calendar.rules import local_date
from tapsyrys.core.due import due_met, due_open
from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.events import record
from tapsyrys.core.permissions import guard
from tapsyrys.core.services import full_clean_or_raise
from tapsyrys.formation import services as formation
from tapsyrys.publishing.annex8 import annex8_document
from tapsyrys.publishing.models import DocumentKind
from tapsyrys.publishing.services import ledger_publish_form

from ..deadlines.reports import POSTING_DUE
from ..models import CRITERIA, Evaluation, EvaluationReport
from ..rules import reports as rules
from ..selectors import reports as selectors


class AlreadyDone(ApplicationError):
    status_code = 409


def _refuse(code):
    message, field = rules.REFUSALS[code]
    error = AlreadyDone if code == "not_open" else ApplicationError
    raise error(message, field=field, code=code)


def _publish(report, *, actor, now, excluded=None):
    data = selectors.report_data(report, excluded=excluded)
    contract = report.evaluation.contract
    entries = ledger_publish_form(
        kind=DocumentKind.ANNEX8,
        obj=report,
        documents={lang: annex8_document(lang=lang, report=data) for lang in ("kk", "ru")},
        stem=f"annex8_{contract.pk}",
        label=f"№ {contract.number}",
        actor=actor,
        now=now,
    )
    return {
        "version": entries[0].version if entries else None,
        "entries": [{"seq": e.seq, "sha256": e.sha256} for e in entries],
    }


def evaluation_complete(*, actor, evaluation, now=None):
    """The body closes the evaluation: the Annex 8 report from the counted sheets."""
    guard(actor, "evaluation.evaluation.complete", evaluation)
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            Evaluation.objects.select_for_update(of=("self",))
            .select_related("contract__body", "contract__supplier", "contract__lot__area")
            .get(pk=evaluation.pk)
        )
        state = selectors.completion_state(locked)
        refusal = rules.completion_refusal(
            is_open=locked.status == Evaluation.Status.OPEN,
            has_council=locked.council_id is not None,
            counted=state["counted"],
            drafts_pending=state["drafts_pending"],
        )
        if refusal is not None:
            _refuse(refusal)
        sheets = list(selectors.counted_sheets(locked))
        averages = rules.averages([{c: getattr(s, c) for c in CRITERIA} for s in sheets])
        report = EvaluationReport(
            evaluation=locked,
            total=averages["total"],
            sheets_counted=len(sheets),
            recommendations=rules.compile_comments([s.recommendations for s in sheets]),
            formed_at=now,
        )
        for code in CRITERIA:
            setattr(report, code, averages[code])
            setattr(
                report,
                f"{code}_comments",
                rules.compile_comments([getattr(s, f"{code}_comment") for s in sheets]),
            )
        locked.status = Evaluation.Status.COMPLETED
        locked.completed_at = now
        locked.completed_by = actor
        full_clean_or_raise(locked)
        locked.save(update_fields=["status", "completed_at", "completed_by"])
        full_clean_or_raise(report, exclude=["evaluation"])
        try:
            with transaction.atomic():
                report.save(force_insert=True)
        except IntegrityError as exc:  # pragma: no cover - the lock above serialises
            raise AlreadyDone(rules.REFUSALS["not_open"][0], field="evaluation") from exc
        completed_on = local_date(now)
        due_open(
            report,
            POSTING_DUE,
            lambda cal: rules.posting_deadline(completed_on, cal),
            now=now,
        )
        published = _publish(report, actor=actor, now=now, excluded=state["excluded"])
        record(
            locked,
            "evaluation.evaluation.complete",
            actor=actor,
            changes={"status": ["open", "completed"]},
            data={
                "contract": locked.contract_id,
                "report": report.pk,
                "sheets": [s.pk for s in sheets],
                "averages": {k: str(v) for k, v in averages.items()},
                "annex8": published,
            },
        )
    return report


ALREADY_POSTED = _("The posting of this Annex 8 report is already recorded.")


def report_post(*, actor, report, posted_on, portal_reference, now=None):
    """The body records the posting of the Annex 8 report on the public procurement web
    portal (date, reference)."""
    guard(actor, "evaluation.report.post", report)
    now = now or timezone.now()
    reference = (portal_reference or "").strip()
    problem = rules.reference_problem(reference)
    if problem:
        raise ApplicationError(problem, field="portal_reference")
    with transaction.atomic():
        locked = (
            EvaluationReport.objects.select_for_update(of=("self",))
            .select_related(
                "evaluation__contract__body",
                "evaluation__contract__supplier",
                "evaluation__contract__lot__area",
            )
            .get(pk=report.pk)
        )
        if locked.is_posted:
            raise AlreadyDone(ALREADY_POSTED, field="report")
        completed_on = local_date(locked.evaluation.completed_at or locked.formed_at)
        problem = rules.posting_problem(posted_on, completed_on=completed_on, today=local_date(now))
        if problem:
            raise ApplicationError(problem, field="posted_on")
        locked.posted_on = posted_on
        locked.portal_reference = reference
        locked.posted_at = now
        locked.posted_by = actor
        full_clean_or_raise(locked, exclude=["evaluation"])
        locked.save(update_fields=["posted_on", "portal_reference", "posted_at", "posted_by"])
        due_met(locked, POSTING_DUE, now=now)
        published = _publish(locked, actor=actor, now=now)
        evidence = _evidence(locked, actor=actor, now=now)
        record(
            locked,
            "evaluation.report.post",
            actor=actor,
            changes={
                "posted_on": [None, posted_on.isoformat()],
                "portal_reference": ["", reference],
            },
            data={
                "contract": locked.evaluation.contract_id,
                "annex8": published,
                "evidence": evidence.pk,
            },
        )
    return locked


def _evidence(report, *, actor, now):
    """E-9: the results and recommendations as a source of the body's next formation cycle."""
    contract = report.evaluation.contract
    lot = contract.lot
    title = {}  # X-I18N: the source's title in both languages (formation.Evidence)
    for lang in ("kk", "ru"):
        with translation.override(lang):
            title[lang] = str(_("Evaluation of the project “%(name)s” (contract № %(number)s): Annex 8 total "
                            "%(total)s") % {"name": lot.name, "number": contract.number, "total": report.total})  # fmt: skip
    lines = [f"{code}: {getattr(report, code)}" for code in CRITERIA]
    if report.recommendations:
        lines.append(
            str(_("Recommendations and proposals: %(text)s") % {"text": report.recommendations})
        )
    return formation.evidence_from_evaluation(
        body=contract.body,
        contract=contract,
        area=lot.area,
        title=title,
        date=report.posted_on,
        description="\n".join(lines),
        actor=actor,
        now=now,
    )

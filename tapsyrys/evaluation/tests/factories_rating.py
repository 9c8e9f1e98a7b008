"""Builders for the rating part's tests: stage reports submitted at a chosen moment (through
contracting's and monitoring's services) and Annex 8 reports.

`evaluation_report` writes `Evaluation` and `EvaluationReport` rows directly (the reports
part owns their services; the lead reconciles): the rating only reads them."""

import datetime as dt
from decimal import Decimal

from tapsyrys.calendar.rules import ALMATY
from tapsyrys.contracting import services as cs
from tapsyrys.contracting.models import ReportStage
from tapsyrys.contracting.tests.factories import complete_fields
from tapsyrys.monitoring.services import control as control_services

from ..models import Evaluation, EvaluationReport


def at(day, hour=10):
    return dt.datetime.combine(day, dt.time(hour), tzinfo=ALMATY)


def submit_stage(contract, ngo_user, kind=ReportStage.Kind.FIRST_INTERIM, *, days_late=0):
    """Submit the stage's report complete, `days_late` days after its due date (0: on it)."""
    stage = contract.stages.get(kind=kind)
    report = cs.report_start(stage=stage, actor=ngo_user)
    cs.report_save_draft(
        report=report,
        actor=ngo_user,
        fields=complete_fields(contract, final=stage.is_final),
    )
    moment = at(stage.due_date + dt.timedelta(days=days_late))
    return cs.report_submit(report=report, actor=ngo_user, now=moment)


def review(report, body_user, *, incomplete=(), remarks="Дополните разделы"):
    """The body's review: accepted, or returned with the sections it marks incomplete."""
    if incomplete:
        return control_services.report_review(
            report=report,
            actor=body_user,
            decision="returned",
            remarks=remarks,
            incomplete_sections=list(incomplete),
        )
    return control_services.report_review(report=report, actor=body_user, decision="accepted")


def evaluation_report(contract, scores, *, posted_on=dt.date(2026, 1, 20), reference="GZ-1"):
    """An Annex 8 report of `contract` with the council's four averages `scores`
    (results, positive effect, continuation, long-term effect); posted on `posted_on`
    (None: formed, not posted)."""
    results, positive, continuation, long_term = (Decimal(str(s)) for s in scores)
    evaluation = Evaluation.objects.create(contract=contract, reason=Evaluation.Reason.ENDED)
    posted = posted_on is not None
    return EvaluationReport.objects.create(
        evaluation=evaluation,
        results=results,
        positive_effect=positive,
        continuation=continuation,
        long_term_effect=long_term,
        total=results + positive + continuation + long_term,
        sheets_counted=3,
        posted_on=posted_on,
        portal_reference=reference if posted else "",
        posted_at=at(posted_on) if posted else None,
    )

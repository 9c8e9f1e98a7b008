"""E-5 (§19, Annex 8): the body closes the evaluation → the report with the council's averages
(two decimals half up) and comments, published in the ledger, its posting due in 3 working
days; refusals write nothing; the posting (date, reference) meets the due item, publishes a
new version and hands the results on as evidence (E-9)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tapsyrys.calendar.rules import day_end
from tapsyrys.core.due import DueItem, due_for
from tapsyrys.core.errors import ApplicationError, NotPermitted
from tapsyrys.core.models import AuditEvent
from tapsyrys.evaluation.deadlines.reports import POSTING_DUE
from tapsyrys.evaluation.models import Evaluation, EvaluationReport
from tapsyrys.formation.models import Evidence, EvidenceKind
from tapsyrys.publishing.models import DocumentKind, LedgerEntry

from .factories_reports import close, evaluation_make, member_make, post, sheet_make

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture(autouse=True)
def english(settings):
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _nothing_written():
    assert not EvaluationReport.objects.exists()
    assert not LedgerEntry.objects.filter(kind=DocumentKind.ANNEX8).exists()
    assert not AuditEvent.objects.filter(action="evaluation.evaluation.complete").exists()


def test_the_issue_sheets_give_the_issue_averages(body_user, ngo):
    evaluation = evaluation_make(body_user, ngo)
    report = close(body_user, evaluation)
    assert (report.results, report.positive_effect, report.continuation,
            report.long_term_effect, report.total) == (
        D("4.00"), D("4.33"), D("3.67"), D("4.33"), D("16.33"))  # fmt: skip
    assert report.sheets_counted == 3
    assert report.results_comments.count("\n") == 2 and report.results_comments.startswith("1) ")
    assert "продолжить" in report.recommendations
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.COMPLETED and evaluation.completed_by == body_user
    entries = LedgerEntry.objects.filter(kind=DocumentKind.ANNEX8)
    assert sorted((e.language, e.format, e.version) for e in entries) == [
        ("kk", "pdf", 1), ("kk", "xlsx", 1), ("ru", "pdf", 1), ("ru", "xlsx", 1)]  # fmt: skip
    event = AuditEvent.objects.get(action="evaluation.evaluation.complete")
    assert event.data["averages"]["total"] == "16.33" and event.data["annex8"]["version"] == 1


def test_the_posting_falls_due_on_the_third_working_day(body_user, ngo):
    # completed on Wednesday 05.03.2025: 6, 7, (8 Sat holiday, 9 Sun, 10 its day off), 11
    now = dt.datetime(2025, 3, 5, 10, 0, tzinfo=dt.UTC)
    report = close(body_user, evaluation_make(body_user, ngo), now=now)
    item = due_for(report, POSTING_DUE)
    assert item.state == DueItem.State.OPEN and item.due_at == day_end(dt.date(2025, 3, 11))
    report.refresh_from_db()
    assert report.posting_due_at == item.due_at


def test_an_excluded_member_and_a_member_of_the_ngo_are_not_in_the_averages(
    body_user, ngo, ngo_user
):
    evaluation = evaluation_make(body_user, ngo, scores=[(4, 4, 4, 4)], excluded=[(1, 1, 1, 1)])
    insider = member_make(evaluation.council, ngo_user)  # belongs to the implementing NGO
    sheet_make(evaluation, insider, (1, 1, 1, 1))
    report = close(body_user, evaluation)
    assert report.sheets_counted == 1 and report.total == D("16.00")
    assert "excluded" not in report.results_comments


def test_refused_with_no_signed_sheet(body_user, ngo):
    evaluation = evaluation_make(body_user, ngo, scores=[], excluded=[(5, 5, 5, 5)])
    with pytest.raises(ApplicationError) as refused:
        close(body_user, evaluation)
    assert refused.value.field == "sheets" and "Annex 8" in str(refused.value.message)
    _nothing_written()
    assert Evaluation.objects.get(pk=evaluation.pk).status == Evaluation.Status.OPEN


def test_refused_while_a_member_holds_an_unsigned_draft(body_user, ngo):
    evaluation = evaluation_make(body_user, ngo, drafts=[(3, 3, 3, 3)])
    with pytest.raises(ApplicationError) as refused:
        close(body_user, evaluation)
    assert refused.value.field == "sheets" and "unsigned" in str(refused.value.message)
    _nothing_written()


def test_an_excluded_members_draft_does_not_block(body_user, ngo):
    evaluation = evaluation_make(body_user, ngo, scores=[(2, 2, 2, 2)])
    member = member_make(evaluation.council)
    from tapsyrys.evaluation.models import Exclusion

    Exclusion.objects.create(evaluation=evaluation, member=member, reason="declared")
    sheet_make(evaluation, member, (5, 5, 5, 5), signed=False)
    assert close(body_user, evaluation).total == D("8.00")


def test_refused_without_a_council(body_user, ngo):
    evaluation = evaluation_make(body_user, ngo, scores=[], council=False)
    with pytest.raises(ApplicationError) as refused:
        close(body_user, evaluation)
    assert refused.value.field == "council"
    _nothing_written()


def test_closed_once(body_user, ngo):
    evaluation = evaluation_make(body_user, ngo)
    close(body_user, evaluation)
    with pytest.raises(ApplicationError) as refused:
        close(body_user, evaluation)
    assert refused.value.status_code == 409 and refused.value.field == "evaluation"
    assert EvaluationReport.objects.count() == 1


def test_the_other_organisation_cannot_close_or_post(
    body_user, ngo, other_body_user, ngo_user, council_member
):
    evaluation = evaluation_make(body_user, ngo)
    for user in (other_body_user, ngo_user, council_member):
        with pytest.raises(NotPermitted):
            close(user, evaluation)
    _nothing_written()
    report = close(body_user, evaluation)
    for user in (other_body_user, ngo_user):
        with pytest.raises(NotPermitted):
            post(user, report)
    assert not EvaluationReport.objects.get().is_posted


# --- The posting ------------------------------------------------------------------------------


@pytest.fixture
def report(body_user, ngo):
    now = timezone.now() - dt.timedelta(days=3)
    return close(body_user, evaluation_make(body_user, ngo), now=now)


def test_the_posting_is_recorded(body_user, report):
    today = timezone.localdate()
    posted = post(body_user, report, posted_on=today, reference="  GZ-2025-77 ")
    assert (posted.posted_on, posted.portal_reference, posted.posted_by) == (
        today, "GZ-2025-77", body_user)  # fmt: skip
    assert due_for(posted, POSTING_DUE).state == DueItem.State.MET
    versions = set(
        LedgerEntry.objects.filter(kind=DocumentKind.ANNEX8).values_list("version", flat=True)
    )
    assert versions == {1, 2}
    event = AuditEvent.objects.get(action="evaluation.report.post")
    assert event.changes["portal_reference"] == ["", "GZ-2025-77"]
    assert event.data["annex8"]["version"] == 2


def test_a_posting_date_before_the_completion_is_refused(body_user, report):
    completed_on = timezone.localtime(report.formed_at).date()
    with pytest.raises(ApplicationError) as refused:
        post(body_user, report, posted_on=completed_on - dt.timedelta(days=1))
    assert refused.value.field == "posted_on"
    assert completed_on.strftime("%d.%m.%Y") in str(refused.value.message)
    assert not EvaluationReport.objects.get().is_posted
    assert post(body_user, report, posted_on=completed_on).posted_on == completed_on


def test_a_posting_date_in_the_future_and_a_blank_reference_are_refused(body_user, report):
    with pytest.raises(ApplicationError) as refused:
        post(body_user, report, posted_on=timezone.localdate() + dt.timedelta(days=1))
    assert refused.value.field == "posted_on"
    for ref in ("", "   ", "x" * 301):
        with pytest.raises(ApplicationError) as refused:
            post(body_user, report, reference=ref)
        assert refused.value.field == "portal_reference"
    assert not EvaluationReport.objects.get().is_posted
    assert not Evidence.objects.exists()


def test_posted_once(body_user, report):
    post(body_user, report)
    with pytest.raises(ApplicationError) as refused:
        post(body_user, report, reference="GZ-other")
    assert refused.value.status_code == 409 and refused.value.field == "report"
    assert EvaluationReport.objects.get().portal_reference == "GZ-8-1"


def test_the_posting_becomes_evidence_of_the_same_body_and_area(body_user, report):
    post(body_user, report)
    contract = report.evaluation.contract
    evidence = Evidence.objects.get()
    assert evidence.kind == EvidenceKind.MONITORING
    assert (evidence.body_id, evidence.contract_id, evidence.area_id) == (
        contract.body_id, contract.pk, contract.lot.area_id)  # fmt: skip
    assert contract.lot.area_id is not None
    assert "16.33" in evidence.title and contract.number in evidence.title
    assert "продолжить" in evidence.description


def test_an_overdue_posting_tells_the_body_once(body_user, ngo):
    from tapsyrys.core import due

    now = dt.datetime(2025, 3, 5, 10, 0, tzinfo=dt.UTC)
    report = close(body_user, evaluation_make(body_user, ngo), now=now)
    due.run(now=dt.datetime(2025, 3, 12, 1, 0, tzinfo=dt.UTC))
    due.run(now=dt.datetime(2025, 3, 13, 1, 0, tzinfo=dt.UTC))
    events = AuditEvent.objects.filter(action="evaluation.report.posting_overdue")
    assert events.count() == 1 and events.get().object_id == str(report.pk)

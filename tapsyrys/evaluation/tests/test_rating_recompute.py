"""The NGO rating's set-based recomputation (E-8): components from the report stages (M-7:
on time, late, missing; the control form's completeness) and from the posted Annex 8 reports,
per NGO and year; idempotent, audited, a constant number of queries; the command and the
daily job; the other organisation's projects never count."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tapsyrys.contracting import rules as crules
from tapsyrys.contracting.models import ReportStage
from tapsyrys.contracting.tests.factories import contract_make
from tapsyrys.core import due
from tapsyrys.core.errors import NotPermitted
from tapsyrys.core.models import AuditEvent
from tapsyrys.evaluation.models import NgoRating
from tapsyrys.evaluation.selectors import rating as selectors
from tapsyrys.evaluation.services.rating import ACTION, recompute_ratings
from tapsyrys.monitoring.selectors.control import control_form
from tapsyrys.monitoring.services.control import required_sections

from .factories_rating import at, evaluation_report, review, submit_stage

pytestmark = pytest.mark.django_db

K = ReportStage.Kind
TODAY = dt.date(2026, 1, 10)  # every stage of a 2025 contract is due
ISSUE = (D("4.00"), D("4.33"), D("3.67"), D("4.33"))  # the issue's Annex 8 averages


@pytest.fixture
def contract(body_user, ngo):
    return contract_make(body_user, ngo)


@pytest.fixture
def reported(contract, ngo_user, body_user):
    """Stage 1 on time and accepted, stage 2 three days late and returned with two sections
    marked incomplete, the final report never submitted (missing on TODAY)."""
    first = submit_stage(contract, ngo_user, K.FIRST_INTERIM)
    review(first, body_user)
    second = submit_stage(contract, ngo_user, K.SECOND_INTERIM, days_late=3)
    review(second, body_user, incomplete=("main_work", "indicator_actuals"))
    return contract


def rating_of(ngo, year=2025):
    return NgoRating.objects.get(ngo=ngo, year=year)


def test_the_sections_are_monitorings_required_sections():
    assert list(selectors.TEXT_SECTIONS) == [f for f, _label in crules.TEXT_SECTIONS]
    assert selectors.REQUIRED_INTERIM == len(required_sections(None, is_final=False)) == 6
    assert selectors.REQUIRED_FINAL == len(required_sections(None, is_final=True)) == 7


def test_reports_only(reported, ngo):
    assert recompute_ratings(today=TODAY) == 1
    r = rating_of(ngo)
    assert (r.projects, r.evaluated) == (1, 0)
    assert r.timeliness == D("50.00")  # (1 + ½) / 3
    assert r.completeness == D("52.63")  # (19 − 2 − 7) / 19 sections
    assert (r.effectiveness, r.sustainability, r.long_term_effect) == (None, None, None)
    assert r.score == D("51.32")  # (20 × 50 + 20 × 52.63) / 40 = 51.315


def test_completeness_agrees_with_the_control_form(reported, ngo):
    rows, _overall = control_form(reported, today=TODAY)
    incomplete = sum(1 for row in rows for *_x, ok in row.sections if not ok)
    required = sum(len(row.sections) for row in rows)
    inputs = selectors.rating_inputs(today=TODAY)[(ngo.pk, 2025)][1]
    assert (inputs.sections_required, inputs.sections_incomplete) == (required, incomplete)
    assert [row.state for row in rows] == ["on_time", "late", "missing"]
    assert (inputs.on_time, inputs.late, inputs.missing) == (1, 1, 1)


def test_an_empty_required_section_counts_incomplete(contract, ngo_user, ngo):
    first = submit_stage(contract, ngo_user, K.FIRST_INTERIM)
    # a section emptied behind the service (whitespace only) reads as incomplete, as on the form
    type(first).objects.filter(pk=first.pk).update(team_composition="  \n ")
    inputs = selectors.rating_inputs(today=first.stage.due_date)[(ngo.pk, 2025)][1]
    assert (inputs.on_time, inputs.sections_required, inputs.sections_incomplete) == (1, 6, 1)


def test_with_the_posted_annex8(reported, ngo):
    evaluation_report(reported, ISSUE)
    recompute_ratings(today=TODAY)
    r = rating_of(ngo)
    assert r.evaluated == 1
    assert r.effectiveness == D("83.30")  # 20 × (4.00 + 4.33) / 2
    assert r.sustainability == D("73.40")
    assert r.long_term_effect == D("86.60")
    # (1000 + 1052.60 + 2499 + 1101 + 1299) / 100 = 69.516
    assert r.score == D("69.52")


def test_an_annex8_not_posted_yet_does_not_count(reported, ngo):
    evaluation_report(reported, ISSUE, posted_on=None)
    recompute_ratings(today=TODAY)
    r = rating_of(ngo)
    assert (r.evaluated, r.effectiveness, r.score) == (0, None, D("51.32"))


def test_means_over_the_projects_of_the_year(body_user, ngo):
    a = contract_make(body_user, ngo)
    b = contract_make(body_user, ngo)
    evaluation_report(a, (5, 5, 5, 5))
    evaluation_report(b, (3, 4, 2, 1), reference="GZ-2")
    recompute_ratings(today=dt.date(2025, 1, 11))  # no report due yet
    r = rating_of(ngo)
    assert (r.projects, r.evaluated, r.timeliness, r.completeness) == (2, 2, None, None)
    assert r.effectiveness == D("85.00")  # mean(5, 3.5) = 4.25
    assert r.sustainability == D("70.00")  # mean(5, 2)
    assert r.long_term_effect == D("60.00")  # mean(5, 1)
    assert r.score == D("75.00")  # (30×85 + 15×70 + 15×60) / 60


def test_not_due_yet_has_no_rating(contract, ngo):
    recompute_ratings(today=dt.date(2025, 1, 11))
    r = rating_of(ngo)
    assert (r.projects, r.timeliness, r.completeness, r.score) == (1, None, None, None)


def test_a_stage_is_missing_from_the_day_after_its_due_date(contract, ngo):
    due_date = contract.stages.get(kind=K.FIRST_INTERIM).due_date
    recompute_ratings(today=due_date)
    assert rating_of(ngo).timeliness is None
    recompute_ratings(today=due_date + dt.timedelta(days=1))
    assert rating_of(ngo).timeliness == D("0.00")
    assert rating_of(ngo).completeness == D("0.00")


def test_submitted_on_the_due_date_late_at_almaty_midnight(contract, ngo_user, ngo):
    stage = contract.stages.get(kind=K.FIRST_INTERIM)
    submit_stage(contract, ngo_user, K.FIRST_INTERIM)  # 10:00 Almaty on the due date
    recompute_ratings(today=stage.due_date)
    assert rating_of(ngo).timeliness == D("100.00")
    # 00:30 Almaty the next day is still the previous day in UTC: late all the same
    stage.submitted_at = at(stage.due_date + dt.timedelta(days=1), 0).replace(minute=30)
    stage.save(update_fields=["submitted_at"])
    recompute_ratings(today=stage.due_date + dt.timedelta(days=1))
    assert rating_of(ngo).timeliness == D("50.00")


def test_years_are_rated_apart_and_make_the_history(body_user, ngo):
    contract_make(body_user, ngo)
    contract_make(body_user, ngo, starts=dt.date(2026, 2, 1), ends=dt.date(2026, 11, 30))
    recompute_ratings(today=dt.date(2026, 3, 1))
    assert [(r.year, r.projects) for r in selectors.history(ngo.pk)] == [(2025, 1), (2026, 1)]
    assert rating_of(ngo, 2025).timeliness == D("0.00")  # all three missing
    assert rating_of(ngo, 2026).timeliness is None  # nothing due yet


def test_the_other_organisations_projects_do_not_count(reported, ngo, other_ngo, body_user):
    other = contract_make(body_user, other_ngo)
    evaluation_report(other, (1, 1, 1, 1))
    recompute_ratings(today=TODAY)
    assert rating_of(ngo).score == D("51.32")
    theirs = rating_of(other_ngo)
    assert (theirs.timeliness, theirs.effectiveness) == (D("0.00"), D("20.00"))


def test_terminated_stages_after_the_termination_are_not_missing(body_user, ngo):
    contract = contract_make(
        body_user, ngo, starts=dt.date(2026, 12, 5), ends=dt.date(2027, 11, 30)
    )
    from tapsyrys.contracting import services as cs

    cs.contract_transition(
        contract=contract, actor=body_user, target="terminated", reason="По соглашению сторон"
    )
    recompute_ratings(today=dt.date(2027, 12, 31))
    assert rating_of(ngo, 2026).timeliness is None


def test_idempotent_upsert_and_one_event_per_run(reported, ngo):
    recompute_ratings(today=TODAY)
    first = rating_of(ngo)
    recompute_ratings(today=TODAY)
    again = rating_of(ngo)
    assert NgoRating.objects.count() == 1
    assert (again.pk, again.score) == (first.pk, first.score)
    events = AuditEvent.objects.filter(action=ACTION).order_by("id")
    assert events.count() == 2
    assert events.last().data["count"] == 1
    assert events.last().data["today"] == "2026-01-10"


def test_a_new_fact_updates_the_row(reported, ngo):
    recompute_ratings(today=TODAY)
    evaluation_report(reported, (5, 5, 5, 5))
    recompute_ratings(today=TODAY)
    assert rating_of(ngo).effectiveness == D("100.00")


def _queries(today):
    with CaptureQueriesContext(connection) as ctx:
        recompute_ratings(today=today)
    return len(ctx.captured_queries)


def test_constant_number_of_queries(body_user, ngo, other_ngo, ngo_user):
    contract = contract_make(body_user, ngo)
    submit_stage(contract, ngo_user, K.FIRST_INTERIM)
    one = _queries(TODAY)
    for supplier in (ngo, other_ngo, ngo, other_ngo):
        c = contract_make(body_user, supplier)
        evaluation_report(c, (4, 4, 4, 4), reference=f"GZ-{c.pk}")
    contract_make(body_user, ngo, starts=dt.date(2026, 2, 1), ends=dt.date(2026, 11, 30))
    assert NgoRating.objects.count() == 1
    several = _queries(TODAY)
    assert NgoRating.objects.count() == 3
    assert several == one <= 8


def test_the_authorized_body_may_recompute_others_not(authorized_user, body_user, contract):
    assert recompute_ratings(today=TODAY, actor=authorized_user) == 1
    with pytest.raises(NotPermitted):
        recompute_ratings(today=TODAY, actor=body_user)
    assert AuditEvent.objects.filter(action=ACTION).count() == 1


def test_the_command(reported, ngo):
    call_command("recompute_ratings", "--today=2026-01-10")
    assert rating_of(ngo).score == D("51.32")
    with pytest.raises(CommandError):
        call_command("recompute_ratings", "--today=10.01.2026")


def test_the_daily_job_recomputes(reported, ngo):
    due.run(now=at(TODAY, 1))
    assert rating_of(ngo).timeliness == D("50.00")
    assert AuditEvent.objects.filter(action=ACTION).exists()


@pytest.mark.parametrize(
    ("change", "marked", "incomplete"),
    [
        ({}, (), 0),
        ({"indicator_actuals": {}}, (), 1),  # an indicator without its actual
        ({"coverage_reached": {}}, (), 1),  # a target group without its count
        ({"indicator_actuals": {"0": "5"}}, (), 1),  # the actual of another indicator only
        ({"financial_report": ""}, (), 1),  # the final report's financial report
        ({"main_work": ""}, ("main_work",), 1),  # empty and marked: once
        ({"main_work": "\t"}, ("about_project",), 2),
        ({}, ("coverage_reached", "financial_report"), 2),
    ],
)  # fmt: skip
def test_the_final_reports_sections(contract, ngo_user, body_user, ngo, change, marked, incomplete):
    final = submit_stage(contract, ngo_user, K.FINAL)
    if marked:
        review(final, body_user, incomplete=marked)
    if change:
        type(final).objects.filter(pk=final.pk).update(**change)
    inputs = selectors.rating_inputs(today=final.stage.due_date)[(ngo.pk, 2025)][1]
    assert (inputs.on_time, inputs.late, inputs.missing) == (1, 0, 2)  # the interim ones missing
    assert inputs.sections_required == 6 + 6 + 7
    assert inputs.sections_incomplete == 6 + 6 + incomplete
    rows, _overall = control_form(contract, today=final.stage.due_date)
    assert sum(1 for row in rows for *_x, ok in row.sections if not ok) == 12 + incomplete


def test_only_the_latest_submitted_version_counts(contract, ngo_user, body_user, ngo):
    from tapsyrys.contracting import services as cs

    first = submit_stage(contract, ngo_user, K.FIRST_INTERIM)
    review(first, body_user, incomplete=("main_work", "about_project"))
    correction = cs.report_correct(report=first, actor=ngo_user)
    cs.report_submit(report=correction, actor=ngo_user, now=at(first.stage.due_date, 15))
    inputs = selectors.rating_inputs(today=first.stage.due_date)[(ngo.pk, 2025)][1]
    assert (inputs.on_time, inputs.sections_required, inputs.sections_incomplete) == (1, 6, 0)

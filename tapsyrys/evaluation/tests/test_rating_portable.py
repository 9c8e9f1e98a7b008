"""The rating's portable recomputation (E-8 on the embedded SQLite deployment): the Python
path (`rating_inputs_portable`, streams classified by the pure rules) gives exactly what the
PostgreSQL statement gives, over a world with reports on time, late, missing, incomplete,
marked incomplete, several versions, a terminated contract, odd JSON and another NGO, on
several days; a constant number of queries; used wherever the database is not PostgreSQL."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.db import connection

from tapsyrys.contracting import services as cs
from tapsyrys.contracting.models import Contract, ReportStage, StageReport
from tapsyrys.contracting.tests.factories import contract_make
from tapsyrys.evaluation.selectors import rating as selectors
from tapsyrys.monitoring.models import ReportReview
from tapsyrys.monitoring.selectors.control import control_form

from .factories_rating import at, evaluation_report, review, submit_stage

pytestmark = pytest.mark.django_db

K = ReportStage.Kind
TODAY = dt.date(2026, 1, 10)  # every stage of a 2025 contract is due


def _stage(contract, kind):
    return contract.stages.get(kind=kind)


def _set(report, **fields):
    StageReport.objects.filter(pk=report.pk).update(**fields)


@pytest.fixture
def world(body_user, body, ngo, ngo_user, other_ngo, other_ngo_user):
    """Contracts of two NGOs in 2025 and 2026 and one of a non-NGO supplier."""
    # a: on time and accepted; late, returned with marks, corrected (v2, late, marked again)
    # and a v3 draft; the final on time with a no-break-space financial report and a target
    # group without its count; a posted Annex 8 report
    a = contract_make(body_user, ngo)
    review(submit_stage(a, ngo_user, K.FIRST_INTERIM), body_user)
    second = submit_stage(a, ngo_user, K.SECOND_INTERIM, days_late=3)
    review(second, body_user, incomplete=("main_work", "indicator_actuals"))
    v2 = cs.report_correct(report=second, actor=ngo_user)
    due = _stage(a, K.SECOND_INTERIM).due_date
    v2 = cs.report_submit(report=v2, actor=ngo_user, now=at(due + dt.timedelta(days=5)))
    review(v2, body_user, incomplete=("satisfaction_results",))
    cs.report_correct(report=v2, actor=ngo_user)  # a draft: not counted
    final = submit_stage(a, ngo_user, K.FINAL)
    _set(final, financial_report="\xa0 ", coverage_reached={})
    evaluation_report(a, (5, 4, 3, 4))

    # b: nothing submitted (all missing), two indicators; an Annex 8 report not posted
    b = contract_make(
        body_user,
        ngo,
        indicators=(("Семинары", "ед.", 5), ("Тренинги", "ед.", 3)),
    )
    evaluation_report(b, (1, 1, 1, 1), posted_on=None, reference="GZ-2")

    # c: the first interim submitted at 00:30 Almaty the day after its due date (late; still
    # the due date in UTC), a blank section; terminated at 00:30 Almaty the day after the
    # second interim's due date (missing), the final due after the termination (not counted)
    c = contract_make(body_user, ngo)
    first = submit_stage(c, ngo_user, K.FIRST_INTERIM)
    late = at(first.stage.due_date + dt.timedelta(days=1), 0).replace(minute=30)
    ReportStage.objects.filter(pk=first.stage_id).update(submitted_at=late)
    _set(first, submitted_at=late, team_composition="  \n\t ")
    cs.contract_transition(contract=c, actor=body_user, target="terminated", reason="Соглашение")
    ended = at(_stage(c, K.SECOND_INTERIM).due_date + dt.timedelta(days=1), 0)
    Contract.objects.filter(pk=c.pk).update(status_changed_at=ended.replace(minute=30))

    # d: terminated at 23:30 Almaty on the first interim's due date: nothing is missing
    d = contract_make(body_user, ngo)
    cs.contract_transition(contract=d, actor=body_user, target="terminated", reason="Соглашение")
    ended = at(_stage(d, K.FIRST_INTERIM).due_date, 23).replace(minute=30)
    Contract.objects.filter(pk=d.pk).update(status_changed_at=ended)

    # e: 2026, the first interim submitted early (counted before its due date)
    e = contract_make(body_user, ngo, starts=dt.date(2025, 12, 1), ends=dt.date(2026, 11, 30))
    Contract.objects.filter(pk=e.pk).update(year=2026)
    early = submit_stage(e, ngo_user, K.FIRST_INTERIM, days_late=-20)

    # f: the other NGO, odd JSON: marks as a lone string, an object, numbers; actuals an
    # array, a null, a zero, false, an empty string
    f = contract_make(body_user, other_ngo)
    odd = [submit_stage(f, other_ngo_user, kind) for kind in (K.FIRST_INTERIM, K.SECOND_INTERIM)]
    odd.append(submit_stage(f, other_ngo_user, K.FINAL, days_late=2))
    for report in odd:
        review(report, body_user, incomplete=("about_project",))
    ind = str(f.indicators.get().pk)
    grp = str(f.target_groups.get().pk)
    marks = ["main_work", {"about_project": 1, "7": 2}, [1, "coverage_reached", None]]
    for report, mark in zip(odd, marks, strict=True):
        ReportReview.objects.filter(report=report).update(incomplete_sections=mark)
    _set(odd[0], indicator_actuals=["5"], coverage_reached={grp: None})
    _set(odd[1], indicator_actuals={ind: 0}, coverage_reached={grp: False})
    _set(odd[2], indicator_actuals={ind: ""}, coverage_reached={grp: "x"}, financial_report="")
    evaluation_report(f, (2, 3, 4, 5), reference="GZ-3")

    # g: a contract whose supplier is not an NGO (never rated)
    g = contract_make(body_user, other_ngo)
    submit_stage(g, other_ngo_user, K.FIRST_INTERIM)
    Contract.objects.filter(pk=g.pk).update(supplier=body)
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f, "early": early}


def _days(world):
    a, e = world["a"], world["e"]
    first = _stage(a, K.FIRST_INTERIM).due_date
    return [
        dt.date(2025, 1, 11),  # nothing due
        first,
        first + dt.timedelta(days=1),
        _stage(a, K.SECOND_INTERIM).due_date + dt.timedelta(days=1),
        _stage(a, K.FINAL).due_date,
        TODAY,
        world["early"].stage.due_date - dt.timedelta(days=1),
        _stage(e, K.FINAL).due_date + dt.timedelta(days=1),
    ]


def test_both_paths_give_the_same_inputs(world, ngo, other_ngo):
    assert connection.vendor == "postgresql"
    for today in _days(world):
        sql = selectors.rating_inputs(today=today)
        portable = selectors.rating_inputs_portable(today=today)
        assert portable == sql, today
    # and the world is what it says (TODAY): each path counts what the control form shows
    inputs = selectors.rating_inputs_portable(today=TODAY)
    assert set(inputs) == {(ngo.pk, 2025), (ngo.pk, 2026), (other_ngo.pk, 2025)}
    mine = inputs[(ngo.pk, 2025)]
    assert mine[0] == 4  # a, b, c, d
    # a: on time, late, on time; b: 3 missing; c: late, missing; d: none
    assert (mine[1].on_time, mine[1].late, mine[1].missing) == (2, 2, 4)
    assert mine[1].evaluated == 1
    assert inputs[(ngo.pk, 2026)][0] == 1
    # e: submitted early, counted before it is due; nothing else due yet
    assert (inputs[(ngo.pk, 2026)][1].on_time, inputs[(ngo.pk, 2026)][1].missing) == (1, 0)
    theirs = inputs[(other_ngo.pk, 2025)][1]
    assert (theirs.on_time, theirs.late, theirs.missing, theirs.evaluated) == (2, 1, 0, 1)
    # f: main_work (a lone string) + indicators (an array) + coverage (null) → 3;
    # about_project (an object's key), 0 and false are values → 1; coverage (the list's
    # string), indicator "" and financial "" → 3
    assert (theirs.sections_required, theirs.sections_incomplete) == (19, 3 + 1 + 3)


def test_the_portable_completeness_agrees_with_the_control_form(world, ngo):
    rows, _overall = control_form(world["a"], today=TODAY)
    incomplete = sum(1 for row in rows for *_x, ok in row.sections if not ok)
    # v2 of the second interim marked satisfaction_results; the final: financial report
    # (no-break space) and coverage
    assert incomplete == 1 + 2
    c_rows, _overall = control_form(world["c"], today=TODAY)
    assert [row.state for row in c_rows[:2]] == ["late", "missing"]
    b_rows, _overall = control_form(world["b"], today=TODAY)
    required = sum(len(row.sections) for row in (*rows, *b_rows, *c_rows[:2]))
    inputs = selectors.rating_inputs_portable(today=TODAY)[(ngo.pk, 2025)][1]
    # c's first interim has one blank section, its missing second interim all six
    assert inputs.sections_required == required == 19 + 19 + 12
    assert inputs.sections_incomplete == incomplete + 19 + 1 + 6


def test_a_constant_number_of_queries(body_user, ngo, ngo_user, django_assert_num_queries):
    contract = contract_make(body_user, ngo)
    submit_stage(contract, ngo_user, K.FIRST_INTERIM)
    with django_assert_num_queries(6):
        one = selectors.rating_inputs_portable(today=TODAY)
    for _ in range(3):
        more = contract_make(body_user, ngo)
        review(submit_stage(more, ngo_user, K.FIRST_INTERIM), body_user)
        evaluation_report(more, (4, 4, 4, 4), reference=f"GZ-{more.pk}")
    with django_assert_num_queries(6):
        several = selectors.rating_inputs_portable(today=TODAY)
    assert (one[(ngo.pk, 2025)][0], several[(ngo.pk, 2025)][0]) == (1, 4)


def test_the_portable_path_serves_other_databases(world, monkeypatch):
    sql = selectors.rating_inputs(today=TODAY)
    # the selector sees another vendor (and no cursor for the SQL path); the ORM the same DB
    monkeypatch.setattr(selectors, "connection", SimpleNamespace(vendor="sqlite"))
    assert selectors.rating_inputs(today=TODAY) == sql

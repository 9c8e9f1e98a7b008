"""Pure rules of the NGO rating (E-8): each component at its edges, the weighted mean with
components missing, and the whole rating; the report stages' classification (states,
blank text, review marks, JSON values, incomplete sections) — expectations written out. No
database."""

import datetime as dt
import sys
from decimal import Decimal as D

import pytest

from tapsyrys.evaluation.rules import rating as r


def test_weights_sum_to_100_in_the_page_order():
    assert r.WEIGHTS == {
        "timeliness": 20,
        "completeness": 20,
        "effectiveness": 30,
        "sustainability": 15,
        "long_term_effect": 15,
    }
    assert r.COMPONENTS == (
        "timeliness", "completeness", "effectiveness", "sustainability", "long_term_effect"
    )  # fmt: skip
    assert D(100) == r.SCALE


@pytest.mark.parametrize(
    ("on_time", "late", "missing", "expected"),
    [
        (0, 0, 0, None),  # nothing due yet
        (1, 0, 0, D("100.00")),
        (0, 1, 0, D("50.00")),  # late: half
        (0, 0, 1, D("0.00")),  # missing: nothing
        (2, 1, 0, D("83.33")),  # (2 + 0.5) / 3 = 83.333…
        (1, 1, 1, D("50.00")),
        (2, 0, 1, D("66.67")),  # 66.666… half up
        (1, 0, 7, D("12.50")),
        (0, 1, 7, D("6.25")),
        (5, 3, 0, D("81.25")),
    ],
)
def test_timeliness(on_time, late, missing, expected):
    assert r.timeliness(on_time=on_time, late=late, missing=missing) == expected


@pytest.mark.parametrize(
    ("required", "incomplete", "expected"),
    [
        (0, 0, None),  # nothing due
        (-1, 0, None),
        (6, 0, D("100.00")),
        (6, 1, D("83.33")),
        (6, 6, D("0.00")),
        (7, 1, D("85.71")),  # 85.714…
        (3, 1, D("66.67")),  # 66.666… → up
        (8, 1, D("87.50")),
        (6, 9, D("0.00")),  # more than required: all incomplete
        (6, -2, D("100.00")),  # negative: none
        (1, 1, D("0.00")),
        (1, 0, D("100.00")),
    ],
)
def test_completeness(required, incomplete, expected):
    assert r.completeness(required=required, incomplete=incomplete) == expected


@pytest.mark.parametrize(
    ("average", "expected"),
    [
        (None, None),
        (D("5.00"), D("100.00")),
        (D("1.00"), D("20.00")),
        (D("4.33"), D("86.60")),
        (D("3.665"), D("73.30")),
        (D("2.0025"), D("40.05")),  # 40.05 exactly
        (D("2.00125"), D("40.03")),  # 40.025 → half up
        (D("2.00124"), D("40.02")),  # 40.0248 → down
        (4, D("80.00")),
    ],
)
def test_from_average(average, expected):
    assert r.from_average(average) == expected


@pytest.mark.parametrize(
    ("components", "expected"),
    [
        ({}, None),
        (dict.fromkeys(r.COMPONENTS), None),
        ({"timeliness": D("100")}, D("100.00")),
        ({"timeliness": D("100"), "completeness": D("50")}, D("75.00")),  # equal weights
        ({"timeliness": D("100"), "effectiveness": D("50")}, D("70.00")),  # (2000 + 1500) / 50
        ({"completeness": D("0"), "sustainability": D("100")}, D("42.86")),  # 1500 / 35
        ({"sustainability": D("80"), "long_term_effect": D("60")}, D("70.00")),
        ({"effectiveness": D("10"), "long_term_effect": D("1")}, D("7.00")),  # (300+15)/45
        (
            {"timeliness": D("100"), "completeness": D("100"), "effectiveness": D("86.60"),
             "sustainability": D("73.40"), "long_term_effect": D("86.60")},
            D("89.98"),  # 2000 + 2000 + 2598 + 1101 + 1299 = 8998 / 100
        ),
        ({"timeliness": D("0"), "completeness": D("0"), "effectiveness": D("0"),
          "sustainability": D("0"), "long_term_effect": D("0")}, D("0.00")),
        ({"timeliness": D("33.33"), "completeness": None, "effectiveness": None}, D("33.33")),
        ({"timeliness": D("0.005")}, D("0.01")),  # half up
        ({"timeliness": D("0.004")}, D("0.00")),
    ],
)  # fmt: skip
def test_score(components, expected):
    assert r.score(components) == expected


def test_score_refuses_an_unknown_component():
    with pytest.raises(KeyError, match="popularity"):
        r.score({"timeliness": D(1), "popularity": D(2)})


def test_score_ignores_an_unknown_component_that_is_none():
    assert r.score({"timeliness": D(40), "popularity": None}) == D("40.00")


def test_rate_the_issue_sheets_all_reports_on_time():
    # Annex 8 of the issue: 4.00, 4.33, 3.67, 4.33 → effectiveness (4.00 + 4.33) / 2 = 4.165
    inputs = r.Inputs(
        on_time=3,
        sections_required=19,
        sections_incomplete=0,
        evaluated=1,
        effectiveness=D("4.165"),
        sustainability=D("3.67"),
        long_term_effect=D("4.33"),
    )
    assert r.rate(inputs) == {
        "timeliness": D("100.00"),
        "completeness": D("100.00"),
        "effectiveness": D("83.30"),
        "sustainability": D("73.40"),
        "long_term_effect": D("86.60"),
        # 20×100 + 20×100 + 30×83.30 + 15×73.40 + 15×86.60 = 2000+2000+2499+1101+1299 = 8899
        "score": D("88.99"),
    }


def test_rate_before_any_evaluation_uses_the_reports_only():
    inputs = r.Inputs(on_time=1, late=1, missing=0, sections_required=12, sections_incomplete=3)
    assert r.rate(inputs) == {
        "timeliness": D("75.00"),
        "completeness": D("75.00"),
        "effectiveness": None,
        "sustainability": None,
        "long_term_effect": None,
        "score": D("75.00"),
    }


def test_rate_ignores_averages_without_an_evaluated_project():
    inputs = r.Inputs(evaluated=0, effectiveness=D(5), sustainability=D(5), long_term_effect=D(5))
    assert r.rate(inputs)["score"] is None
    assert r.rate(inputs)["effectiveness"] is None


def test_rate_evaluation_only():
    inputs = r.Inputs(
        evaluated=2, effectiveness=D("5"), sustainability=D("1"), long_term_effect=D("3")
    )
    # (30×100 + 15×20 + 15×60) / 60 = (3000 + 300 + 900) / 60 = 70
    assert r.rate(inputs) == {
        "timeliness": None,
        "completeness": None,
        "effectiveness": D("100.00"),
        "sustainability": D("20.00"),
        "long_term_effect": D("60.00"),
        "score": D("70.00"),
    }


def test_rate_nothing():
    assert r.rate(r.Inputs())["score"] is None


# --- The report stages (the portable recomputation's classification) ------------------------

DUE = dt.date(2025, 5, 10)


@pytest.mark.parametrize(
    ("submitted_on", "today", "ended_on", "expected"),
    [
        (DUE, DUE, None, "on_time"),  # on the due date
        (DUE - dt.timedelta(days=30), DUE - dt.timedelta(days=40), None, "on_time"),  # early
        (DUE + dt.timedelta(days=1), DUE + dt.timedelta(days=1), None, "late"),
        (DUE + dt.timedelta(days=1), DUE, DUE, "late"),  # submitted: terminated or not
        (None, DUE, None, None),  # due today: not yet missing
        (None, DUE + dt.timedelta(days=1), None, "missing"),
        (None, DUE + dt.timedelta(days=1), DUE + dt.timedelta(days=1), "missing"),  # ended after
        (None, DUE + dt.timedelta(days=9), DUE + dt.timedelta(days=1), "missing"),
        (None, DUE + dt.timedelta(days=9), DUE, None),  # ended on the due date
        (None, DUE + dt.timedelta(days=9), DUE - dt.timedelta(days=1), None),  # ended before
        (None, DUE, DUE - dt.timedelta(days=1), None),
    ],
)  # fmt: skip
def test_stage_state(submitted_on, today, ended_on, expected):
    assert r.stage_state(
        due_date=DUE, submitted_on=submitted_on, today=today, ended_on=ended_on
    ) == expected  # fmt: skip


def test_the_sections():
    assert r.TEXT_SECTIONS == (
        "team_composition", "about_project", "main_work", "satisfaction_results"
    )  # fmt: skip
    assert (r.REQUIRED_INTERIM, r.REQUIRED_FINAL) == (6, 7)
    assert (r.required_sections(final=False), r.required_sections(final=True)) == (6, 7)
    assert (r.ON_TIME, r.LATE, r.MISSING) == ("on_time", "late", "missing")


def test_whitespace_is_what_strip_removes():
    assert "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()) == r.WHITESPACE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", True),
        (" \t\n\r\x0b\x0c", True),
        ("\xa0", True),  # no-break space
        ("\u3000\u2007\x1c", True),
        ("x", False),
        ("  x  ", False),
        ("\u200b", False),  # zero-width space is not whitespace
        (".", False),
    ],
)
def test_blank(text, expected):
    assert r.blank(text) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, set()),  # no review
        ([], set()),
        (["main_work", "about_project"], {"main_work", "about_project"}),
        (["main_work", 1, None, ["x"]], {"main_work"}),  # strings of a list only
        ("main_work", {"main_work"}),  # a lone string
        ({"main_work": 1, "7": None}, {"main_work", "7"}),  # an object's keys
        (7, set()),
        (True, set()),
    ],
)
def test_marks(value, expected):
    assert r.marks(value) == expected


@pytest.mark.parametrize(
    ("values", "ids", "expected"),
    [
        ({}, [], False),  # no indicator: nothing to fill
        ({}, [5], True),
        ({"5": "3"}, [5], False),
        ({"5": "3"}, [5, 6], True),
        ({"5": "3", "6": 0}, [5, 6], False),  # zero is a value
        ({"5": False}, [5], False),
        ({"5": " "}, [5], False),  # only the empty string is empty
        ({"5": ""}, [5], True),
        ({"5": None}, [5], True),
        ({5: "3"}, [5], True),  # keys are str(id)
        (["3"], [5], True),  # not an object
        (["3"], [], False),
        (None, [5], True),
        ("3", [], False),
    ],
)
def test_unfilled(values, ids, expected):
    assert r.unfilled(values, ids) is expected


def _report(**changes):
    report = dict.fromkeys((*r.TEXT_SECTIONS, "financial_report"), "текст")
    report |= {"indicator_actuals": {"1": "5"}, "coverage_reached": {"2": 80}}
    return report | changes


@pytest.mark.parametrize(
    ("report", "final", "marked", "expected"),
    [
        (None, False, frozenset(), 6),  # nothing submitted: every section
        (None, True, frozenset(), 7),
        (None, True, frozenset({"main_work"}), 7),
        (_report(), False, frozenset(), 0),
        (_report(), True, frozenset(), 0),
        (_report(financial_report=""), False, frozenset(), 0),  # interim: not required
        (_report(financial_report=" "), True, frozenset(), 1),
        (_report(), False, frozenset({"financial_report"}), 0),
        (_report(), True, frozenset({"financial_report"}), 1),
        (_report(main_work="\n"), False, frozenset(), 1),
        (_report(main_work="\n"), False, frozenset({"main_work"}), 1),  # blank and marked: once
        (_report(main_work="\n"), False, frozenset({"about_project"}), 2),
        (_report(team_composition="", satisfaction_results=""), False, frozenset(), 2),
        (_report(), False, frozenset(r.TEXT_SECTIONS), 4),
        (_report(indicator_actuals={}), False, frozenset(), 1),
        (_report(), False, frozenset({"indicator_actuals"}), 1),
        (_report(indicator_actuals={}), False, frozenset({"indicator_actuals"}), 1),
        (_report(coverage_reached={"2": ""}), False, frozenset(), 1),
        (_report(), False, frozenset({"coverage_reached"}), 1),
        (_report(), True, frozenset({"unknown"}), 0),
        (
            _report(main_work="", indicator_actuals=[], coverage_reached={}, financial_report=""),
            True,
            frozenset({"about_project"}),
            5,
        ),
    ],
)  # fmt: skip
def test_incomplete_sections(report, final, marked, expected):
    got = r.incomplete_sections(
        report, final=final, marked=marked, indicator_ids=[1], group_ids=[2]
    )
    assert got == expected


def test_incomplete_sections_without_indicators_or_groups():
    report = _report(indicator_actuals=[], coverage_reached={})
    assert r.incomplete_sections(report, final=False) == 0
    assert r.incomplete_sections(report, final=False, indicator_ids=[1]) == 1
    assert r.incomplete_sections(report, final=False, group_ids=[2]) == 1

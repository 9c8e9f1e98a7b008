"""Pure rules of the control of reports (pilot 004): timeliness, the ratings, decisions, amounts
and due dates — tables with written-out expectations, every edge both ways. No database."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.utils import translation

from tapsyrys.monitoring.rules import control as r

DUE = dt.date(2026, 3, 31)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("submitted_on", "today", "state", "late"),
    [
        (dt.date(2026, 3, 30), dt.date(2026, 4, 20), "on_time", 0),
        (dt.date(2026, 3, 31), dt.date(2026, 4, 20), "on_time", 0),  # on the due date
        (dt.date(2026, 4, 1), dt.date(2026, 4, 20), "late", 1),  # one day after
        (dt.date(2026, 4, 10), dt.date(2026, 4, 20), "late", 10),
        (None, dt.date(2026, 3, 30), "due", 0),
        (None, dt.date(2026, 3, 31), "due", 0),  # due today: not missing yet
        (None, dt.date(2026, 4, 1), "missing", 1),  # the day after: missing
        (None, dt.date(2026, 4, 5), "missing", 5),
    ],
)
def test_timeliness_and_days_late(submitted_on, today, state, late):
    assert r.timeliness(due_date=DUE, submitted_on=submitted_on, today=today) == state
    assert r.days_late(due_date=DUE, submitted_on=submitted_on, today=today) == late


@pytest.mark.parametrize(
    ("state", "required", "incomplete", "review", "rating"),
    [
        ("on_time", 6, 0, "accepted", D("5.00")),  # 2 + 2 + 1
        ("on_time", 6, 0, None, D("4.00")),  # not reviewed yet
        ("on_time", 6, 0, "returned", D("4.00")),
        ("late", 6, 0, "accepted", D("4.00")),  # 1 + 2 + 1
        ("late", 6, 0, None, D("3.00")),
        ("on_time", 6, 1, "returned", D("3.67")),  # 2 + 2×5/6 = 3.666… → 3.67
        ("on_time", 6, 3, "returned", D("3.00")),  # 2 + 1
        ("late", 6, 6, "returned", D("1.00")),  # nothing complete
        ("late", 7, 1, None, D("2.71")),  # 1 + 2×6/7 = 2.714… → 2.71
        ("on_time", 3, 1, "accepted", D("4.33")),  # 2 + 1.333… + 1 → 4.33
        ("on_time", 6, 9, None, D("2.00")),  # more marked than required: all incomplete
        ("on_time", 6, -1, None, D("4.00")),  # a negative count counts as none
        ("missing", 6, 0, None, D("0.00")),
        ("missing", 6, 6, "accepted", D("0.00")),
        ("due", 6, 0, None, None),  # not due yet: no rating
    ],
)
def test_stage_rating(state, required, incomplete, review, rating):
    assert r.stage_rating(state=state, required=required, incomplete=incomplete, review=review) == (
        rating
    )


def test_stage_rating_needs_required_sections():
    with pytest.raises(ValueError) as exc:
        r.stage_rating(state="on_time", required=0, incomplete=0, review=None)
    assert str(exc.value) == "a report has required sections"
    # one required section is enough
    assert r.stage_rating(state="on_time", required=1, incomplete=0, review=None) == D("4.00")
    assert r.stage_rating(state="on_time", required=1, incomplete=1, review=None) == D("2.00")


def test_rating_rounds_half_up():
    # 1 + 2×(8-1)/8 = 2.75 exactly; 2 + 2×1/8 = 2.25; half-up at the third decimal
    assert r.stage_rating(state="late", required=8, incomplete=1, review=None) == D("2.75")
    assert r.overall_rating([D("2.00"), D("2.01")]) == D("2.01")  # 2.005 → 2.01
    assert r.overall_rating([D("2.00"), D("2.00"), D("2.01")]) == D("2.00")  # 2.0033


@pytest.mark.parametrize(
    ("ratings", "overall"),
    [
        ([], None),
        ([None, None, None], None),
        ([D("5.00"), None, None], D("5.00")),  # only the stages that have a rating
        ([D("5.00"), D("0.00"), None], D("2.50")),
        ([D("5.00"), D("4.00"), D("3.67")], D("4.22")),  # 12.67 / 3 = 4.2233
        ([D("1.00"), D("2.00"), D("2.00")], D("1.67")),
    ],
)
def test_overall_rating(ratings, overall):
    assert r.overall_rating(ratings) == overall


@pytest.mark.parametrize(
    ("rating", "positive"),
    [(None, False), (D("2.99"), False), (D("3.00"), True), (D("3.01"), True), (D("5"), True)],
)
def test_positive_from_three(rating, positive):
    assert r.is_positive(rating) is positive


def test_the_points_of_the_formula():
    assert r.TIMELINESS_POINTS == {"on_time": 2, "late": 1, "missing": 0}
    assert r.COMPLETENESS_POINTS == 2
    assert r.REVIEW_POINTS == 1
    assert D("3.00") == r.POSITIVE


# --- Decisions --------------------------------------------------------------------------------

DECISIONS = [
    # kind, closes the case, contract status it moves to
    ("request_correction", False, None),
    ("accept", True, None),
    ("suspend", False, "suspended"),
    ("close", True, "closed"),
    ("terminate", False, "terminated"),
    ("refund", False, None),
]


@pytest.mark.parametrize(("kind", "closes", "target"), DECISIONS)
def test_decision_effects(kind, closes, target):
    assert r.decision_closes_case(kind) is closes
    assert r.decision_transition(kind) == target


def test_decision_kinds_are_the_six():
    assert tuple(k for k, _c, _t in DECISIONS) == r.DECISION_KINDS


@pytest.mark.parametrize("func", [r.decision_closes_case, r.decision_transition])
def test_unknown_decision(func):
    with pytest.raises(LookupError) as exc:
        func("forgive")
    assert str(exc.value) == "unknown decision forgive"


# --- Amounts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1000", D("1000")),
        ("1 500 000,50", D("1500000.50")),
        ("1\u202f500\u202f000.5", D("1500000.5")),
        ("1\xa0000", D("1000")),
        (D("12.34"), D("12.34")),
        (7, D("7")),
        ("-5", D("-5")),  # parsed; refused by refund_problem
        ("99999999999999.99", D("99999999999999.99")),  # the column's largest value
    ],
)
def test_parse_amount(typed, amount):
    assert r.parse_amount(typed) == amount


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "Enter an amount in tenge."),
        ("", "Enter an amount in tenge."),
        ("NaN", "Enter an amount in tenge."),
        ("Infinity", "Enter an amount in tenge."),
        (None, "Enter an amount in tenge."),
        (True, "Enter an amount in tenge."),
        ("1.005", "At most two digits after the decimal point."),
        ("1e400", "The amount is too large."),
        ("100000000000000", "The amount is too large."),  # one tenge over the column's limit
        ("-100000000000000", "The amount is too large."),
    ],
)
def test_parse_amount_refuses(typed, message):
    with pytest.raises(ValueError) as exc:
        r.parse_amount(typed)
    assert str(exc.value.args[0]) == message


CONTRACT = D("4900000.50")


@pytest.mark.parametrize(
    ("amount", "problem"),
    [
        (D("0.01"), None),
        (D("4900000.50"), None),  # exactly the contract amount
        (D("4900000.51"), ("refund_amount", "The refund cannot exceed the contract amount (4\u202f900\u202f000,50 tenge).")),
        (D("0"), ("refund_amount", "The refund must be more than zero.")),
        (D("0.00"), ("refund_amount", "The refund must be more than zero.")),
        (D("-1"), ("refund_amount", "The refund must be more than zero.")),
        (None, ("refund_amount", "Enter the amount to be refunded.")),
    ],
)  # fmt: skip
def test_refund_problem(amount, problem):
    found = r.refund_problem(amount, CONTRACT)
    assert (None if found is None else (found[0], str(found[1]))) == problem


TODAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("day", "problem"),
    [
        (dt.date(2026, 12, 1), None),  # today: due until 23:59:59
        (dt.date(2026, 12, 2), None),
        (dt.date(2027, 12, 31), None),  # the last plausible day
        (dt.date(2026, 11, 30), ("new_due_date", "The due date cannot be in the past.")),
        (dt.date(2028, 1, 1), ("new_due_date", "The date must be from 01.01.2000 to 31.12.2027.")),
        (dt.date(1999, 12, 31), ("new_due_date", "The date must be from 01.01.2000 to 31.12.2027.")),
        (None, ("new_due_date", "Enter the due date.")),
    ],
)  # fmt: skip
def test_due_date_problem(day, problem):
    found = r.due_date_problem(day, today=TODAY)
    assert (None if found is None else (found[0], str(found[1]))) == problem


def test_due_date_problem_names_the_field_it_is_given():
    found = r.due_date_problem(dt.date(2026, 11, 30), today=TODAY, field="due_date")
    assert found[0] == "due_date"

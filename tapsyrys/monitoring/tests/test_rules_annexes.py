"""Pure rules of Annex 9 and the national summary (no database): due days at their edges, the
roll-forward over days off (decision: a due day that is a day off moves to the next working
day, as formation's fixed-date deadlines of §7.3/§7.4), the late moment to the second."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from tapsyrys.calendar.rules import Calendar, day_end
from tapsyrys.core.errors import ApplicationError
from tapsyrys.monitoring.rules import annexes as rules

CAL = Calendar()


@pytest.mark.parametrize(
    "year, period, half_due, year_due, expected",
    [
        (2026, "half", "07-05", "02-05", dt.date(2026, 7, 5)),
        (2026, "year", "07-05", "02-05", dt.date(2027, 2, 5)),
        (2026, "year", "07-05", "12-05", dt.date(2026, 12, 5)),  # the annex's own note
        (2026, "year", "07-05", "06-30", dt.date(2027, 6, 30)),  # first half: next year
        (2026, "year", "07-05", "07-01", dt.date(2026, 7, 1)),  # second half: same year
        (2026, "half", "06-30", "02-05", dt.date(2026, 6, 30)),
        (2027, "year", "07-05", "02-29", dt.date(2028, 2, 29)),
    ],
)
def test_nominal_due_dates(year, period, half_due, year_due, expected):
    assert rules.annex9_due_date(year, period, half_due=half_due, year_due=year_due) == expected


@pytest.mark.parametrize(
    "year, period, expected",
    [
        (2026, "half", dt.date(2026, 7, 7)),  # Sun 5 Jul, Mon 6 Jul Capital Day → Tue 7 Jul
        (2025, "half", dt.date(2025, 7, 8)),  # Sat 5, Sun 6 (holiday moved to Mon 7) → Tue 8
        (2027, "half", dt.date(2027, 7, 5)),  # a Monday: unchanged
        (2025, "year", dt.date(2026, 2, 5)),  # a Thursday
        (2026, "year", dt.date(2027, 2, 5)),  # a Friday
        (2027, "year", dt.date(2028, 2, 7)),  # Sat 5 Feb 2028 → Mon 7 Feb
    ],
)
def test_due_day_moves_over_days_off(year, period, expected):
    deadline = rules.annex9_deadline(year, period, CAL)
    assert deadline.date == expected
    assert deadline.ends_at == day_end(expected)


@pytest.mark.parametrize(
    "year, expected",
    [
        (2026, dt.date(2027, 3, 31)),  # Wednesday
        (2028, dt.date(2029, 4, 2)),  # Sat 31 Mar 2029 → Mon 2 Apr
        (2029, dt.date(2030, 4, 1)),  # Sun 31 Mar 2030 → Mon 1 Apr
    ],
)
def test_summary_due(year, expected):
    assert rules.summary_due_date(year) == dt.date(year + 1, 3, 31)
    assert rules.summary_deadline(year, CAL).date == expected


def test_late_is_one_second_after_the_due_moment():
    due_at = day_end(dt.date(2026, 7, 7))
    second = dt.timedelta(seconds=1)
    assert rules.is_late(due_at=due_at, now=due_at) is False
    assert rules.is_late(due_at=due_at, now=due_at + second) is True
    assert rules.is_late(due_at=due_at, submitted_at=due_at, now=due_at + 9 * second) is False
    assert rules.is_late(due_at=due_at, submitted_at=due_at + second) is True
    assert rules.is_late(due_at=None, now=due_at) is False
    assert rules.is_late(due_at=due_at) is False


@pytest.mark.parametrize(
    "period, start, end",
    [
        ("half", dt.date(2026, 1, 1), dt.date(2026, 6, 30)),
        ("year", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
    ],
)
def test_period_bounds(period, start, end):
    assert rules.period_bounds(2026, period) == (start, end)


def test_scores_and_positive_effect_in_the_year_report_only():
    assert rules.shows_scores("year") is True
    assert rules.shows_scores("half") is False


@pytest.mark.parametrize("value, expected", [("2018", 2018), (2100, 2100), (" 2026 ", 2026)])
def test_year_accepted(value, expected):
    assert rules.check_year(value) == expected


@pytest.mark.parametrize("value", ["2017", "2101", "20x6", "", None, "1e3", "2026.5"])
def test_year_refused_with_the_field(value):
    with pytest.raises(ApplicationError) as exc:
        rules.check_year(value)
    assert exc.value.field == "year"
    with translation.override("en"):
        assert str(exc.value.message) == "Enter the year as four digits."


@pytest.mark.parametrize(
    "value, expected", [("half", "half"), ("YEAR", "year"), (" half ", "half")]
)
def test_period_accepted(value, expected):
    assert rules.check_period(value) == expected


@pytest.mark.parametrize("value", ["", None, "quarter", "halfyear"])
def test_period_refused_with_the_field(value):
    with pytest.raises(ApplicationError) as exc:
        rules.check_period(value)
    assert exc.value.field == "period"


@pytest.mark.parametrize("value", ["7-5x", "13-01", "02-30", "0705"])
def test_malformed_settings_fail_loudly(value):
    with pytest.raises(ValueError):
        rules.month_day(value)


def test_money_and_averages():
    assert rules.thousands(Decimal("4900000.50")) == Decimal("4900.0005")
    assert rules.thousands(0) == 0
    assert rules.average([None, None]) is None
    assert rules.average([]) is None
    assert rules.average([Decimal("4"), None, Decimal("5")]) == Decimal("4.50")
    assert rules.average([Decimal("1"), Decimal("2"), Decimal("2")]) == Decimal("1.67")
    assert rules.coverage_percent(0, 10) is None
    assert rules.coverage_percent(200, 50) == Decimal("25.0")
    assert rules.coverage_percent(3, None) == Decimal("0.0")
    assert rules.coverage_percent(3, 1) == Decimal("33.3")


def test_default_due_days_are_those_of_paragraph_21():
    assert rules.annex9_due_date(2026, "half") == dt.date(2026, 7, 5)
    assert rules.annex9_due_date(2026, "year") == dt.date(2027, 2, 5)
    assert rules.annex9_deadline(2027, "half", CAL, year_due="12-05").date == dt.date(2027, 7, 5)
    assert rules.annex9_deadline(2026, "year", CAL, half_due="12-05").date == dt.date(2027, 2, 5)


@pytest.mark.parametrize(
    "year, period, half_due, year_due, rule, date",
    [
        (2026, "half", "07-05", "02-05",
         "Annex 9 for the half-year: to the authorized body by 05.07.2026 (§21)",
         dt.date(2026, 7, 7)),
        (2026, "half", "06-30", "02-05",
         "Annex 9 for the half-year: to the authorized body by 30.06.2026 (§21)",
         dt.date(2026, 6, 30)),
        (2026, "year", "07-05", "02-05",
         "Annex 9 for the year: to the authorized body by 05.02.2027 (§21)",
         dt.date(2027, 2, 5)),
        (2026, "year", "07-05", "12-05",
         "Annex 9 for the year: to the authorized body by 05.12.2026 (§21)",
         dt.date(2026, 12, 7)),  # Sat 5, Sun 6 December → Mon 7
    ],
)  # fmt: skip
def test_deadline_rule_names_the_nominal_day(year, period, half_due, year_due, rule, date):
    with translation.override("en"):
        deadline = rules.annex9_deadline(year, period, CAL, half_due=half_due, year_due=year_due)
        assert (str(deadline.rule), deadline.date) == (rule, date)
    assert deadline.start == rules.annex9_due_date(
        year, period, half_due=half_due, year_due=year_due
    )


def test_summary_deadline_rule():
    with translation.override("en"):
        deadline = rules.summary_deadline(2028, CAL)
        rule = str(deadline.rule)
    assert rule == "Information for the Government on the results: by 31 March (§11)"
    assert (deadline.start, deadline.date) == (dt.date(2029, 3, 31), dt.date(2029, 4, 2))
    assert [day for day, _reason in deadline.skipped] == [dt.date(2029, 3, 31), dt.date(2029, 4, 1)]


def test_period_refusal_message():
    with translation.override("en"):
        with pytest.raises(ApplicationError) as exc:
            rules.check_period("quarter")
        message = str(exc.value.message)
    assert message == "The period is the half-year (half) or the year (year)."
    assert exc.value.field == "period"

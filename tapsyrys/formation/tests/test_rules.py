import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tapsyrys.calendar.rules import ALMATY, Calendar
from tapsyrys.core.errors import ApplicationError, TransitionNotAllowed
from tapsyrys.formation import rules
from tapsyrys.formation.models import Stage

CAL = Calendar()


def test_discussion_end_for_placement_on_14_03_2025_is_02_04_2025_nauryz_skipped():
    end = rules.discussion_deadline(dt.datetime(2025, 3, 14, 10, 0, tzinfo=ALMATY), CAL)
    assert end.date == dt.date(2025, 4, 2)
    assert end.ends_at == dt.datetime(2025, 4, 2, 23, 59, 59, tzinfo=ALMATY)
    assert any(d == dt.date(2025, 3, 21) for d, _ in end.skipped)  # Nauryz


def test_decisions_due_07_04_2025():
    assert rules.decisions_deadline(dt.date(2025, 4, 2), CAL).date == dt.date(2025, 4, 7)


def test_placement_late_in_the_evening_counts_by_the_almaty_day():
    # 13.03.2025 20:30 UTC is already 14.03 01:30 in Almaty
    placed = dt.datetime(2025, 3, 13, 20, 30, tzinfo=dt.UTC)
    assert rules.discussion_deadline(placed, CAL).date == dt.date(2025, 4, 2)


@pytest.mark.parametrize(
    ("moment", "on_time"),
    [
        (dt.datetime(2025, 4, 2, 23, 59, tzinfo=ALMATY), True),
        (dt.datetime(2025, 4, 2, 23, 59, 59, 999999, tzinfo=ALMATY), True),
        (dt.datetime(2025, 4, 3, 0, 0, tzinfo=ALMATY), False),
        (dt.datetime(2025, 4, 2, 18, 59, tzinfo=dt.UTC), True),
        (dt.datetime(2025, 4, 2, 19, 0, tzinfo=dt.UTC), False),
    ],
)
def test_comment_on_time_by_almaty_day(moment, on_time):
    ends = dt.datetime(2025, 4, 2, 23, 59, 59, tzinfo=ALMATY)
    assert rules.is_comment_on_time(moment, ends) is on_time


@pytest.mark.parametrize(
    ("year", "central", "expected"),
    [
        (2026, True, dt.date(2026, 1, 5)),  # Monday
        (2025, True, dt.date(2025, 1, 5)),  # a Sunday made a working day by decree
        (2026, False, dt.date(2025, 7, 31)),  # local bodies: before 1 August of the year before
        (2027, False, dt.date(2026, 7, 31)),
    ],
)
def test_annex3_council_deadline(year, central, expected):
    assert (
        rules.annex3_council_deadline(year=year, is_central=central, calendar=CAL).date == expected
    )


def test_annex3_publication_deadline_rolls_forward():
    # 25.01.2026 is a Sunday → 26.01.2026
    assert rules.annex3_publication_deadline(year=2026, calendar=CAL).date == dt.date(2026, 1, 26)
    assert rules.annex3_publication_deadline(year=2025, calendar=CAL).date == dt.date(2025, 1, 27)


@pytest.mark.parametrize(
    ("stage", "action", "target"),
    [
        (Stage.PLANNING, "publish", Stage.DISCUSSION),
        (Stage.DISCUSSION, "report", Stage.REPORTED),
        (Stage.REPORTED, "submit", Stage.COUNCIL),
        (Stage.COUNCIL, "fix", Stage.FIXED),
        (Stage.FIXED, "publish_annex3", Stage.APPROVED),
    ],
)
def test_transitions(stage, action, target):
    assert rules.next_stage(stage, action) == target


@pytest.mark.parametrize(
    ("stage", "action"),
    [(Stage.DISCUSSION, "publish"), (Stage.PLANNING, "submit"), (Stage.APPROVED, "fix")],
)
def test_forbidden_transitions(stage, action):
    with pytest.raises(TransitionNotAllowed):
        rules.next_stage(stage, action)


@pytest.mark.parametrize(
    ("latest", "today", "stale"),
    [
        (None, dt.date(2025, 3, 1), True),
        (dt.date(2023, 3, 1), dt.date(2025, 3, 1), False),
        (dt.date(2023, 3, 1), dt.date(2025, 3, 2), True),
        (dt.date(2024, 2, 29), dt.date(2026, 2, 28), False),
        (dt.date(2024, 2, 29), dt.date(2026, 3, 1), True),
    ],
)
def test_needs_assessment_older_than_two_years(latest, today, stale):
    assert rules.needs_assessment_is_stale(latest, today=today) is stale


@pytest.mark.parametrize("value", ["-5", "0", "abc", "", "1.0005", "1e13", None])
def test_bad_financing(value):
    with pytest.raises(ApplicationError) as exc:
        rules.check_financing(value)
    assert exc.value.field == "financing"


def test_financing_is_exact_decimal():
    from decimal import Decimal

    assert rules.check_financing("12 500,5") == Decimal("12500.5")
    assert rules.check_financing(0.1) == Decimal("0.1")


def test_due_state_colours():
    due = dt.datetime(2025, 4, 7, 23, 59, 59, tzinfo=ALMATY)
    assert rules.due_state(due, now=due - dt.timedelta(days=10), done=False).code == "upcoming"
    assert rules.due_state(due, now=due - dt.timedelta(days=2), done=False).code == "soon"
    assert rules.due_state(due, now=due + dt.timedelta(seconds=1), done=False).code == "overdue"
    assert rules.due_state(due, now=due + dt.timedelta(days=1), done=True).code == "done"


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2027, 12, 20)))
def test_discussion_end_is_a_working_day_with_ten_working_days(day):
    placed = dt.datetime.combine(day, dt.time(12), tzinfo=ALMATY)
    end = rules.discussion_deadline(placed, CAL)
    assert CAL.is_working_day(end.date)
    assert CAL.working_days_between(day + dt.timedelta(days=1), end.date) == 10
    due = rules.decisions_deadline(end.date, CAL)
    assert CAL.working_days_between(end.date + dt.timedelta(days=1), due.date) == 3

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tapsyrys.calendar.rules import ALMATY, Calendar
from tapsyrys.core.errors import ApplicationError, TransitionNotAllowed
from tapsyrys.formation import rules
from tapsyrys.formation.models import Stage

CAL = Calendar()


@pytest.fixture(autouse=True)
def _english():
    """The messages are compared in English (the msgids); kk/ru are checked where it matters."""
    from django.utils import translation

    with translation.override("en"):
        yield


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


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2027, 12, 20)))
def test_discussion_end_is_a_working_day_with_ten_working_days(day):
    placed = dt.datetime.combine(day, dt.time(12), tzinfo=ALMATY)
    end = rules.discussion_deadline(placed, CAL)
    assert CAL.is_working_day(end.date)
    assert CAL.working_days_between(day + dt.timedelta(days=1), end.date) == 10
    due = rules.decisions_deadline(end.date, CAL)
    assert CAL.working_days_between(end.date + dt.timedelta(days=1), due.date) == 3


# --- §5–§7 pinned at their exact edges (issue 11): every expectation written out -----------------

STAGES = (
    Stage.PLANNING, Stage.DISCUSSION, Stage.REPORTED, Stage.COUNCIL, Stage.FIXED, Stage.APPROVED
)  # fmt: skip
ACTIONS = (
    "edit_topics", "publish", "comment", "decide", "report", "submit", "recommend", "specify",
    "fix", "enter_budget", "publish_annex3",
)  # fmt: skip
ACTION_LABELS = {
    "edit_topics": "change the planned topics",
    "publish": "publish the topics for discussion",
    "comment": "comment on the topics",
    "decide": "decide on comments",
    "report": "publish the report on the discussion",
    "submit": "submit the Information (Annex 3)",
    "recommend": "record the council's recommendations",
    "specify": "attach technical specifications",
    "fix": "fix the list of topics",
    "enter_budget": "enter the approved budget",
    "publish_annex3": "publish Annex 3",
}
# The only moves of a cycle; every other stage × action pair leaves the stage where it is.
NEXT = {
    (Stage.PLANNING, "publish"): Stage.DISCUSSION,
    (Stage.DISCUSSION, "report"): Stage.REPORTED,
    (Stage.REPORTED, "submit"): Stage.COUNCIL,
    (Stage.COUNCIL, "fix"): Stage.FIXED,
    (Stage.FIXED, "publish_annex3"): Stage.APPROVED,
}


def test_the_stages_and_actions_are_exactly_these():
    assert tuple(Stage) == STAGES
    assert rules.ACTIONS == ACTIONS
    assert {a: str(label) for a, label in rules.ACTION_LABELS.items()} == ACTION_LABELS


@pytest.mark.parametrize(("stage", "action"), [(s, a) for s in STAGES for a in ACTIONS])
def test_f1_next_stage_matrix(stage, action):
    """Every stage × action: the written-out move, or a refusal naming the action and stage."""
    target = NEXT.get((stage, action))
    if target is not None:
        assert rules.next_stage(stage, action) == target
        return
    with pytest.raises(TransitionNotAllowed) as refused:
        rules.next_stage(stage, action)
    error = refused.value
    assert error.extra == {"action": action, "stage": stage.value}
    assert str(error.message) == (
        f"You cannot {ACTION_LABELS[action]} at the stage “{stage.label}”."
    )


@pytest.mark.parametrize("stage", STAGES)
def test_f1_allowed_actions_lists_every_action_in_order(stage):
    assert tuple(rules.allowed_actions(stage)) == ACTIONS


def test_f1_the_stages_with_the_council_columns():
    assert {Stage.REPORTED, Stage.COUNCIL, Stage.FIXED, Stage.APPROVED} == rules.COUNCIL_REACHED


def test_f1_an_unknown_action_is_refused_by_its_own_name():
    with pytest.raises(TransitionNotAllowed) as refused:
        rules.next_stage("planning", "explode")
    assert str(refused.value.message) == (
        "You cannot explode at the stage “Information collection and topic planning”."
    )
    with pytest.raises(LookupError, match="unknown formation action explode"):
        rules.allows(Stage.PLANNING, "explode")
    with pytest.raises(LookupError):
        rules.ensure_allowed(Stage.PLANNING, "explode")


def test_f1_ensure_allowed_passes_an_allowed_pair_and_refuses_another():
    assert rules.ensure_allowed("planning", "publish") is None
    with pytest.raises(TransitionNotAllowed) as refused:
        rules.ensure_allowed("approved", "publish")
    assert refused.value.extra == {"action": "publish", "stage": "approved"}


# Each legal date in a year where it is a working day, so a one-day shift cannot hide behind a
# roll forward (25.01.2027 Monday, 05.01.2027 Tuesday, 31.07 and 01.08 of 2029 Tuesday and
# Wednesday), and in a year where it rolls.
@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2027, dt.date(2027, 1, 25)),  # Monday
        (2026, dt.date(2026, 1, 26)),  # Sunday → Monday
        (2025, dt.date(2025, 1, 27)),  # Saturday → Monday
    ],
)
def test_s74_annex3_publication_by_25_january(year, expected):
    deadline = rules.annex3_publication_deadline(year=year, calendar=CAL)
    assert deadline.date == expected
    assert deadline.start == dt.date(year, 1, 25)
    assert str(deadline.rule) == (
        "Annex 3 after the budget approval: published and sent until 25 January (§7.4)"
    )


@pytest.mark.parametrize(
    ("year", "central", "start", "expected"),
    [
        (2027, True, dt.date(2027, 1, 5), dt.date(2027, 1, 5)),  # Tuesday
        (2026, True, dt.date(2026, 1, 5), dt.date(2026, 1, 5)),  # Monday
        (2031, True, dt.date(2031, 1, 5), dt.date(2031, 1, 6)),  # Sunday → Monday
        (2030, False, dt.date(2029, 7, 31), dt.date(2029, 7, 31)),  # Tuesday (1 August: Wed)
        (2026, False, dt.date(2025, 7, 31), dt.date(2025, 7, 31)),  # Thursday (1 August: Fri)
        (2029, False, dt.date(2028, 7, 31), dt.date(2028, 7, 31)),  # Monday
    ],
)
def test_s73_annex3_to_the_council_or_the_authorized_body(year, central, start, expected):
    deadline = rules.annex3_council_deadline(year=year, is_central=central, calendar=CAL)
    assert (deadline.start, deadline.date) == (start, expected)
    assert str(deadline.rule) == (
        "Annex 3 to the authorized body: no later than 5 January (§7.3)"
        if central
        else "Annex 3 to the council of the corresponding level: before 1 August (§7.3)"
    )


def test_s72_deadline_rules_name_the_law():
    placed = dt.datetime(2025, 3, 14, 10, tzinfo=ALMATY)
    discussion = rules.discussion_deadline(placed, CAL)
    assert (discussion.start, discussion.working_days) == (dt.date(2025, 3, 14), 10)
    assert str(discussion.rule) == (
        "Public discussion: at least 10 working days from the day of placement (§7.2)"
    )
    decisions = rules.decisions_deadline(dt.date(2025, 4, 2), CAL)
    assert (decisions.start, decisions.working_days) == (dt.date(2025, 4, 2), 3)
    assert str(decisions.rule) == (
        "Decisions on comments: within 3 working days after the discussion ends (§7.2)"
    )


# §5: the budget limit, one tiyn-of-a-thousand (0.001 thousand tenge = 1 tenge) either side.
@pytest.mark.parametrize(
    ("total", "limit", "refused", "shown"),
    [
        ("1000", "1000", False, None),  # exactly the limit
        ("1000.000", "1000", False, None),
        ("1000.001", "1000", True, ("1\u202f000,001", "1\u202f000,0")),  # one tenge above
        ("999.999", "1000", False, None),
        ("0.001", "0", True, ("0,001", "0,0")),
        ("0", "0", False, None),
        ("999999999999.999", None, False, None),  # no limit set
    ],
)
def test_s5_budget_total_at_the_limit(total, limit, refused, shown):
    from decimal import Decimal

    limit = None if limit is None else Decimal(limit)
    if not refused:
        assert rules.check_within_limit(total=Decimal(total), limit=limit) is None
        return
    with pytest.raises(ApplicationError) as error:
        rules.check_within_limit(total=Decimal(total), limit=limit)
    assert error.value.field == "financing"
    # the amounts as the pages show them (thin-space groups, a decimal comma), to the tenge
    assert str(error.value.message) == (
        f"The planned topics would total {shown[0]} thousand tenge, above the budget limit of "
        f"{shown[1]} thousand tenge (§5)."
    )


TOO_PRECISE = "Thousand tenge have at most three decimal places (one tenge)."
NOT_A_NUMBER = "Enter the amount as a number of thousand tenge, e.g. 12500.5."
NOT_POSITIVE = "The planned financing must be greater than zero."
TOO_LARGE = "The amount is too large."


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.001", "0.001"),  # the smallest amount: one tenge
        ("999999999999.999", "999999999999.999"),  # the largest
        ("12 500,5", "12500.5"),
        (0.1, "0.1"),
        ("1e3", "1E+3"),
    ],
)
def test_x_money_financing_accepted_at_the_edges(value, expected):
    from decimal import Decimal

    amount = rules.check_financing(value)
    assert isinstance(amount, Decimal) and str(amount) == expected


def test_x_money_financing_keeps_a_decimal_as_it_is():
    from decimal import Decimal

    amount = Decimal("5.000")
    assert rules.check_financing(amount) is amount


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0.0001", TOO_PRECISE),
        ("1.0005", TOO_PRECISE),
        ("1000000000000", TOO_LARGE),  # exactly 10^12
        ("1e12", TOO_LARGE),
        ("1e13", TOO_LARGE),
        ("0", NOT_POSITIVE),
        ("-0.001", NOT_POSITIVE),
        ("-5", NOT_POSITIVE),
        ("abc", NOT_A_NUMBER),
        ("", NOT_A_NUMBER),
        (None, NOT_A_NUMBER),
        ("NaN", NOT_A_NUMBER),
    ],
)
def test_x_money_financing_refused_naming_the_field(value, message):
    with pytest.raises(ApplicationError) as error:
        rules.check_financing(value)
    assert error.value.field == "financing"
    assert str(error.value.message) == message


# "Due soon": from exactly three days before the deadline moment up to the moment itself.
DUE_AT = dt.datetime(2025, 4, 7, 23, 59, 59, tzinfo=ALMATY)
US = dt.timedelta(microseconds=1)


@pytest.mark.parametrize(
    ("now", "done", "code", "label"),
    [
        (DUE_AT - dt.timedelta(days=3) - US, False, "upcoming", "upcoming"),
        (DUE_AT - dt.timedelta(days=3), False, "soon", "due soon"),
        (DUE_AT - dt.timedelta(days=2), False, "soon", "due soon"),
        (DUE_AT, False, "soon", "due soon"),
        (DUE_AT + US, False, "overdue", "overdue"),
        (DUE_AT + dt.timedelta(days=30), False, "overdue", "overdue"),
        (DUE_AT + dt.timedelta(days=30), True, "done", "done"),
        (DUE_AT - dt.timedelta(days=30), True, "done", "done"),
    ],
)
def test_due_state_at_its_moment_level_edges(now, done, code, label):
    state = rules.due_state(DUE_AT, now=now, done=done)
    assert (state.code, str(state.label)) == (code, label)


@pytest.mark.parametrize("done", [True, False])
def test_due_state_without_a_deadline_is_none(done):
    assert rules.due_state(None, now=DUE_AT, done=done) is None

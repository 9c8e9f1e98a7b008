"""The councils part's pure rules (§16, E-1): the term, the self-nomination window (calendar
days), when the body may form the composition, the approval date — every edge both ways."""

import datetime as dt

import pytest

from tapsyrys.evaluation.rules import councils as rules

D = dt.date(2026, 3, 2)  # the announcement, a Monday
day = lambda n: D + dt.timedelta(days=n)  # noqa: E731


def test_term_is_three_calendar_years():
    assert rules.term(2027) == (2027, 2029)
    assert rules.term(2026) == (2026, 2028)


def test_default_first_year_is_the_january_after():
    assert rules.default_first_year(dt.date(2026, 1, 1)) == 2027
    assert rules.default_first_year(dt.date(2026, 12, 31)) == 2027


@pytest.mark.parametrize(
    ("first_year", "refused"),
    [(2025, True), (2026, False), (2027, False), (2028, True)],
)
def test_first_year_next_or_current_only(first_year, refused):
    expected = rules.BAD_FIRST_YEAR if refused else None
    assert rules.first_year_refusal(first_year, D) == expected


def test_first_year_choices_next_first():
    assert rules.first_year_choices(D) == (2027, 2026)


def test_window_dates():
    assert rules.window_last_day(D) == dt.date(2026, 3, 12)
    assert rules.forming_from(D) == dt.date(2026, 3, 13)
    assert rules.WINDOW_DAYS == 10


@pytest.mark.parametrize(
    ("offset", "is_open", "refusal"),
    [
        (-1, False, rules.NOT_YET_OPEN),
        (0, True, None),
        (1, True, None),
        (10, True, None),
        (11, False, rules.WINDOW_CLOSED),
    ],
)
def test_nomination_window(offset, is_open, refusal):
    assert rules.nomination_open(D, day(offset)) is is_open
    assert rules.nomination_refusal(D, day(offset)) == refusal


def test_form_alone_day_10_refused_with_the_date_day_11_allowed():
    assert rules.may_form_alone(D, day(10), False) == ("window_open", "formed_by", day(11))
    assert rules.may_form_alone(D, day(0), False) == ("window_open", "formed_by", day(11))
    assert rules.may_form_alone(D, day(11), False) is None
    assert rules.may_form_alone(D, day(400), False) is None


def test_form_alone_refused_when_someone_nominated():
    assert rules.may_form_alone(D, day(11), True) == ("has_nominations", "formed_by", None)
    assert rules.may_form_alone(D, day(3), True) == ("has_nominations", "formed_by", None)


@pytest.mark.parametrize(
    ("offset", "has", "included", "expected"),
    [
        (11, False, 0, ("no_nominations", "formed_by", None)),
        (11, False, 1, ("no_nominations", "formed_by", None)),
        (10, True, 1, ("window_open", "formed_by", D + dt.timedelta(days=11))),
        (11, True, 0, ("none_included", "include", None)),
        (11, True, 1, None),
        (12, True, 3, None),
    ],
)
def test_form_from_nominations(offset, has, included, expected):
    assert rules.may_form_from_nominations(D, day(offset), has, included) == expected


@pytest.mark.parametrize(
    ("approved", "formed", "today", "expected"),
    [
        (day(12), day(11), day(11), rules.APPROVED_IN_FUTURE),
        (day(11), day(11), day(11), None),
        (day(10), day(11), day(20), rules.APPROVED_BEFORE_FORMING),
        (day(15), day(11), day(20), None),
        (day(20), day(11), day(20), None),
        (day(21), day(11), day(20), rules.APPROVED_IN_FUTURE),
    ],
)
def test_approval_date(approved, formed, today, expected):
    assert rules.approval_refusal(approved, formed, today) == expected


@pytest.mark.parametrize(
    ("year", "covered"), [(2026, False), (2027, True), (2028, True), (2029, True), (2030, False)]
)
def test_covers(year, covered):
    assert rules.covers(2027, year) is covered


STATUS_MATRIX = {
    ("announced", "nominate"): True, ("announced", "withdraw"): True,
    ("announced", "form"): True, ("announced", "approve"): False,
    ("announced", "file_notice"): False,
    ("preliminary", "nominate"): False, ("preliminary", "withdraw"): False,
    ("preliminary", "form"): False, ("preliminary", "approve"): True,
    ("preliminary", "file_notice"): True,
    ("approved", "nominate"): False, ("approved", "withdraw"): False,
    ("approved", "form"): False, ("approved", "approve"): False,
    ("approved", "file_notice"): True,
    ("unknown", "nominate"): False,
}  # fmt: skip


@pytest.mark.parametrize(("status", "action"), sorted(STATUS_MATRIX))
def test_status_actions(status, action):
    assert rules.allows(status, action) is STATUS_MATRIX[(status, action)]


@pytest.mark.parametrize(
    ("declared", "other", "expected"),
    [(False, False, False), (True, False, True), (False, True, True), (True, True, True)],
)
def test_other_conflict_is_declared(declared, other, expected):
    assert rules.notice_declares_conflict(declared=declared, other=other) is expected

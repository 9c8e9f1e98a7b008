"""Pure rules of the reports part (E-5, §19): averages, comments, closing, posting."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from tapsyrys.calendar.rules import Calendar
from tapsyrys.evaluation.rules import reports as rules

D = Decimal


def sheet(a, b, c, d):
    return {"results": a, "positive_effect": b, "continuation": c, "long_term_effect": d}


def test_the_issue_sheets_average_to_its_numbers():
    got = rules.averages([sheet(5, 4, 3, 4), sheet(4, 4, 4, 5), sheet(3, 5, 4, 4)])
    assert got == {
        "results": D("4.00"),
        "positive_effect": D("4.33"),
        "continuation": D("3.67"),
        "long_term_effect": D("4.33"),
        "total": D("16.33"),
    }
    assert str(got["results"]) == "4.00" and str(got["total"]) == "16.33"


@pytest.mark.parametrize(
    ("sheets", "expected"),
    [
        # 33/8 = 4.125 → 4.13 (half up, not banker's 4.12)
        ([sheet(5, 1, 1, 1)] * 1 + [sheet(4, 1, 1, 1)] * 7, D("4.13")),
        ([sheet(4, 1, 1, 1)] * 2 + [sheet(5, 1, 1, 1)], D("4.33")),  # 13/3 = 4.333… down
        ([sheet(5, 1, 1, 1)] * 2 + [sheet(4, 1, 1, 1)], D("4.67")),  # 14/3 = 4.666… up
        ([sheet(2, 1, 1, 1)] * 7 + [sheet(3, 1, 1, 1)], D("2.13")),  # 17/8 = 2.125 → 2.13
        ([sheet(1, 1, 1, 1)], D("1.00")),
        ([sheet(5, 5, 5, 5)], D("5.00")),
    ],
)
def test_an_average_is_rounded_half_up_to_two_decimals(sheets, expected):
    assert rules.averages(sheets)["results"] == expected


def test_the_total_is_the_sum_of_the_rounded_averages():
    # 13/3 → 4.33 on each of the four criteria: the sum of rounded = 17.32, the rounded mean
    # of totals would be 17.33 — Annex 8 adds the column as printed
    sheets = [sheet(4, 4, 4, 4)] * 2 + [sheet(5, 5, 5, 5)]
    got = rules.averages(sheets)
    assert got["total"] == D("17.32")
    assert str(got["total"]) == "17.32"


def test_no_sheet_has_no_averages():
    assert rules.averages([]) is None
    assert rules.averages(iter([])) is None


def test_an_iterator_of_sheets_is_read_once():
    got = rules.averages(iter([sheet(1, 2, 3, 4), sheet(3, 4, 5, 2)]))
    assert got == {
        "results": D("2.00"),
        "positive_effect": D("3.00"),
        "continuation": D("4.00"),
        "long_term_effect": D("3.00"),
        "total": D("12.00"),
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [("4.005", "4.01"), ("4.004", "4.00"), ("4.0049999", "4.00"), ("0.125", "0.13"), ("2", "2.00")],
)
def test_rounded(value, expected):
    assert str(rules.rounded(D(value))) == expected


def test_comments_are_numbered_and_blank_ones_left_out():
    assert rules.compile_comments(["  good ", "", None, "   ", "weak\nfinish"]) == (
        "1) good\n2) weak\nfinish"
    )
    assert rules.compile_comments([]) == ""
    assert rules.compile_comments(["", None]) == ""


@pytest.mark.parametrize(
    ("limit", "expected"),
    [(8, "1) abcde"), (7, "1) abc…"), (9, "1) abcde")],
)
def test_comments_are_cut_at_the_limit(limit, expected):
    got = rules.compile_comments(["abcde"], limit=limit)
    assert got == expected and len(got) <= limit


def test_the_default_limit_is_the_report_field():
    assert rules.COMMENTS_LIMIT == 8000
    got = rules.compile_comments(["x" * 9000])
    assert len(got) == 8000 and got.endswith("…")
    assert rules.compile_comments(["x" * 7997]) == "1) " + "x" * 7997


@pytest.mark.parametrize(
    ("is_open", "has_council", "counted", "drafts", "expected"),
    [
        (True, True, 1, 0, None),
        (True, True, 3, 0, None),
        (False, True, 1, 0, "not_open"),
        (False, False, 0, 2, "not_open"),
        (True, False, 1, 0, "no_council"),
        (True, False, 0, 1, "no_council"),
        (True, True, 0, 0, "no_signed_sheet"),
        (True, True, 0, 1, "no_signed_sheet"),
        (True, True, 1, 1, "drafts_pending"),
        (True, True, 2, 3, "drafts_pending"),
    ],
)
def test_completion_refusal(is_open, has_council, counted, drafts, expected):
    got = rules.completion_refusal(
        is_open=is_open, has_council=has_council, counted=counted, drafts_pending=drafts
    )
    assert got == expected


def test_every_refusal_names_its_field():
    assert {k: v[1] for k, v in rules.REFUSALS.items()} == {
        "not_open": "evaluation",
        "no_council": "council",
        "no_signed_sheet": "sheets",
        "drafts_pending": "sheets",
    }
    with translation.override("en"):
        assert "Annex 8" in str(rules.REFUSALS["no_signed_sheet"][0])
        assert "unsigned" in str(rules.REFUSALS["drafts_pending"][0])


@pytest.mark.parametrize(
    ("completed_on", "due"),
    [
        (dt.date(2025, 3, 3), dt.date(2025, 3, 6)),  # Monday → Thursday
        (dt.date(2025, 3, 5), dt.date(2025, 3, 11)),  # 6, 7, (8.03 Sat, its day off on Mon 10), 11
        (dt.date(2025, 2, 28), dt.date(2025, 3, 5)),  # Friday → Wednesday
        (dt.date(2025, 3, 1), dt.date(2025, 3, 5)),  # Saturday → 3, 4, 5
    ],
)
def test_the_posting_is_due_the_third_working_day_after_completion(completed_on, due):
    deadline = rules.posting_deadline(completed_on, Calendar())
    assert deadline.date == due
    assert deadline.working_days == 3 and deadline.start == completed_on
    assert "§19" in deadline.rule


TODAY = dt.date(2025, 3, 10)
DONE = dt.date(2025, 3, 5)


@pytest.mark.parametrize(
    ("posted_on", "ok"),
    [
        (DONE, True),
        (DONE - dt.timedelta(days=1), False),
        (TODAY, True),
        (TODAY + dt.timedelta(days=1), False),
        (dt.date(2025, 3, 7), True),
    ],
)
def test_posting_date_edges(posted_on, ok):
    assert (rules.posting_problem(posted_on, completed_on=DONE, today=TODAY) is None) is ok


def test_posting_date_messages():
    with translation.override("en"):
        assert "05.03.2025" in str(
            rules.posting_problem(dt.date(2025, 3, 4), completed_on=DONE, today=TODAY)
        )
        assert "future" in str(
            rules.posting_problem(dt.date(2025, 3, 11), completed_on=DONE, today=TODAY)
        )
        assert "Enter the date" in str(rules.posting_problem(None, completed_on=DONE, today=TODAY))


@pytest.mark.parametrize(
    ("reference", "ok"),
    [
        ("", False),
        ("   ", False),
        (None, False),
        ("x", True),
        ("x" * 300, True),
        ("x" * 301, False),
        ("  " + "x" * 300 + "  ", True),
    ],
)
def test_reference_problem(reference, ok):
    assert (rules.reference_problem(reference) is None) is ok


def test_reference_messages():
    with translation.override("en"):
        assert "reference" in str(rules.reference_problem(""))
        assert "300" in str(rules.reference_problem("x" * 301))
    assert rules.reference_problem("abc", limit=3) is None
    assert rules.reference_problem("abcd", limit=3) is not None


# --- The messages, word for word (what the body reads beside the field) ---------------------

COMPLETED = dt.date(2026, 3, 2)
POSTING_MESSAGES = [
    (None, "Enter the date of the posting on the public procurement web portal."),
    (
        dt.date(2026, 3, 1),
        "The posting date cannot be before the evaluation was completed (02.03.2026).",
    ),
    (dt.date(2026, 3, 11), "The posting date cannot be in the future."),
]


@pytest.mark.parametrize(("posted_on", "message"), POSTING_MESSAGES)
def test_the_posting_date_messages(posted_on, message):
    with translation.override("en"):
        problem = rules.posting_problem(
            posted_on, completed_on=COMPLETED, today=dt.date(2026, 3, 10)
        )
        assert str(problem) == message


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("", "Enter the reference of the posting on the public procurement web portal."),
        ("   ", "Enter the reference of the posting on the public procurement web portal."),
        ("x" * 301, "The reference is at most 300 characters."),
    ],
)
def test_the_reference_messages(reference, message):
    with translation.override("en"):
        assert str(rules.reference_problem(reference)) == message

"""The sheets part's pure rules (E-2, E-4), against expectations written out here; every
legal edge in both directions."""

import datetime as dt

import pytest

from tapsyrys.calendar.rules import Calendar
from tapsyrys.core.errors import ApplicationError
from tapsyrys.evaluation.rules import sheets as rules

TODAY = dt.date(2026, 1, 12)


@pytest.mark.parametrize(
    ("status", "ends_on", "final_accepted", "expected"),
    [
        ("active", dt.date(2026, 1, 11), False, "ended"),  # ended yesterday
        ("active", dt.date(2026, 1, 12), False, None),  # ends today: not yet
        ("active", dt.date(2026, 1, 13), False, None),
        ("active", dt.date(2026, 6, 1), True, "final_report"),
        ("active", dt.date(2026, 1, 11), True, "final_report"),  # both: the report says why
        ("completed", dt.date(2025, 12, 20), False, "ended"),
        ("suspended", dt.date(2025, 12, 20), False, "ended"),
        ("closed", dt.date(2025, 12, 20), False, "ended"),
        ("terminated", dt.date(2025, 12, 20), False, None),
        ("terminated", dt.date(2025, 12, 20), True, None),
    ],
)
def test_entry_reason(status, ends_on, final_accepted, expected):
    assert (
        rules.entry_reason(
            status=status, ends_on=ends_on, final_accepted=final_accepted, today=TODAY
        )
        == expected
    )


def test_due_deadline_ten_working_days():
    deadline = rules.due_deadline(dt.date(2026, 1, 12), Calendar())
    assert deadline.date == dt.date(2026, 1, 26)  # Mon 12.01 → Mon 26.01 (two weekends)
    assert deadline.working_days == 10
    rule = "Evaluation of results: within 10 working days after the project entered it"
    assert str(deadline.rule) == rule
    assert str(rules.DUE_RULE_DEFAULT) == rule
    assert str(rules.due_deadline(dt.date(2026, 1, 12), Calendar(), 3).rule) == rule.replace(
        "10", "3"
    )
    assert rules.due_deadline(dt.date(2026, 1, 12), Calendar(), 1).date == dt.date(2026, 1, 13)
    # Friday + 1 working day = Monday
    assert rules.due_deadline(dt.date(2026, 1, 16), Calendar(), 1).date == dt.date(2026, 1, 19)
    assert rules.EVALUATION_DUE_WORKING_DAYS == 10
    assert (rules.SCORE_MIN, rules.SCORE_MAX, rules.COMMENT_MAX) == (1, 5, 4000)
    assert rules.CRITERIA == ("results", "positive_effect", "continuation", "long_term_effect")
    assert rules.NEVER_EVALUATED == ("terminated",)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1, 1), (5, 5), ("1", 1), ("5", 5), (" 3 ", 3), (None, None), ("", None), ("  ", None)],
)
def test_clean_score_accepts(value, expected):
    assert rules.clean_score(value, field="results") == expected


@pytest.mark.parametrize("value", [0, 6, -1, "0", "6", 2.5, "2.5", "x", True, False, 3.0, "1e1"])
def test_clean_score_refuses(value):
    with pytest.raises(ApplicationError) as exc:
        rules.clean_score(value, field="continuation")
    assert exc.value.field == "continuation"
    assert str(exc.value.message) == "A score is a whole number from 1 to 5."


@pytest.mark.parametrize("value", [None, "", " "])
def test_clean_score_required(value):
    with pytest.raises(ApplicationError) as exc:
        rules.clean_score(value, field="results", required=True)
    assert exc.value.field == "results"
    assert str(exc.value.message) == "Give a score from 1 to 5."


def test_clean_comment_edges():
    assert rules.clean_comment(None, field="x") == ""
    assert rules.clean_comment("  a  ", field="x") == "a"
    assert rules.clean_comment("a" * 4000, field="x") == "a" * 4000
    with pytest.raises(ApplicationError) as exc:
        rules.clean_comment("a" * 4001, field="results_comment")
    assert exc.value.field == "results_comment"
    assert str(exc.value.message) == "At most 4000 characters."


def test_clean_sheet_draft_and_signing():
    draft = rules.clean_sheet({"results": "4", "results_comment": " ok "})
    assert draft == {
        "results": 4, "results_comment": "ok",
        "positive_effect": None, "positive_effect_comment": "",
        "continuation": None, "continuation_comment": "",
        "long_term_effect": None, "long_term_effect_comment": "",
        "recommendations": "",
    }  # fmt: skip
    with pytest.raises(ApplicationError) as exc:
        rules.clean_sheet({"results": 4}, signing=True)
    assert exc.value.field == "positive_effect"
    full = {"results": 5, "positive_effect": 4, "continuation": 3, "long_term_effect": 4}
    assert rules.clean_sheet(full, signing=True)["long_term_effect"] == 4
    with pytest.raises(ApplicationError) as exc:
        rules.clean_sheet({**full, "recommendations": "x" * 4001})
    assert exc.value.field == "recommendations"


def test_total():
    assert rules.total({"results": 5, "positive_effect": 4, "continuation": 3,
                        "long_term_effect": 4}) == 16  # fmt: skip
    assert rules.total({"results": 1, "positive_effect": 1, "continuation": 1,
                        "long_term_effect": 1}) == 4  # fmt: skip
    assert rules.total({"results": 5, "positive_effect": 4, "continuation": 3}) is None


@pytest.mark.parametrize(
    ("own", "names", "declared", "expected"),
    [
        (False, False, False, None),
        (True, False, False, "own_organisation"),
        (False, True, False, "notice"),
        (False, False, True, "declared"),
        (True, True, True, "own_organisation"),
        (False, True, True, "notice"),
    ],
)
def test_conflict_reason(own, names, declared, expected):
    assert (
        rules.conflict_reason(own_organisation=own, notice_names_ngo=names, declared=declared)
        == expected
    )


@pytest.mark.parametrize(
    ("member", "council", "conflicted", "completed", "signed", "expected"),
    [
        (True, True, False, False, False, None),
        (True, False, False, False, False, "no_council"),
        (False, False, False, False, False, "no_council"),
        (False, True, False, False, False, "not_a_member"),
        (True, True, True, False, False, "conflicted"),
        (True, True, True, True, True, "conflicted"),
        (True, True, False, True, False, "completed"),
        (True, True, False, True, True, "completed"),
        (True, True, False, False, True, "signed"),
    ],
)
def test_sheet_refusal(member, council, conflicted, completed, signed, expected):
    assert (
        rules.sheet_refusal(
            is_member=member, has_council=council, conflicted=conflicted,
            completed=completed, signed=signed,
        )
        == expected
    )  # fmt: skip


def test_clean_sheet_names_the_comment_field():
    with pytest.raises(ApplicationError) as exc:
        rules.clean_sheet({"continuation_comment": "x" * 4001})
    assert exc.value.field == "continuation_comment"


def test_sheet_refusal_by_default_not_signed():
    assert (
        rules.sheet_refusal(is_member=True, has_council=True, conflicted=False, completed=False)
        is None
    )

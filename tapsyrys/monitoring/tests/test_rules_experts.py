"""M-4 and the assignment refusals as pure rules (no database): written-out expectations."""

from decimal import Decimal

import pytest

from tapsyrys.monitoring.rules import experts as rules


@pytest.mark.parametrize(
    ("amount", "mci", "expected"),
    [
        # 2025: 500 × 3 932 = 1 966 000
        ("1966000", 3932, "body"),
        ("1966000.00", 3932, "body"),
        ("1966000.01", 3932, "expert"),
        ("1966001", 3932, "expert"),
        ("1965999.99", 3932, "body"),
        ("0.01", 3932, "body"),
        # 2020 before 1 April: 500 × 2 651 = 1 325 500; from 1 April: 500 × 2 778 = 1 389 000
        ("1325500", 2651, "body"),
        ("1325500.01", 2651, "expert"),
        ("1350000", 2651, "expert"),
        ("1350000", 2778, "body"),
        ("1389000", 2778, "body"),
        ("1389000.01", 2778, "expert"),
        # 2026: 500 × 4 325 = 2 162 500
        ("2162500", 4325, "body"),
        ("2162500.01", 4325, "expert"),
        ("4900000.50", 4325, "expert"),
    ],
)
def test_monitored_by(amount, mci, expected):
    assert rules.monitored_by(Decimal(amount), mci) == expected


@pytest.mark.parametrize(
    ("mci", "threshold"),
    [(2405, "1202500"), (2651, "1325500"), (2778, "1389000"), (3932, "1966000"),
     (4325, "2162500"), ("3180", "1590000")],
)  # fmt: skip
def test_threshold_is_500_mci(mci, threshold):
    assert rules.threshold(mci) == Decimal(threshold)
    assert rules.THRESHOLD_MCI == 500
    assert rules.BODY == "body" and rules.EXPERT == "expert"


FINE = {
    "is_expert": True,
    "is_running": True,
    "needs_expert": True,
    "already_assigned": False,
    "has_signed_notice": True,
    "declares_conflict": False,
    "names_supplier": False,
    "member_of_supplier": False,
}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, None),
        ({"is_expert": False}, ("not_an_expert", "expert")),
        ({"is_running": False}, ("not_running", "contract")),
        ({"needs_expert": False}, ("body_monitors", "contract")),
        ({"already_assigned": True}, ("already_assigned", "contract")),
        ({"member_of_supplier": True}, ("member_of_supplier", "expert")),
        ({"has_signed_notice": False}, ("no_signed_notice", "notice")),
        ({"declares_conflict": True}, ("conflict_declared", "notice")),
        ({"names_supplier": True}, ("names_supplier", "notice")),
        # the first reason that applies is the one given
        ({"is_expert": False, "needs_expert": False}, ("not_an_expert", "expert")),
        ({"is_running": False, "needs_expert": False}, ("not_running", "contract")),
        ({"needs_expert": False, "already_assigned": True}, ("body_monitors", "contract")),
        ({"already_assigned": True, "declares_conflict": True}, ("already_assigned", "contract")),
        ({"member_of_supplier": True, "has_signed_notice": False},
         ("member_of_supplier", "expert")),
        ({"has_signed_notice": False, "declares_conflict": True}, ("no_signed_notice", "notice")),
        ({"declares_conflict": True, "names_supplier": True}, ("conflict_declared", "notice")),
    ],
)  # fmt: skip
def test_assignment_refusal(changes, expected):
    assert rules.assignment_refusal(**{**FINE, **changes}) == expected


@pytest.mark.parametrize(
    ("declared", "other", "expected"),
    [(False, False, False), (True, False, True), (False, True, True), (True, True, True)],
)
def test_other_potential_conflict_is_a_declared_conflict(declared, other, expected):
    assert rules.notice_declares_conflict(declared=declared, other=other) is expected

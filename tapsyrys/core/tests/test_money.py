"""X-MONEY: exact amounts, thin-space grouping, thousand tenge as the annexes show it."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from tapsyrys.core.money import THIN_SPACE, group, tenge_to_thousands, to_decimal

T = THIN_SPACE


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (Decimal("12345678.5"), 2, f"12{T}345{T}678,50"),
        (Decimal("-1234.5"), 2, f"-1{T}234,50"),
        (Decimal("0"), 2, "0,00"),
        (Decimal("999"), 0, "999"),
        (Decimal("1000"), 0, f"1{T}000"),
        (Decimal("0.005"), 2, "0,01"),  # half up
        (Decimal("999.995"), 2, f"1{T}000,00"),
        (2.675, 2, "2,68"),  # a float is read by its shortest repr, not its binary value
        (1.005, 2, "1,01"),
        (0.125, 2, "0,13"),
        (12345, 0, f"12{T}345"),
        ("1234.5", 1, f"1{T}234,5"),
        (None, 2, ""),
    ],
)
def test_x_money_group(value, places, text):
    assert group(value, places) == text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1 234,50", Decimal("1234.50")),
        (f"1{T}234{T}567,5", Decimal("1234567.5")),
        (0.1, Decimal("0.1")),
        (5, Decimal("5")),
        ("", None),
        (None, None),
        ("abc", None),
        ("NaN", None),
        ("Infinity", None),
    ],
)
def test_x_money_to_decimal(value, expected):
    assert to_decimal(value) == expected


@pytest.mark.parametrize(
    ("tenge", "thousands"),
    [(1234567, Decimal("1234.6")), (50, Decimal("0.1")), (49, Decimal("0.0")), (0, Decimal("0.0"))],
)
def test_x_money_tenge_to_thousands(tenge, thousands):
    assert tenge_to_thousands(tenge) == thousands


def test_x_money_template_filters():
    html = Template(
        "{{ a|tenge }}|{{ a|thousands }}|{{ b|grouped }}|{{ none|tenge }}|{{ day|ddmmyyyy }}"
    ).render(
        Context(
            {
                "a": Decimal("1234567.5"),
                "b": 20000,
                "none": None,
                "day": __import__("datetime").date(2025, 4, 2),
            }
        )
    )
    assert html == f"1{T}234{T}567,50\u00a0₸|1{T}234,6|20{T}000||02.04.2025"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("1234.5"), f"1{T}234,50"),  # two places unless told otherwise
        (Decimal("0.004"), "0,00"),
        (Decimal("-0.5"), "-0,50"),
        (Decimal("123456"), f"123{T}456,00"),
        (Decimal("1234567"), f"1{T}234{T}567,00"),
    ],
)
def test_x_money_group_by_default(value, text):
    assert group(value) == text


def test_x_money_group_with_other_separators():
    assert group(Decimal("1234567.891"), 3, sep=" ", decimal_sep=".") == "1 234 567.891"
    assert group(Decimal("0.4"), 0) == "0"
    assert group(Decimal("-0.4"), 0) == "0"  # rounds to zero: no sign


@pytest.mark.parametrize("value", ["", " ", "\u202f", "None", [], "1,2,3", "--1"])
def test_x_money_to_decimal_none_for_what_is_not_a_number(value):
    assert to_decimal(value) is None

"""Pure rules of monitoring plans and events (M-1, M-3, S-2): tables against written-out
expectations, every limit at its exact edge in both directions. No database."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from tapsyrys.core.errors import ApplicationError
from tapsyrys.monitoring.rules import events as r

D = dt.date
FULL = (D(2025, 1, 1), D(2025, 12, 31))


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


MARCH = D(2025, 3, 1)


def days(n, start=MARCH):
    return [start + dt.timedelta(days=7 * i) for i in range(n)]


# --- the number of events per year (2022/2018 editions) ----------------------------------------


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, ["below_minimum"]),
        (1, ["below_minimum"]),
        (2, []),
        (3, []),
        (5, []),
        (6, ["above_maximum"]),
    ],
)
@pytest.mark.parametrize("edition", ["2018", "2022"])
def test_year_problems_count_edges(count, expected, edition):
    assert (
        r.year_problems(days(count), year=2025, edition=edition, starts_on=FULL[0], ends_on=FULL[1])
        == expected
    )


def test_max_events_by_edition():
    assert r.max_events("2022") == 5
    assert r.max_events("2018") == 5
    assert r.max_events("2021") is None
    assert r.max_events(2021) is None


@pytest.mark.parametrize(
    ("count", "edition", "refused"),
    [
        (0, "2022", False),
        (4, "2022", False),
        (5, "2022", True),
        (6, "2022", True),
        (4, "2018", False),
        (5, "2018", True),
        (5, "2021", False),
        (9, "2021", False),
    ],
)
def test_room_in_year(count, edition, refused):
    if refused:
        with pytest.raises(ApplicationError) as exc:
            r.check_room_in_year(count, edition=edition)
        assert exc.value.field == "planned_on"
        assert "5" in str(exc.value.message)
    else:
        r.check_room_in_year(count, edition=edition)


def test_room_in_year_names_the_given_field():
    with pytest.raises(ApplicationError) as exc:
        r.check_room_in_year(5, edition="2022", field="held_on")
    assert exc.value.field == "held_on"


# --- partial years: the full minimum applies ---------------------------------------------------


@pytest.mark.parametrize(
    ("starts", "ends", "events_by_year", "expected"),
    [
        # a project of one month still needs 2 events in its only year
        (D(2025, 11, 1), D(2025, 11, 30), {}, {2025: ["below_minimum"]}),
        (D(2025, 11, 1), D(2025, 11, 30), {2025: [D(2025, 11, 5)]}, {2025: ["below_minimum"]}),
        (D(2025, 11, 1), D(2025, 11, 30), {2025: [D(2025, 11, 5)] * 2}, {2025: []}),
        # a two-year project: each calendar year counts on its own
        (
            D(2025, 10, 1),
            D(2026, 3, 31),
            {2025: [D(2025, 10, 2), D(2025, 12, 30)], 2026: [D(2026, 1, 10)]},
            {2025: [], 2026: ["below_minimum"]},
        ),
        (
            D(2025, 10, 1),
            D(2026, 3, 31),
            {2025: [D(2025, 10, 2), D(2025, 12, 30)], 2026: [D(2026, 1, 10), D(2026, 3, 31)]},
            {2025: [], 2026: []},
        ),
    ],
)
def test_plan_problems_partial_years(starts, ends, events_by_year, expected):
    assert (
        r.plan_problems(events_by_year, edition="2022", starts_on=starts, ends_on=ends) == expected
    )


def test_plan_problems_event_outside_period():
    got = r.plan_problems(
        {2025: [D(2025, 1, 9), D(2025, 5, 1)], 2024: [D(2024, 12, 1)]},
        edition="2022",
        starts_on=D(2025, 1, 10),
        ends_on=D(2025, 12, 20),
    )
    assert got == {2024: ["outside_period"], 2025: ["outside_period"]}


def test_plan_problems_event_in_the_wrong_year_list():
    got = r.plan_problems(
        {2025: [D(2026, 1, 5), D(2025, 5, 1)]},
        edition="2022",
        starts_on=D(2025, 1, 1),
        ends_on=D(2026, 12, 31),
    )
    assert got == {2025: ["outside_period"], 2026: ["below_minimum"]}


def test_year_span_and_years():
    assert r.implementation_years(D(2025, 10, 1), D(2027, 2, 1)) == [2025, 2026, 2027]
    assert r.year_span(2025, D(2025, 10, 1), D(2027, 2, 1)) == (D(2025, 10, 1), D(2025, 12, 31))
    assert r.year_span(2026, D(2025, 10, 1), D(2027, 2, 1)) == (D(2026, 1, 1), D(2026, 12, 31))
    assert r.year_span(2027, D(2025, 10, 1), D(2027, 2, 1)) == (D(2027, 1, 1), D(2027, 2, 1))
    assert r.year_span(2024, D(2025, 10, 1), D(2027, 2, 1)) is None
    assert r.year_span(2028, D(2025, 10, 1), D(2027, 2, 1)) is None


# --- 2021 edition: by 1 July and by 1 December (on or before) ----------------------------------


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        ([D(2025, 7, 1), D(2025, 12, 1)], []),  # both on the day: "by" = on or before
        ([D(2025, 7, 2), D(2025, 12, 1)], ["none_by_1_july"]),
        ([D(2025, 6, 30), D(2025, 12, 2)], ["two_not_by_1_december"]),
        ([D(2025, 7, 2), D(2025, 12, 2)], ["none_by_1_july", "two_not_by_1_december"]),
        ([D(2025, 2, 1), D(2025, 3, 1)], []),
        ([D(2025, 2, 1)], ["below_minimum", "two_not_by_1_december"]),
        ([], ["below_minimum", "none_by_1_july", "two_not_by_1_december"]),
        # no maximum in the 2021 edition
        ([D(2025, m, 1) for m in range(1, 8)], []),
    ],
)
def test_2021_edition_dates(dates, expected):
    assert (
        r.year_problems(dates, year=2025, edition="2021", starts_on=FULL[0], ends_on=FULL[1])
        == expected
    )


@pytest.mark.parametrize(
    ("starts", "ends", "dates", "expected"),
    [
        # starts after 1 July: nothing to meet by 1 July; two by 1 December
        (D(2025, 7, 2), D(2025, 12, 31), [D(2025, 8, 1), D(2025, 12, 1)], []),
        (D(2025, 7, 2), D(2025, 12, 31), [D(2025, 8, 1), D(2025, 12, 2)],
         ["two_not_by_1_december"]),
        # starts on 1 July: one event on 1 July is needed
        (D(2025, 7, 1), D(2025, 12, 31), [D(2025, 8, 1), D(2025, 9, 1)], ["none_by_1_july"]),
        # starts after 1 December: the minimum only
        (D(2025, 12, 2), D(2025, 12, 31), [D(2025, 12, 10), D(2025, 12, 20)], []),
        (D(2025, 12, 2), D(2025, 12, 31), [D(2025, 12, 10)], ["below_minimum"]),
        # ends before 1 July: both within the period meet both dates
        (D(2025, 1, 1), D(2025, 6, 30), [D(2025, 3, 1), D(2025, 6, 30)], []),
    ],
)  # fmt: skip
def test_2021_edition_partial_years(starts, ends, dates, expected):
    assert (
        r.year_problems(dates, year=2025, edition="2021", starts_on=starts, ends_on=ends)
        == expected
    )


# --- when the minimum falls due ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "starts", "ends", "due"),
    [
        (2025, D(2025, 1, 10), D(2025, 12, 20), D(2025, 12, 1)),
        (2025, D(2025, 1, 10), D(2025, 12, 1), D(2025, 12, 1)),
        (2025, D(2025, 1, 10), D(2025, 11, 30), D(2025, 11, 30)),
        (2025, D(2025, 12, 1), D(2025, 12, 31), D(2025, 12, 1)),
        (2025, D(2025, 12, 2), D(2025, 12, 31), D(2025, 12, 31)),
        (2025, D(2025, 12, 2), D(2026, 3, 1), D(2025, 12, 31)),
        (2026, D(2025, 12, 2), D(2026, 3, 1), D(2026, 3, 1)),
        (2026, D(2025, 1, 1), D(2027, 3, 1), D(2026, 12, 1)),
    ],
)
def test_minimum_due_on(year, starts, ends, due):
    assert r.minimum_due_on(year, starts, ends) == due


# --- the period ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "ok"),
    [
        (D(2025, 1, 9), False),
        (D(2025, 1, 10), True),
        (D(2025, 12, 20), True),
        (D(2025, 12, 21), False),
    ],
)
def test_check_event_date(day, ok):
    if ok:
        r.check_event_date(day, starts_on=D(2025, 1, 10), ends_on=D(2025, 12, 20))
        return
    with pytest.raises(ApplicationError) as exc:
        r.check_event_date(day, starts_on=D(2025, 1, 10), ends_on=D(2025, 12, 20))
    assert exc.value.field == "planned_on"
    assert "10.01.2025" in str(exc.value.message)
    assert "20.12.2025" in str(exc.value.message)


def test_check_event_date_names_the_given_field():
    with pytest.raises(ApplicationError) as exc:
        r.check_event_date(
            D(2026, 1, 1), starts_on=D(2025, 1, 10), ends_on=D(2025, 12, 20), field="held_on"
        )
    assert exc.value.field == "held_on"


# --- tools (M-3) -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "refused"), [(-1, True), (0, False), (1, True), (2, False), (7, False)]
)
def test_check_tools(count, refused):
    if refused:
        with pytest.raises(ApplicationError) as exc:
            r.check_tools(count)
        assert exc.value.field == "tools"
    else:
        r.check_tools(count)


# --- numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "integer", "maximum", "expected"),
    [
        (None, False, None, None),
        ("", False, None, None),
        ("  ", True, None, None),
        ("5", True, None, 5),
        (5, True, None, 5),
        ("12,5", False, None, Decimal("12.5")),
        ("1 000", True, None, 1000),
        ("0", True, None, 0),
        ("100", False, 100, Decimal("100")),
        ("5.0", True, None, 5),
    ],
)
def test_parse_number_accepts(value, integer, maximum, expected):
    got = r.parse_number(value, field="f", integer=integer, maximum=maximum)
    assert got == expected
    assert type(got) is type(expected)


@pytest.mark.parametrize(
    ("value", "integer", "maximum", "message"),
    [
        ("abc", False, None, "Enter a number."),
        ("NaN", False, None, "Enter a number."),
        ("Infinity", False, None, "Enter a number."),
        (True, True, None, "Enter a number."),
        ("-1", True, None, "Values cannot be negative."),
        ("-0.01", False, None, "Values cannot be negative."),
        ("1.5", True, None, "Enter a whole number."),
        ("100.01", False, 100, "Enter a number not greater than 100."),
        ("101", True, 100, "Enter a number not greater than 100."),
    ],
)
def test_parse_number_refuses(value, integer, maximum, message):
    with pytest.raises(ApplicationError) as exc:
        r.parse_number(value, field="coverage_7", integer=integer, maximum=maximum)
    assert exc.value.field == "coverage_7"
    assert str(exc.value.message) == message


# --- S-2 bands -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "minimum", "maximum", "expected"),
    [
        (None, 50, 85, None),
        (49, None, 85, None),
        (Decimal("49.99"), 50, 85, "below_minimum"),
        (50, 50, 85, "minimum"),
        (Decimal("84.99"), 50, 85, "minimum"),
        (85, 50, 85, "maximum"),
        (100, 50, 85, "maximum"),
        (0, 1, None, "below_minimum"),
        (1, 1, None, "minimum"),
        (30, 1, None, "minimum"),
    ],
)
def test_band(value, minimum, maximum, expected):
    assert r.band(value, minimum, maximum) == expected


SEMINAR = {
    "satisfaction_min_from": Decimal("50"),
    "satisfaction_max_from": Decimal("85"),
    "stories_min": None,
    "stories_max": None,
    "participants_min": 12,
    "participants_max": 35,
    "duration_min_hours": 2,
    "duration_max_hours": 32,
    "trainer_experience_years": 1,
}


def test_standard_check_seminar():
    values = {
        "satisfied_pct": Decimal("84"),
        "success_stories": 3,
        "participants": 11,
        "duration_hours": 32,
        "trainer_experience_years": 1,
    }
    assert r.standard_check(values, SEMINAR) == {
        "satisfaction": "minimum",
        "success_stories": None,
        "participants": "below_minimum",
        "duration": "maximum",
        "trainer_experience": "minimum",
    }


@pytest.mark.parametrize(
    ("bands", "expected"),
    [
        ([], None),
        ([None, None], None),
        (["maximum", None], "maximum"),
        (["maximum", "minimum"], "minimum"),
        (["maximum", "minimum", "below_minimum"], "below_minimum"),
        (["below_minimum"], "below_minimum"),
    ],
)
def test_worst_band(bands, expected):
    assert r.worst_band(bands) == expected


# --- completeness --------------------------------------------------------------------------------

COMPLETE = {
    "activities": 2, "activities_done": 2, "target_groups": 1, "coverage_done": 1,
    "service_types": 2, "compliance_done": 2, "surveys": 1, "tools": 2,
}  # fmt: skip


def test_complete_event_lacks_nothing():
    assert r.missing_indicators(**COMPLETE) == []


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        ({"activities_done": 1}, ["activities"]),
        ({"surveys": 0}, ["surveys"]),
        ({"coverage_done": 0}, ["coverage"]),
        ({"compliance_done": 1}, ["compliance"]),
        ({"service_types": 0, "compliance_done": 0}, ["compliance"]),
        ({"service_types": 0, "compliance_done": 1}, []),
        ({"tools": 1}, ["tools"]),
        ({"tools": 0, "surveys": 0}, ["surveys", "tools"]),
        ({"activities": 0, "activities_done": 0, "target_groups": 0, "coverage_done": 0}, []),
    ],
)
def test_missing_indicators(change, fields):
    assert [f for f, _ in r.missing_indicators(**{**COMPLETE, **change})] == fields


# --- the words and constants -------------------------------------------------------------------


def test_problem_band_and_missing_texts():
    assert {k: str(v) for k, v in r.PROBLEM_TEXTS.items()} == {
        "below_minimum": "fewer than 2 monitoring events in the year",
        "above_maximum": "more than 5 monitoring events in the year",
        "none_by_1_july": "no monitoring event by 1 July (2021 edition)",
        "two_not_by_1_december": "fewer than 2 monitoring events by 1 December (2021 edition)",
        "outside_period": "an event falls outside the implementation period",
    }
    assert {k: str(v) for k, v in r.BAND_TEXTS.items()} == {
        "below_minimum": "below the minimum",
        "minimum": "minimum band",
        "maximum": "maximum band",
    }
    nothing = dict.fromkeys(COMPLETE, 0) | {"activities": 1, "target_groups": 1}
    assert [(f, str(label)) for f, label in r.missing_indicators(**nothing)] == [
        ("activities", "plan execution of every activity (indicator 1)"),
        ("surveys", "satisfaction survey results (indicator 2)"),
        ("coverage", "coverage of every target group (indicator 3)"),
        ("compliance", "compliance with the Standard (indicator 4)"),
        ("tools", "two or more monitoring tools"),
    ]


def test_constants():
    assert (r.MIN_EVENTS, r.MAX_EVENTS, r.MIN_TOOLS, r.EDITION_2021) == (2, 5, 2, "2021")
    assert {"active", "suspended"} == r.RUNNING_STATUSES
    assert (r.BELOW, r.MINIMUM, r.MAXIMUM) == ("below_minimum", "minimum", "maximum")


def test_refusal_messages():
    with pytest.raises(ApplicationError) as exc:
        r.check_tools(1)
    assert str(exc.value.message) == (
        "Choose two or more monitoring tools (§9): one tool is not enough."
    )
    with pytest.raises(ApplicationError) as exc:
        r.check_room_in_year(5, edition="2022")
    assert (
        str(exc.value.message) == "A year of implementation has at most 5 monitoring events (§9)."
    )
    with pytest.raises(ApplicationError) as exc:
        r.check_event_date(D(2026, 1, 1), starts_on=D(2025, 1, 10), ends_on=D(2025, 12, 20))
    assert str(exc.value.message) == (
        "The event must fall within the implementation period, 10.01.2025 – 20.12.2025."
    )


def test_check_tools_and_date_default_fields():
    with pytest.raises(ApplicationError) as exc:
        r.check_tools(1, field="x")
    assert exc.value.field == "x"


def test_plan_problems_covers_every_year_in_order():
    got = r.plan_problems({}, edition="2022", starts_on=D(2025, 6, 1), ends_on=D(2027, 1, 1))
    assert list(got) == [2025, 2026, 2027]
    assert all(v == ["below_minimum"] for v in got.values())


def test_events_sorted_before_the_2021_check():
    # unsorted input: the rule sorts (plan_problems) and counts by date, not position
    got = r.plan_problems(
        {2025: [D(2025, 12, 1), D(2025, 7, 1)]},
        edition="2021",
        starts_on=D(2025, 1, 1),
        ends_on=D(2025, 12, 31),
    )
    assert got == {2025: []}


def test_parse_number_is_decimal_by_default():
    assert r.parse_number("12.5", field="f") == Decimal("12.5")


def test_plan_problems_uses_the_edition():
    six = [D(2025, m, 1) for m in range(1, 7)]
    kwargs = {"starts_on": D(2025, 1, 1), "ends_on": D(2025, 12, 31)}
    assert r.plan_problems({2025: six}, edition="2021", **kwargs) == {2025: []}
    assert r.plan_problems({2025: six}, edition="2022", **kwargs) == {2025: ["above_maximum"]}


def test_a_year_outside_the_period_without_events_has_no_problem():
    kwargs = {"edition": "2022", "starts_on": D(2025, 1, 1), "ends_on": D(2025, 12, 31)}
    assert r.year_problems([], year=2024, **kwargs) == []
    assert r.year_problems([D(2024, 5, 1)], year=2024, **kwargs) == ["outside_period"]


def test_2021_a_year_starting_on_1_december_needs_two_by_that_day():
    kwargs = {"year": 2025, "edition": "2021", "starts_on": D(2025, 12, 1)}
    assert r.year_problems(
        [D(2025, 12, 1), D(2025, 12, 10)], ends_on=D(2025, 12, 31), **kwargs
    ) == ["two_not_by_1_december"]
    assert r.year_problems([D(2025, 12, 1)] * 2, ends_on=D(2025, 12, 31), **kwargs) == []

"""Monitoring plans and events (M-1, M-2, M-3, S-2, §9 of the Rules): pure rules, no database.

Decisions (documented here and on the plan page):

- **Years of implementation.** Every calendar year from `starts_on.year` to `ends_on.year` is a
  year of implementation, a partial first or last year included: §9 counts events "per
  calendar year" and makes no exception for a year with only some months, so a partial year
  needs the full minimum of 2 and allows at most 5 (two events may be on the same day).
- **Editions.** 2018 and 2022 (seed 000/001, §9): at least 2, at most 5 per year. 2021 (seed
  003): "as needed, but at least twice a year (by 1 July and by 1 December)": no maximum, and
  in a year whose implementation starts on or before 1 July at least one event falls on or
  before 1 July; in a year whose implementation starts on or before 1 December at least two
  fall on or before 1 December. "By" a date means on or before it (an event on 1 July counts
  for 1 July). A year that starts after the date has nothing to meet by it.
- **The date of an event** is the day it was held, or else the day it is planned for.
- **The minimum falls due** (`monitoring.plan_minimum`) on 1 December of the year, or on the
  last day of implementation in that year when that comes first; a year whose implementation
  starts after 1 December falls due on its last day of implementation.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from tapsyrys.core.errors import ApplicationError

MIN_EVENTS = 2
MAX_EVENTS = 5
MIN_TOOLS = 2
EDITION_2021 = "2021"

# Problem codes of a plan year
BELOW_MINIMUM = "below_minimum"
ABOVE_MAXIMUM = "above_maximum"
NONE_BY_1_JULY = "none_by_1_july"
TWO_NOT_BY_1_DECEMBER = "two_not_by_1_december"
OUTSIDE_PERIOD = "outside_period"

PROBLEM_TEXTS = {
    BELOW_MINIMUM: _("fewer than 2 monitoring events in the year"),
    ABOVE_MAXIMUM: _("more than 5 monitoring events in the year"),
    NONE_BY_1_JULY: _("no monitoring event by 1 July (2021 edition)"),
    TWO_NOT_BY_1_DECEMBER: _("fewer than 2 monitoring events by 1 December (2021 edition)"),
    OUTSIDE_PERIOD: _("an event falls outside the implementation period"),
}

# Contract statuses in which events are planned and recorded
RUNNING_STATUSES = frozenset({"active", "suspended"})

# S-2 bands
BELOW = "below_minimum"
MINIMUM = "minimum"
MAXIMUM = "maximum"
BAND_TEXTS = {
    BELOW: _("below the minimum"),
    MINIMUM: _("minimum band"),
    MAXIMUM: _("maximum band"),
}


def max_events(edition_code):
    """At most 5 a year (2018, 2022 editions); the 2021 edition sets no maximum (None)."""
    return None if str(edition_code) == EDITION_2021 else MAX_EVENTS


def year_span(year, starts_on, ends_on):
    """(first, last) day of implementation within `year`, or None outside the period."""
    if year < starts_on.year or year > ends_on.year:
        return None
    first = max(starts_on, dt.date(year, 1, 1))
    last = min(ends_on, dt.date(year, 12, 31))
    return first, last


def implementation_years(starts_on, ends_on):
    """The calendar years of implementation, in order."""
    return list(range(starts_on.year, ends_on.year + 1))


def minimum_due_on(year, starts_on, ends_on):
    """The day the year's minimum falls due: 1 December, or the last day of implementation in
    the year when that is earlier; the last day when implementation starts after 1 December."""
    first, last = year_span(year, starts_on, ends_on)
    december = dt.date(year, 12, 1)
    if first > december:
        return last
    return min(december, last)


def in_period(day, starts_on, ends_on):
    return starts_on <= day <= ends_on


def check_event_date(day, *, starts_on, ends_on, field="planned_on"):
    """An event is held within the contract's implementation period."""
    if not in_period(day, starts_on, ends_on):
        raise ApplicationError(
            _("The event must fall within the implementation period, %(start)s – %(end)s.")
            % {"start": starts_on.strftime("%d.%m.%Y"), "end": ends_on.strftime("%d.%m.%Y")},
            field=field,
        )


def check_room_in_year(count_in_year, *, edition, field="planned_on"):
    """A new event in a year that already has `count_in_year`: refused past the maximum."""
    limit = max_events(edition)
    if limit is not None and count_in_year >= limit:
        raise ApplicationError(
            _("A year of implementation has at most %(max)s monitoring events (§9).")
            % {"max": limit},
            field=field,
        )


def year_problems(dates, *, year, edition, starts_on, ends_on):
    """The problems of one year of the plan (codes, in a fixed order); [] when it is fine."""
    problems = []
    span = year_span(year, starts_on, ends_on)
    if span is None:
        return [OUTSIDE_PERIOD] if dates else []
    first, _last = span
    if any(not in_period(d, starts_on, ends_on) or d.year != year for d in dates):
        problems.append(OUTSIDE_PERIOD)
    if len(dates) < MIN_EVENTS:
        problems.append(BELOW_MINIMUM)
    limit = max_events(edition)
    if limit is not None and len(dates) > limit:
        problems.append(ABOVE_MAXIMUM)
    if str(edition) == EDITION_2021:
        july, december = dt.date(year, 7, 1), dt.date(year, 12, 1)
        if first <= july and not any(d <= july for d in dates):
            problems.append(NONE_BY_1_JULY)
        if first <= december and sum(1 for d in dates if d <= december) < MIN_EVENTS:
            problems.append(TWO_NOT_BY_1_DECEMBER)
    return problems


def plan_problems(events_by_year, *, edition, starts_on, ends_on):
    """{year: [problem codes]} for every year of implementation (and any other year that has
    events). `events_by_year`: {year: [event dates]}."""
    years = set(implementation_years(starts_on, ends_on)) | set(events_by_year)
    return {
        year: year_problems(
            sorted(events_by_year.get(year, [])),
            year=year,
            edition=edition,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        for year in sorted(years)
    }


def check_tools(count, *, field="tools"):
    """M-3: an event uses two or more tools; none yet is allowed while it is planned."""
    if count == 1 or count < 0:
        raise ApplicationError(
            _("Choose two or more monitoring tools (§9): one tool is not enough."), field=field
        )


def parse_number(value, *, field, integer=False, maximum=None):
    """A number typed into a form or sent to the API (commas allowed); None when empty.

    Refuses text, NaN/Infinity, negative values, fractions for counts and values above
    `maximum`, each as an ApplicationError naming the field."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ApplicationError(_("Enter a number."), field=field)
    try:
        number = Decimal(str(value).strip().replace(",", ".").replace(" ", ""))
    except (InvalidOperation, ValueError):
        raise ApplicationError(_("Enter a number."), field=field) from None
    if not number.is_finite():
        raise ApplicationError(_("Enter a number."), field=field)
    if number < 0:
        raise ApplicationError(_("Values cannot be negative."), field=field)
    if integer and number != number.to_integral_value():
        raise ApplicationError(_("Enter a whole number."), field=field)
    if maximum is not None and number > maximum:
        raise ApplicationError(
            _("Enter a number not greater than %(max)s.") % {"max": maximum}, field=field
        )
    return int(number) if integer else number


def band(value, minimum, maximum):
    """Where `value` stands against a Standard threshold (S-2): below the minimum (under
    `minimum`), the minimum band (from `minimum`, under `maximum`), the maximum band (from
    `maximum`). None when there is no value or no threshold. A threshold with only a minimum
    (trainer experience) has no maximum band."""
    if value is None or minimum is None:
        return None
    value = Decimal(value)
    if value < Decimal(minimum):
        return BELOW
    if maximum is not None and value >= Decimal(maximum):
        return MAXIMUM
    return MINIMUM


# criterion → (value key, minimum key, maximum key) of the S-2 table
CRITERIA = (
    ("satisfaction", "satisfied_pct", "satisfaction_min_from", "satisfaction_max_from"),
    ("success_stories", "success_stories", "stories_min", "stories_max"),
    ("participants", "participants", "participants_min", "participants_max"),
    ("duration", "duration_hours", "duration_min_hours", "duration_max_hours"),
    ("trainer_experience", "trainer_experience_years", "trainer_experience_years", None),
)


def standard_check(values, threshold):
    """{criterion: band or None} of one survey's values against its form's thresholds.

    `values` and `threshold` are dicts (the survey's and the StandardThreshold's fields)."""
    result = {}
    for criterion, value_key, min_key, max_key in CRITERIA:
        maximum = threshold.get(max_key)  # None for a criterion without a maximum
        result[criterion] = band(values.get(value_key), threshold.get(min_key), maximum)
    return result


def worst_band(bands):
    """The overall S-2 verdict of several criteria: below if any is below, else minimum if any
    is in the minimum band, else maximum; None when nothing was checked."""
    present = [b for b in bands if b is not None]
    if not present:
        return None
    for candidate in (BELOW, MINIMUM):
        if candidate in present:
            return candidate
    return MAXIMUM


def missing_indicators(
    *,
    activities,
    activities_done,
    target_groups,
    coverage_done,
    service_types,
    compliance_done,
    surveys,
    tools,
):
    """What an event still lacks before it can be completed: [(field, label)] in order.

    Every activity assessed (1), at least one survey (2), every target group's coverage (3),
    compliance for every service type of the contract, or one overall verdict when the
    contract names none (4),
    and two or more tools (M-3)."""
    missing = []
    if activities_done < activities:
        missing.append(("activities", _("plan execution of every activity (indicator 1)")))
    if surveys < 1:
        missing.append(("surveys", _("satisfaction survey results (indicator 2)")))
    if coverage_done < target_groups:
        missing.append(("coverage", _("coverage of every target group (indicator 3)")))
    if compliance_done < max(service_types, 1):
        missing.append(("compliance", _("compliance with the Standard (indicator 4)")))
    if tools < MIN_TOOLS:
        missing.append(("tools", _("two or more monitoring tools")))
    return missing

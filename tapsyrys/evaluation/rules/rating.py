"""Pure rules of the NGO rating (E-8, pilot `004`: "timeliness, completeness of the report,
effectiveness, sustainability and replication of the project's results"). No database, no
clock: the recomputation passes in what SQL aggregated per (NGO, financial year).

The formula (shown on the NGO's public page and the ratings list), every component on a
0–100 scale, two decimals rounded half up:

    timeliness     = 100 × (reports on time + ½ × reports late) / reports due
                     a report stage is due once its due date has passed or it was submitted;
                     on time = submitted on or before the due date (Asia/Almaty), late = after,
                     not submitted after the due date = 0 (the control form's states, M-7)
    completeness   = 100 × required sections complete / required sections, over the reports
                     due (the control form's completeness: a section is incomplete when empty
                     or marked so by the body's review; every section of a missing report is
                     incomplete)
    effectiveness  = 20 × the mean over evaluated projects of (criterion 1 + criterion 2) / 2
    sustainability = 20 × the mean of criterion 3 (continuation of the activities)
    long-term effect and replication = 20 × the mean of criterion 4
                     (the council's Annex 8 averages, 1–5 × 20 = 20–100; posted reports only)

    rating = Σ weight × component / Σ weight over the components there are
             weights: timeliness 20, completeness 20, effectiveness 30, sustainability 15,
             long-term effect 15 (out of 100)
    A component with nothing to rate it on (no report due yet, no posted Annex 8 report) is
    left out and the other weights are rescaled; with no component at all there is no rating.

The stage classification below (`stage_state`, `incomplete_sections`) is what the portable
recomputation applies row by row; the PostgreSQL statement of `selectors.rating` says the
same in SQL, and tests/test_rating_portable.py holds the two equal.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

SCALE = Decimal(100)
CRITERION_MAX = Decimal(5)
CENT = Decimal("0.01")
LATE_SHARE = Decimal("0.5")

# the components in the order of the page, with their weights (out of 100)
WEIGHTS = {
    "timeliness": 20,
    "completeness": 20,
    "effectiveness": 30,
    "sustainability": 15,
    "long_term_effect": 15,
}
COMPONENTS = tuple(WEIGHTS)


@dataclass(frozen=True)
class Inputs:
    """What the recomputation aggregated for one NGO and year."""

    on_time: int = 0  # report stages submitted on or before the due date
    late: int = 0  # submitted after it
    missing: int = 0  # not submitted, the due date passed
    sections_required: int = 0  # over the stages counted above
    sections_incomplete: int = 0
    evaluated: int = 0  # projects with a posted Annex 8 report
    effectiveness: Decimal | None = None  # mean of (criterion 1 + criterion 2) / 2, 1–5
    sustainability: Decimal | None = None  # mean of criterion 3
    long_term_effect: Decimal | None = None  # mean of criterion 4


def cents(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def timeliness(*, on_time: int, late: int, missing: int):
    due = on_time + late + missing
    if due <= 0:
        return None
    return cents(SCALE * (Decimal(on_time) + LATE_SHARE * late) / due)


def completeness(*, required: int, incomplete: int):
    if required <= 0:
        return None
    incomplete = min(max(incomplete, 0), required)
    return cents(SCALE * Decimal(required - incomplete) / required)


def from_average(average):
    """An Annex 8 average (1–5) on the 0–100 scale; None stays None."""
    if average is None:
        return None
    return cents(SCALE * Decimal(average) / CRITERION_MAX)


def score(components: dict):
    """The weighted mean of the components there are (see the module's docstring); an
    unknown component is a KeyError."""
    present = {name: value for name, value in components.items() if value is not None}
    if not present:
        return None
    weight = sum(WEIGHTS[name] for name in present)
    return cents(sum(WEIGHTS[name] * Decimal(value) for name, value in present.items()) / weight)


def rate(inputs: Inputs) -> dict:
    """The five components and the rating of one NGO and year."""
    evaluated = inputs.evaluated > 0
    components = {
        "timeliness": timeliness(on_time=inputs.on_time, late=inputs.late, missing=inputs.missing),
        "completeness": completeness(
            required=inputs.sections_required, incomplete=inputs.sections_incomplete
        ),
        "effectiveness": from_average(inputs.effectiveness) if evaluated else None,
        "sustainability": from_average(inputs.sustainability) if evaluated else None,
        "long_term_effect": from_average(inputs.long_term_effect) if evaluated else None,
    }
    return {**components, "score": score(components)}


# --- The report stages (M-7, the control form's states and completeness) --------------------

ON_TIME, LATE, MISSING = "on_time", "late", "missing"

# the required sections of a stage report (monitoring's `required_sections`, contracting's
# C-4): the four text sections, indicator actuals, coverage reached; the financial report on
# the final one
TEXT_SECTIONS = ("team_composition", "about_project", "main_work", "satisfaction_results")
REQUIRED_INTERIM = len(TEXT_SECTIONS) + 2
REQUIRED_FINAL = REQUIRED_INTERIM + 1

# the characters `str.strip()` removes (`str.isspace()`), which the control form reads as
# empty; the SQL path matches a text made only of these (tests/test_rules_rating.py)
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def stage_state(*, due_date, submitted_on, today, ended_on=None):
    """ON_TIME / LATE: first submitted (`submitted_on`, the Almaty date) on or before the due
    date / after it; MISSING: not submitted and the due date passed, unless the contract ended
    early (terminated or closed, `ended_on` the Almaty date) on or before the due date; None:
    not counted (not due yet, or due after the contract ended)."""
    if submitted_on is not None:
        return ON_TIME if submitted_on <= due_date else LATE
    if due_date < today and (ended_on is None or due_date < ended_on):
        return MISSING
    return None


def required_sections(*, final: bool) -> int:
    return REQUIRED_FINAL if final else REQUIRED_INTERIM


def blank(text) -> bool:
    """Empty or only whitespace (as the control form reads a text section)."""
    return not text.strip()


def marks(incomplete_sections) -> frozenset:
    """The sections a review marked incomplete (its JSON value; None: no review). As
    PostgreSQL's jsonb `?`: the strings of a list, the keys of an object, a lone string."""
    if isinstance(incomplete_sections, str):
        return frozenset((incomplete_sections,))
    if isinstance(incomplete_sections, dict):
        return frozenset(incomplete_sections)
    if isinstance(incomplete_sections, list):
        return frozenset(e for e in incomplete_sections if isinstance(e, str))
    return frozenset()


def unfilled(values, ids) -> bool:
    """Some id of `ids` (indicators, target groups: a sequence) has no value in the report's
    JSON object (keys str(id)): absent, null or the empty string; a non-object has none."""
    if not isinstance(values, dict):
        return len(ids) > 0
    return any(values.get(str(i)) in (None, "") for i in ids)


def incomplete_sections(report, *, final, marked=frozenset(), indicator_ids=(), group_ids=()):
    """How many required sections of a stage are incomplete. `report`: the latest submitted
    version's fields (TEXT_SECTIONS, financial_report, indicator_actuals, coverage_reached),
    None when nothing was submitted (every section is); a section is incomplete when blank
    (or, for the JSON sections, a value missing for an indicator / target group of the
    contract) or `marked` by the body's review."""
    if report is None:
        return required_sections(final=final)
    count = sum(1 for f in TEXT_SECTIONS if f in marked or blank(report[f]))
    if "indicator_actuals" in marked or unfilled(report["indicator_actuals"], indicator_ids):
        count += 1
    if "coverage_reached" in marked or unfilled(report["coverage_reached"], group_ids):
        count += 1
    if final and ("financial_report" in marked or blank(report["financial_report"])):
        count += 1
    return count

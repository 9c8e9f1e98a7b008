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

"""Pure rules of the control of NGO reports (M-5, M-7, pilot `004`): the control form's
timeliness, the stage ratings and the overall rating, the special control group's decisions
and the plausibility of what the monitor types. No clock is read: callers pass `today=`.

The rating (pilot `004` names its parts — "timeliness, completeness of the report,
effectiveness" — but gives no formula; this is ours, shown on the control form):

    stage rating (0 … 5) = timeliness + completeness + review
      timeliness   = 2 submitted on time (on or before the due date, Asia/Almaty),
                     1 submitted late, 0 not submitted after the due date
      completeness = 2 × (required sections − sections found incomplete) / required sections
                     (a section is incomplete when empty or when the body's review marks it so)
      review       = 1 when the body accepted the latest version, 0 otherwise
    A stage not yet due and not submitted has no rating.
    overall rating = the mean of the stage ratings there are (two decimals, half up);
    positive from POSITIVE (3.00) up.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from tapsyrys.calendar.rules import date_problem
from tapsyrys.core.money import group

ON_TIME, LATE, MISSING, DUE = "on_time", "late", "missing", "due"
TIMELINESS_POINTS = {ON_TIME: 2, LATE: 1, MISSING: 0}
COMPLETENESS_POINTS = 2
REVIEW_POINTS = 1
MAX_RATING = Decimal(5)
POSITIVE = Decimal("3.00")
CENT = Decimal("0.01")
MAX_TENGE = Decimal("99999999999999.99")  # 16 digits, 2 after the point (the column)

ACCEPTED, RETURNED = "accepted", "returned"


def timeliness(*, due_date: dt.date, submitted_on: dt.date | None, today: dt.date) -> str:
    """The control form's state of a stage: on time / late / missing / due (not yet due)."""
    if submitted_on is not None:
        return ON_TIME if submitted_on <= due_date else LATE
    return MISSING if today > due_date else DUE


def days_late(*, due_date: dt.date, submitted_on: dt.date | None, today: dt.date) -> int:
    """Days past the due date: to the submission, or to today while not submitted; 0 if not late."""
    end = submitted_on if submitted_on is not None else today
    return max((end - due_date).days, 0)


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def stage_rating(*, state: str, required: int, incomplete: int, review: str | None):
    """Rating of one stage (see the module's docstring), or None for a stage not yet due."""
    if state == DUE:
        return None
    if state == MISSING:
        return _cents(Decimal(0))
    if required <= 0:
        raise ValueError("a report has required sections")
    incomplete = min(max(incomplete, 0), required)
    completeness = Decimal(COMPLETENESS_POINTS * (required - incomplete)) / Decimal(required)
    points = TIMELINESS_POINTS[state] + completeness
    if review == ACCEPTED:
        points += REVIEW_POINTS
    return _cents(points)


def overall_rating(ratings):
    """The mean of the stage ratings that exist (None skipped); None when there are none."""
    present = [r for r in ratings if r is not None]
    if not present:
        return None
    return _cents(sum(present) / len(present))


def is_positive(rating) -> bool:
    return rating is not None and rating >= POSITIVE


# --- Special control: the body's decisions ----------------------------------------------------

REQUEST_CORRECTION, ACCEPT, SUSPEND, CLOSE, TERMINATE, REFUND = (
    "request_correction",
    "accept",
    "suspend",
    "close",
    "terminate",
    "refund",
)
DECISION_KINDS = (REQUEST_CORRECTION, ACCEPT, SUSPEND, CLOSE, TERMINATE, REFUND)
# decision → the contract status it moves the contract to (contracting's C-3 transition)
DECISION_TRANSITIONS = {SUSPEND: "suspended", CLOSE: "closed", TERMINATE: "terminated"}
# decisions that close the case
CLOSES_CASE = frozenset({ACCEPT, CLOSE})


def decision_closes_case(kind) -> bool:
    if kind not in DECISION_KINDS:
        raise LookupError(f"unknown decision {kind}")
    return kind in CLOSES_CASE


def decision_transition(kind):
    """The contract status a decision moves the contract to, or None."""
    if kind not in DECISION_KINDS:
        raise LookupError(f"unknown decision {kind}")
    return DECISION_TRANSITIONS.get(kind)


def parse_amount(value):
    """A sum in tenge from what was typed ("1 500 000,50" too); ValueError with the message."""
    if isinstance(value, bool):  # None reads as "None": not a number either
        raise ValueError(_("Enter an amount in tenge."))
    text = str(value).replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", ".")
    try:
        amount = Decimal(text)
    except (InvalidOperation, ValueError):
        raise ValueError(_("Enter an amount in tenge.")) from None
    if not amount.is_finite():
        raise ValueError(_("Enter an amount in tenge."))
    if amount.copy_abs() > MAX_TENGE:
        raise ValueError(_("The amount is too large."))
    if amount != amount.quantize(CENT):
        raise ValueError(_("At most two digits after the decimal point."))
    return amount


def refund_problem(amount, contract_amount):
    """(field, message) when a refund is not more than zero or larger than the contract."""
    if amount is None:
        return "refund_amount", _("Enter the amount to be refunded.")
    if amount <= 0:
        return "refund_amount", _("The refund must be more than zero.")
    if amount > contract_amount:
        return "refund_amount", _(
            "The refund cannot exceed the contract amount (%(amount)s tenge)."
        ) % {"amount": group(contract_amount, 2)}  # as the pages show money (core.money)
    return None


def due_date_problem(day, *, today: dt.date, field="new_due_date"):
    """(field, message) when a due date (a correction, an information request) is missing, in
    the past or implausible; today is allowed (due until 23:59:59 Asia/Almaty)."""
    if day is None:
        return field, _("Enter the due date.")
    message = date_problem(day, today)
    if message:
        return field, message
    if day < today:
        return field, _("The due date cannot be in the past.")
    return None

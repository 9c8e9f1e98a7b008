"""Pure rules of Annex 5, Annex 9 and the national summary (M-8, M-9, M-10; Rules §11, §12, §21).

- Annex 9 (§21): the half-year report by 5 July, the year report by 5 February of the next
  year. Both are settings ("MM-DD"); the annex's own note says 5 December for the second
  submission, so a year date in the second half of the year ("12-05") means that day of the
  report's own year, a date in the first half ("02-05") that day of the next year.
- The national summary (§11): the authorized body sends it to the Government by 31 March of
  the year after.
- A deadline day that is not a working day moves to the next working day (the same rule the
  formation deadlines on fixed dates follow, §7.3/§7.4; Civil Code: a term ending on a day off
  ends on the next working day).
"""

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from tapsyrys.core.errors import ApplicationError

HALF, YEAR = "half", "year"
PERIODS = (HALF, YEAR)
FIRST_YEAR, LAST_YEAR = 2018, 2100
SUMMARY_DUE = (3, 31)
THOUSAND = Decimal(1000)


def check_year(value) -> int:
    """A report year: an integer from 2018 to 2100 (ApplicationError on `year` otherwise)."""
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        raise ApplicationError(_("Enter the year as four digits."), field="year") from None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ApplicationError(_("Enter the year as four digits."), field="year")
    return year


def check_period(value) -> str:
    period = str(value or "").strip().lower()
    if period not in PERIODS:
        raise ApplicationError(
            _("The period is the half-year (half) or the year (year)."), field="period"
        )
    return period


def month_day(value) -> tuple[int, int]:
    """ "MM-DD" → (month, day); a malformed setting fails loudly (ValueError)."""
    month, day = (int(part) for part in str(value).split("-"))
    dt.date(2000, month, day)  # 2000 is a leap year: 02-29 is allowed, 02-30 is not
    return month, day


def period_bounds(year: int, period: str) -> tuple[dt.date, dt.date]:
    """The days an Annex 9 report covers: 1 January to 30 June, or the whole year."""
    if period == HALF:
        return dt.date(year, 1, 1), dt.date(year, 6, 30)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def annex9_due_date(year: int, period: str, *, half_due="07-05", year_due="02-05") -> dt.date:
    """The nominal day of §21 (before a day off moves it)."""
    if period == HALF:
        month, day = month_day(half_due)
        return dt.date(year, month, day)
    month, day = month_day(year_due)
    return dt.date(year + 1 if month <= 6 else year, month, day)


def annex9_deadline(year, period, calendar, *, half_due="07-05", year_due="02-05"):
    """The Annex 9 deadline as a calendar Deadline (rolled forward over days off)."""
    day = annex9_due_date(year, period, half_due=half_due, year_due=year_due)
    rule = (
        _("Annex 9 for the half-year: to the authorized body by %(date)s (§21)")
        if period == HALF
        else _("Annex 9 for the year: to the authorized body by %(date)s (§21)")
    )
    return calendar.roll_forward(day, rule=rule % {"date": day.strftime("%d.%m.%Y")})


def summary_due_date(year: int) -> dt.date:
    """The national summary of `year` is due on 31 March of the next year (§11)."""
    return dt.date(year + 1, *SUMMARY_DUE)


def summary_deadline(year, calendar):
    return calendar.roll_forward(
        summary_due_date(year),
        rule=_("Information for the Government on the results: by 31 March (§11)"),
    )


def is_late(*, due_at, submitted_at=None, now=None) -> bool:
    """Late: submitted after the due moment, or not submitted and the moment has passed.
    `due_at` is the last second of the deadline day: one second later is late."""
    if due_at is None:
        return False
    moment = submitted_at if submitted_at is not None else now
    return moment is not None and moment > due_at


def shows_scores(period: str) -> bool:
    """Column 8 (scores) and the positive effect belong to the year report only (notes 9, 10)."""
    return period == YEAR


def thousands(amount) -> Decimal:
    """Tenge → thousand tenge, exact (the forms print thousand tenge)."""
    return Decimal(amount) / THOUSAND


def average(values):
    """The mean of the scores that exist (None when there is none), two decimals."""
    present = [Decimal(v) for v in values if v is not None]
    if not present:
        return None
    return (sum(present) / len(present)).quantize(Decimal("0.01"))


def coverage_percent(planned, reached):
    """Reached as a share of planned, in per cent with one decimal (None without a plan)."""
    if not planned:
        return None
    return (Decimal(reached or 0) * 100 / Decimal(planned)).quantize(Decimal("0.1"))

"""The Kazakhstan working-day calendar and deadline arithmetic (X-CAL). Pure functions.

Public holidays come from the `holidays` package (country KZ: weekends, holidays, a holiday
on a weekend carried to the next working day except Orthodox Christmas and Kurban Ait, and
decreed transfers it knows). `overrides` (the project's decree table) win over the package.
A period counted "from" a day starts the next day (Civil Code); a date deadline that falls
on a non-working day moves to the next working day. Time zone Asia/Almaty.
"""

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

ALMATY = ZoneInfo("Asia/Almaty")
MAX_WORKING_DAYS = 1000  # a cap for user input: about four years of working days

HOLIDAY_NAMES = {
    "New Year's Day": gettext_lazy("New Year's Day"),
    "Orthodox Christmas": gettext_lazy("Orthodox Christmas"),
    "International Women's Day": gettext_lazy("International Women's Day"),
    "Nowruz Holiday": gettext_lazy("Nauryz meiramy"),
    "Kazakhstan's People Solidarity Holiday": gettext_lazy("Unity Day of the People of Kazakhstan"),
    "Defender of the Fatherland Day": gettext_lazy("Defender of the Fatherland Day"),
    "Victory Day": gettext_lazy("Victory Day"),
    "Capital Day": gettext_lazy("Capital Day"),
    "Constitution Day": gettext_lazy("Constitution Day"),
    "Republic Day": gettext_lazy("Republic Day"),
    "Independence Day": gettext_lazy("Independence Day"),
    "First President Day": gettext_lazy("First President Day"),
    "Eid al-Adha": gettext_lazy("Kurban Ait"),
}
_SUBSTITUTED = re.compile(r"Day off \(substituted from (\d\d)/(\d\d)/(\d{4})\)")


def _ddmmyyyy(day):
    return day.strftime("%d.%m.%Y")


def holiday_label(name: str) -> str:
    """The package's English holiday name in the active language."""
    if match := _SUBSTITUTED.fullmatch(name):
        month, day, year = match.groups()
        return _("Day off (moved from %(date)s)") % {"date": f"{day}.{month}.{year}"}
    suffix = ""
    for marker, label in ((" (observed)", "observed"), (" (estimated)", "estimated")):
        if name.endswith(marker):
            name, suffix = name[: -len(marker)], label
    base = str(HOLIDAY_NAMES.get(name, name))
    if suffix == "observed":
        return _("%(holiday)s (carried-over day off)") % {"holiday": base}
    if suffix == "estimated":
        return _("%(holiday)s (estimated date)") % {"holiday": base}
    return base


@lru_cache(maxsize=64)
def _package_year(year: int):
    kz = holidays.country_holidays("KZ", years=year)
    # weekend_workdays leaks an old 2013 date into every year: keep this year's only.
    worked = frozenset(d for d in kz.weekend_workdays if d.year == year)
    return dict(kz), worked


@dataclass(frozen=True)
class Override:
    is_working: bool
    reason: str = ""


@dataclass(frozen=True)
class Deadline:
    """A computed deadline: its date, how it was reached, and the days skipped on the way."""

    start: dt.date
    date: dt.date
    working_days: int | None = None  # None for a date deadline (rolled forward if needed)
    skipped: tuple = field(default_factory=tuple)  # ((date, reason), …)
    rule: str = ""

    @property
    def ends_at(self) -> dt.datetime:
        return day_end(self.date)

    def explanation(self) -> str:
        """The rule and the days it skipped, in the active language."""
        parts = []
        if self.rule:
            parts.append(str(self.rule) + ".")
        if self.working_days is not None:
            parts.append(
                ngettext(
                    "%(n)d working day counted from the day after %(start)s "
                    "(a period starts the next day).",
                    "%(n)d working days counted from the day after %(start)s "
                    "(a period starts the next day).",
                    self.working_days,
                )
                % {"n": self.working_days, "start": _ddmmyyyy(self.start)}
            )
        elif self.date != self.start:
            parts.append(
                _("%(start)s is not a working day, so the deadline moves to the next working day.")
                % {"start": _ddmmyyyy(self.start)}
            )
        if self.skipped:
            listed = "; ".join(f"{_ddmmyyyy(d)} — {reason}" for d, reason in self.skipped)
            parts.append(_("Days off skipped: %(days)s.") % {"days": listed})
        else:
            parts.append(_("No days off in between."))
        parts.append(
            _("Deadline: %(date)s, until 23:59:59 Asia/Almaty time.")
            % {"date": _ddmmyyyy(self.date)}
        )
        return " ".join(parts)


class Calendar:
    """Working days of Kazakhstan with a table of decreed overrides on top of the package."""

    def __init__(self, overrides: Mapping[dt.date, Override] | None = None):
        self.overrides = dict(overrides or {})

    def day_off_reason(self, day: dt.date) -> str | None:
        """Why `day` is not a working day (in the active language), or None if it is one."""
        override = self.overrides.get(day)
        if override is not None:
            if override.is_working:
                return None
            return override.reason or _("Day off by Government decree")
        named, worked = _package_year(day.year)
        if day in worked:
            return None
        if day in named:
            return holiday_label(named[day])
        if day.weekday() == 5:
            return _("Saturday")
        if day.weekday() == 6:
            return _("Sunday")
        return None

    def is_working_day(self, day: dt.date) -> bool:
        return self.day_off_reason(day) is None

    def add_working_days(self, start: dt.date, n: int, rule: str = "") -> Deadline:
        """The n-th working day after `start` (the period starts the next day)."""
        n = check_working_days(n)
        day, counted, skipped = start, 0, []
        while counted < n:
            day += dt.timedelta(days=1)
            reason = self.day_off_reason(day)
            if reason is None:
                counted += 1
            else:
                skipped.append((day, reason))
        return Deadline(start=start, date=day, working_days=n, skipped=tuple(skipped), rule=rule)

    def roll_forward(self, day: dt.date, rule: str = "") -> Deadline:
        """A date deadline; if `day` is not a working day it moves to the next working day."""
        current, skipped = day, []
        while (reason := self.day_off_reason(current)) is not None:
            skipped.append((current, reason))
            current += dt.timedelta(days=1)
        return Deadline(start=day, date=current, skipped=tuple(skipped), rule=rule)

    def working_days_between(self, first: dt.date, last: dt.date) -> int:
        """How many working days from `first` to `last`, both included."""
        count, day = 0, first
        while day <= last:
            count += self.is_working_day(day)
            day += dt.timedelta(days=1)
        return count


# Dates the calendar counts from (a far date would overflow while counting days).
CALENDAR_FIRST, CALENDAR_LAST = dt.date(1992, 1, 1), dt.date(2099, 12, 31)


def check_calendar_date(day: dt.date) -> dt.date:
    """The day itself if the calendar can count from it; ValueError otherwise."""
    if not CALENDAR_FIRST <= day <= CALENDAR_LAST:
        raise ValueError(
            _("The date must be from %(first)s to %(last)s.")
            % {
                "first": CALENDAR_FIRST.strftime("%d.%m.%Y"),
                "last": CALENDAR_LAST.strftime("%d.%m.%Y"),
            }
        )
    return day


# Dates of the social order that people type (contracts, evidence, competitions): from
# 01.01.2000 to the end of next year (next year's competitions and contracts are prepared in
# this one). Earlier or later is a typing error (issue 7).
PLAUSIBLE_FIRST = dt.date(2000, 1, 1)


def plausible_last(today: dt.date) -> dt.date:
    return dt.date(today.year + 1, 12, 31)


def date_problem(day, today, *, last=None):
    """A message if `day` lies outside 01.01.2000 … 31.12 of next year (or `last`)."""
    if day is None:
        return None
    last = last or plausible_last(today)
    if PLAUSIBLE_FIRST <= day <= last:
        return None
    return _("The date must be from %(first)s to %(last)s.") % {
        "first": PLAUSIBLE_FIRST.strftime("%d.%m.%Y"),
        "last": last.strftime("%d.%m.%Y"),
    }


def check_working_days(n) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise ValueError(_("The number of working days must be a whole number."))
    if n < 0 or n > MAX_WORKING_DAYS:
        raise ValueError(
            _("The number of working days must be between 0 and %(max)d.")
            % {"max": MAX_WORKING_DAYS}
        )
    return n


def day_end(day: dt.date) -> dt.datetime:
    """The last moment of a deadline day: 23:59:59 Asia/Almaty.

    fold=1 takes the later of a repeated hour: on 29.02.2024 clocks went back from UTC+6 to
    UTC+5 at midnight, so 23:00-23:59 happened twice and the day ended at 18:59:59 UTC.
    """
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=ALMATY).replace(fold=1)


def local_date(moment: dt.datetime) -> dt.date:
    """The Almaty calendar date of a moment; a naive moment is read as Almaty local time."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.date()
    return moment.astimezone(ALMATY).date()


def is_on_time(moment: dt.datetime, due: dt.date) -> bool:
    """True when `moment` falls on or before the deadline day in Asia/Almaty."""
    return local_date(moment) <= due

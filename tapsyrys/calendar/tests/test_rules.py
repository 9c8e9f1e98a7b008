"""X-CAL: the working-day calendar as pure functions (worked examples of calendar_notes.md)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from tapsyrys.calendar.rules import (
    ALMATY,
    MAX_WORKING_DAYS,
    Calendar,
    Deadline,
    Override,
    check_working_days,
    day_end,
    holiday_label,
    is_on_time,
    local_date,
)

D = dt.date
UTC = dt.UTC
CAL = Calendar()


# --- Working days -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        # Nauryz 2025: 21 March (Fri) off, 22-23 the weekend, two observed days 24-25 March.
        (D(2025, 3, 20), True),
        (D(2025, 3, 21), False),
        (D(2025, 3, 22), False),
        (D(2025, 3, 23), False),
        (D(2025, 3, 24), False),
        (D(2025, 3, 25), False),
        (D(2025, 3, 26), True),
        # 2024 decree: Saturday 4 May worked, Wednesday 8 May off.
        (D(2024, 5, 4), True),
        (D(2024, 5, 8), False),
        # 2025 decree: Sunday 5 January worked, Friday 3 January off.
        (D(2025, 1, 5), True),
        (D(2025, 1, 3), False),
        # Plain weekdays and weekends.
        (D(2025, 4, 2), True),
        (D(2025, 3, 29), False),
        (D(2025, 3, 30), False),
        # Holidays on a weekday.
        (D(2025, 1, 7), False),  # Orthodox Christmas, Tuesday
        (D(2026, 3, 9), False),  # 8 March 2026 is a Sunday: observed on Monday 9 March
        (D(2023, 1, 2), False),  # New Year's Day 2023
        (D(2023, 1, 3), False),  # 1 January 2023 was a Sunday: carried to Tuesday 3 January
    ],
)
def test_x_cal_is_working_day(day, working):
    assert CAL.is_working_day(day) is working
    assert (CAL.day_off_reason(day) is None) is working


@pytest.mark.parametrize(
    ("christmas", "next_day"),
    [
        (D(2023, 1, 7), D(2023, 1, 9)),  # Saturday; the Monday after stays a working day
        (D(2024, 1, 7), D(2024, 1, 8)),  # Sunday; Monday 8 January 2024 stays a working day
        (D(2029, 1, 7), D(2029, 1, 8)),
    ],
)
def test_x_cal_orthodox_christmas_on_a_weekend_does_not_move(christmas, next_day):
    assert christmas.weekday() >= 5
    assert not CAL.is_working_day(christmas)
    assert CAL.is_working_day(next_day)


@pytest.mark.parametrize(
    ("first", "last", "count"),
    [
        (D(2026, 3, 1), D(2026, 3, 31), 18),  # March 2026: 8th on Sunday → 9th off; Nauryz
        (D(2025, 3, 15), D(2025, 4, 2), 10),
        (D(2026, 1, 1), D(2026, 1, 19), 10),
        (D(2025, 3, 21), D(2025, 3, 25), 0),
        (D(2025, 4, 2), D(2025, 4, 1), 0),  # an empty range
    ],
)
def test_x_cal_working_days_between(first, last, count):
    assert CAL.working_days_between(first, last) == count


# --- Adding working days (a period starts the next day) ---------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2025, 12, 31), 10, D(2026, 1, 19)),  # year end: 1-2, 7 January and weekends skipped
        (D(2025, 3, 14), 10, D(2025, 4, 2)),  # public discussion over Nauryz (F-1)
        (D(2025, 4, 2), 3, D(2025, 4, 7)),  # then 3 working days to decide on comments (F-5)
        (D(2025, 3, 14), 1, D(2025, 3, 17)),  # Friday + 1 → Monday
        (D(2025, 3, 20), 1, D(2025, 3, 26)),  # over the whole Nauryz break
        (D(2024, 5, 3), 1, D(2024, 5, 4)),  # the decreed working Saturday counts
        (D(2024, 5, 7), 1, D(2024, 5, 10)),  # 8 May (decree) and 9 May (Victory Day) skipped
        (D(2024, 12, 27), 3, D(2025, 1, 5)),  # 1-3 January 2025 off; the decreed working Sunday 5th
        (D(2025, 3, 14), 0, D(2025, 3, 14)),
    ],
)
def test_x_cal_add_working_days(start, n, expected):
    deadline = CAL.add_working_days(start, n)
    assert deadline.date == expected
    assert deadline.start == start
    assert deadline.working_days == n
    assert deadline.ends_at == dt.datetime(*expected.timetuple()[:3], 23, 59, 59, tzinfo=ALMATY)


def test_x_cal_add_working_days_lists_the_skipped_days_with_reasons():
    with translation.override("en"):
        deadline = CAL.add_working_days(D(2025, 3, 14), 10, rule="Public discussion (F-1)")
    assert [d for d, _ in deadline.skipped] == [
        D(2025, 3, 15),
        D(2025, 3, 16),
        D(2025, 3, 21),
        D(2025, 3, 22),
        D(2025, 3, 23),
        D(2025, 3, 24),
        D(2025, 3, 25),
        D(2025, 3, 29),
        D(2025, 3, 30),
    ]
    reasons = dict(deadline.skipped)
    assert reasons[D(2025, 3, 15)] == "Saturday"
    assert reasons[D(2025, 3, 16)] == "Sunday"
    assert reasons[D(2025, 3, 21)] == "Nauryz meiramy"
    assert reasons[D(2025, 3, 24)] == "Nauryz meiramy (carried-over day off)"


def test_x_cal_year_end_crossing_skips_new_year_and_christmas():
    deadline = CAL.add_working_days(D(2025, 12, 31), 10)
    skipped = [d for d, _ in deadline.skipped]
    assert D(2026, 1, 1) in skipped
    assert D(2026, 1, 2) in skipped
    assert D(2026, 1, 7) in skipped
    assert all(d.year == 2026 for d in skipped)
    assert CAL.working_days_between(D(2026, 1, 1), deadline.date) == 10


# --- Date deadlines rolled forward ------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected", "skipped"),
    [
        # Annex 9 "5 July" 2025: Saturday, Capital Day on Sunday, observed on Monday 7 July.
        (D(2025, 7, 5), D(2025, 7, 8), [D(2025, 7, 5), D(2025, 7, 6), D(2025, 7, 7)]),
        # Annex 3 "5 January" 2025: a Sunday, but a decreed working day — it does not move.
        (D(2025, 1, 5), D(2025, 1, 5), []),
        # "25 January" 2025: Saturday → Monday 27 January.
        (D(2025, 1, 25), D(2025, 1, 27), [D(2025, 1, 25), D(2025, 1, 26)]),
        # National summary "31 March" 2026: a Tuesday, stays.
        (D(2026, 3, 31), D(2026, 3, 31), []),
        # A decreed day off.
        (D(2024, 5, 8), D(2024, 5, 10), [D(2024, 5, 8), D(2024, 5, 9)]),
    ],
)
def test_x_cal_roll_forward_date_deadline(day, expected, skipped):
    deadline = CAL.roll_forward(day)
    assert deadline.date == expected
    assert deadline.working_days is None
    assert [d for d, _ in deadline.skipped] == skipped


def test_x_cal_roll_forward_explanation_says_it_moved():
    with translation.override("en"):
        moved = CAL.roll_forward(D(2025, 1, 25)).explanation()
        stays = CAL.roll_forward(D(2026, 3, 31)).explanation()
    assert "25.01.2025 is not a working day" in moved
    assert "27.01.2025" in moved
    assert "is not a working day" not in stays
    assert "No days off in between." in stays


# --- Decree overrides -------------------------------------------------------------------------


def test_x_cal_decree_override_makes_a_saturday_working_and_a_weekday_off():
    saturday, wednesday = D(2026, 4, 4), D(2026, 4, 8)
    assert not CAL.is_working_day(saturday)
    assert CAL.is_working_day(wednesday)
    decreed = Calendar(
        overrides={
            saturday: Override(is_working=True),
            wednesday: Override(is_working=False, reason="Moved by decree No. 1"),
        }
    )
    assert decreed.is_working_day(saturday)
    assert not decreed.is_working_day(wednesday)
    assert decreed.day_off_reason(wednesday) == "Moved by decree No. 1"
    # Friday 3 April + 1 → the worked Saturday; + 3 → Tuesday 7, skipping Sunday and Wednesday.
    assert decreed.add_working_days(D(2026, 4, 3), 1).date == saturday
    deadline = decreed.add_working_days(D(2026, 4, 6), 2)
    assert deadline.date == D(2026, 4, 9)
    assert deadline.skipped == ((wednesday, "Moved by decree No. 1"),)
    # The calendar without overrides is unchanged.
    assert CAL.add_working_days(D(2026, 4, 6), 2).date == D(2026, 4, 8)


def test_x_cal_override_wins_over_a_holiday_and_a_package_transfer():
    decreed = Calendar(
        overrides={
            D(2025, 3, 24): Override(is_working=True),  # an observed Nauryz day worked
            D(2024, 5, 4): Override(is_working=False),  # the package's worked Saturday cancelled
        }
    )
    assert decreed.is_working_day(D(2025, 3, 24))
    assert not decreed.is_working_day(D(2024, 5, 4))
    with translation.override("en"):
        assert decreed.day_off_reason(D(2024, 5, 4)) == "Day off by Government decree"


# --- Time zone and the end of a deadline day ---------------------------------------------------


@pytest.mark.parametrize(
    ("day", "utc_offset_hours", "end_utc"),
    [
        (D(2024, 2, 28), 6, dt.datetime(2024, 2, 28, 17, 59, 59, tzinfo=UTC)),  # UTC+6 before
        # Clocks went back at midnight 29.02→01.03.2024: 23:xx of 29 February happened twice,
        # the day ends at the later 23:59:59 (UTC+5).
        (D(2024, 2, 29), 5, dt.datetime(2024, 2, 29, 18, 59, 59, tzinfo=UTC)),
        (D(2024, 3, 1), 5, dt.datetime(2024, 3, 1, 18, 59, 59, tzinfo=UTC)),  # UTC+5 from 1 March
        (D(2023, 12, 31), 6, dt.datetime(2023, 12, 31, 17, 59, 59, tzinfo=UTC)),
        (D(2025, 4, 2), 5, dt.datetime(2025, 4, 2, 18, 59, 59, tzinfo=UTC)),
    ],
)
def test_x_cal_day_end_is_23_59_59_almaty(day, utc_offset_hours, end_utc):
    end = day_end(day)
    assert (end.hour, end.minute, end.second) == (23, 59, 59)
    assert end.tzinfo == ZoneInfo("Asia/Almaty")
    assert end.utcoffset() == dt.timedelta(hours=utc_offset_hours)
    assert end.astimezone(UTC) == end_utc  # (== of an ambiguous local time is always False)
    assert end_utc - dt.timedelta(seconds=1) < end < end_utc + dt.timedelta(seconds=1)


@pytest.mark.parametrize(
    ("moment", "due", "on_time"),
    [
        (dt.datetime(2025, 4, 2, 23, 59, 59, tzinfo=ALMATY), D(2025, 4, 2), True),
        (dt.datetime(2025, 4, 3, 0, 0, 0, tzinfo=ALMATY), D(2025, 4, 2), False),
        (dt.datetime(2025, 4, 1, 9, 0, tzinfo=ALMATY), D(2025, 4, 2), True),
        # The same moments in UTC (UTC+5 since March 2024).
        (dt.datetime(2025, 4, 2, 18, 59, 59, tzinfo=UTC), D(2025, 4, 2), True),
        (dt.datetime(2025, 4, 2, 19, 0, 0, tzinfo=UTC), D(2025, 4, 2), False),
        # Before March 2024 Almaty was UTC+6.
        (dt.datetime(2024, 2, 1, 17, 59, 59, tzinfo=UTC), D(2024, 2, 1), True),
        (dt.datetime(2024, 2, 1, 18, 0, 0, tzinfo=UTC), D(2024, 2, 1), False),
        # 29.02.2024 23:30 UTC+5 (the repeated hour) is still 29 February.
        (dt.datetime(2024, 2, 29, 18, 30, tzinfo=UTC), D(2024, 2, 29), True),
        (dt.datetime(2024, 2, 29, 19, 0, tzinfo=UTC), D(2024, 2, 29), False),
        # A naive moment is read as Almaty local time, never as the server's zone.
        (dt.datetime(2025, 4, 2, 23, 59, 59), D(2025, 4, 2), True),
        (dt.datetime(2025, 4, 3, 0, 0, 0), D(2025, 4, 2), False),
    ],
)
def test_x_cal_is_on_time(moment, due, on_time):
    assert is_on_time(moment, due) is on_time


def test_x_cal_is_on_time_at_day_end_and_one_second_later():
    due = D(2026, 1, 19)
    assert is_on_time(day_end(due), due)
    assert not is_on_time(day_end(due) + dt.timedelta(seconds=1), due)
    assert local_date(day_end(due) + dt.timedelta(seconds=1)) == D(2026, 1, 20)


# --- Explanations in kk / ru / en --------------------------------------------------------------


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_x_cal_explanation_lists_the_rule_dates_and_skipped_days(language):
    with translation.override(language):
        deadline = CAL.add_working_days(D(2025, 3, 14), 10, rule="F-1")
        text = deadline.explanation()
    assert text.startswith("F-1.")
    assert "10" in text
    assert "14.03.2025" in text
    assert "02.04.2025" in text
    assert "23:59:59" in text
    for day, reason in deadline.skipped:
        assert f"{day:%d.%m.%Y} — {reason}" in text
    # dates are dd.mm.yyyy, never ISO
    assert "2025-03" not in text


def test_x_cal_explanation_is_in_the_active_language():
    with translation.override("en"):
        en = CAL.add_working_days(D(2025, 3, 14), 10).explanation()
        one = CAL.add_working_days(D(2025, 3, 14), 1).explanation()
    assert "working days" in en
    assert "Days off skipped" in en
    assert "Saturday" in en
    assert "1 working day counted" in one
    for language in ("kk", "ru"):
        with translation.override(language):
            text = CAL.add_working_days(D(2025, 3, 14), 10).explanation()
        # weekday names come from the language's catalogue, never English
        assert "Saturday" not in text
        assert "Sunday" not in text


def test_x_cal_explanation_without_days_off():
    with translation.override("en"):
        text = CAL.add_working_days(D(2025, 4, 1), 1).explanation()
    assert "No days off in between." in text
    assert "02.04.2025" in text


@pytest.mark.parametrize(
    ("package_name", "english"),
    [
        ("Nowruz Holiday", "Nauryz meiramy"),
        ("Nowruz Holiday (observed)", "Nauryz meiramy (carried-over day off)"),
        ("Eid al-Adha (estimated)", "Kurban Ait (estimated date)"),
        ("Day off (substituted from 05/04/2024)", "Day off (moved from 04.05.2024)"),
        ("Some New Holiday", "Some New Holiday"),
    ],
)
def test_x_cal_holiday_label(package_name, english):
    with translation.override("en"):
        assert holiday_label(package_name) == english


def test_x_cal_deadline_is_a_value():
    deadline = CAL.add_working_days(D(2025, 3, 14), 10)
    assert isinstance(deadline, Deadline)
    assert deadline == CAL.add_working_days(D(2025, 3, 14), 10)


# --- Input checks ------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [0, 1, 10, MAX_WORKING_DAYS])
def test_x_cal_check_working_days_accepts(n):
    assert check_working_days(n) == n


@pytest.mark.parametrize(
    "n", [-1, -10, MAX_WORKING_DAYS + 1, 10**9, True, False, 1.0, 2.5, "10", None]
)
def test_x_cal_check_working_days_rejects(n):
    with pytest.raises(ValueError):
        check_working_days(n)
    with pytest.raises(ValueError):
        CAL.add_working_days(D(2025, 3, 14), n)


def test_x_cal_max_working_days_is_reachable():
    deadline = CAL.add_working_days(D(2025, 1, 1), MAX_WORKING_DAYS)
    assert CAL.working_days_between(D(2025, 1, 2), deadline.date) == MAX_WORKING_DAYS


# --- Properties --------------------------------------------------------------------------------

starts = st.dates(min_value=D(2018, 1, 1), max_value=D(2030, 12, 31))


@settings(max_examples=150, deadline=None)
@given(start=starts, n=st.integers(min_value=1, max_value=80))
def test_x_cal_property_lands_on_a_working_day_after_the_start(start, n):
    deadline = CAL.add_working_days(start, n)
    assert deadline.date > start
    assert CAL.is_working_day(deadline.date)
    assert CAL.working_days_between(start + dt.timedelta(days=1), deadline.date) == n
    # every day between the start and the deadline is either counted or listed as skipped
    span = (deadline.date - start).days
    assert span == n + len(deadline.skipped)
    assert all(not CAL.is_working_day(d) for d, _ in deadline.skipped)


@settings(max_examples=100, deadline=None)
@given(start=starts, n=st.integers(min_value=0, max_value=60))
def test_x_cal_property_strictly_increasing_in_n(start, n):
    assert CAL.add_working_days(start, n + 1).date > CAL.add_working_days(start, n).date


@settings(max_examples=100, deadline=None)
@given(day=starts)
def test_x_cal_property_roll_forward_lands_on_the_next_working_day(day):
    deadline = CAL.roll_forward(day)
    assert deadline.date >= day
    assert CAL.is_working_day(deadline.date)
    assert CAL.working_days_between(day, deadline.date - dt.timedelta(days=1)) == 0
    assert (deadline.date == day) is CAL.is_working_day(day)


# --- The whole explanation, the defaults and the messages, written out (issue 11) -------------


@pytest.mark.parametrize(
    ("deadline", "text"),
    [
        (
            lambda: CAL.add_working_days(D(2025, 3, 14), 3, rule="Public discussion (F-1)"),
            "Public discussion (F-1). 3 working days counted from the day after 14.03.2025 "
            "(a period starts the next day). Days off skipped: 15.03.2025 — Saturday; "
            "16.03.2025 — Sunday. Deadline: 19.03.2025, until 23:59:59 Asia/Almaty time.",
        ),
        (
            lambda: CAL.add_working_days(D(2026, 3, 30), 1),
            "1 working day counted from the day after 30.03.2026 (a period starts the next "
            "day). No days off in between. Deadline: 31.03.2026, until 23:59:59 Asia/Almaty "
            "time.",
        ),
        (
            lambda: CAL.roll_forward(D(2025, 1, 25), rule="Annex 3 (§7.4)"),
            "Annex 3 (§7.4). 25.01.2025 is not a working day, so the deadline moves to the next "
            "working day. Days off skipped: 25.01.2025 — Saturday; 26.01.2025 — Sunday. "
            "Deadline: 27.01.2025, until 23:59:59 Asia/Almaty time.",
        ),
        (
            lambda: CAL.roll_forward(D(2026, 3, 31)),
            "No days off in between. Deadline: 31.03.2026, until 23:59:59 Asia/Almaty time.",
        ),
    ],
)
def test_x_cal_explanation_in_full(deadline, text):
    with translation.override("en"):
        assert deadline().explanation() == text


def test_x_cal_a_deadline_has_no_rule_unless_given_one():
    assert CAL.add_working_days(D(2026, 3, 30), 1).rule == ""
    assert CAL.roll_forward(D(2026, 3, 31)).rule == ""
    assert CAL.add_working_days(D(2026, 3, 30), 1, rule="R1").rule == "R1"
    assert CAL.roll_forward(D(2025, 1, 25), rule="R2").rule == "R2"


@pytest.mark.parametrize(
    ("n", "message"),
    [
        (True, "The number of working days must be a whole number."),
        (2.5, "The number of working days must be a whole number."),
        ("10", "The number of working days must be a whole number."),
        (-1, "The number of working days must be between 0 and 1000."),
        (MAX_WORKING_DAYS + 1, "The number of working days must be between 0 and 1000."),
    ],
)
def test_x_cal_check_working_days_says_why(n, message):
    with translation.override("en"), pytest.raises(ValueError) as refused:
        check_working_days(n)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("moment", "day"),
    [
        (dt.datetime(2025, 1, 1, 23, 30), D(2025, 1, 1)),  # naive: read as Almaty local time
        (dt.datetime(2025, 1, 1, 0, 30), D(2025, 1, 1)),
        (dt.datetime(2025, 1, 1, 18, 59, 59, tzinfo=UTC), D(2025, 1, 1)),  # 23:59:59 Almaty
        (dt.datetime(2025, 1, 1, 19, 0, tzinfo=UTC), D(2025, 1, 2)),  # 00:00 Almaty
        (dt.datetime(2025, 1, 1, 23, 30, tzinfo=ALMATY), D(2025, 1, 1)),
    ],
)
def test_x_cal_local_date_is_the_almaty_day(moment, day):
    assert local_date(moment) == day


@pytest.fixture
def process_in_utc(monkeypatch):
    """The process clock in UTC (Django sets TZ to Asia/Almaty, which would hide a conversion
    through the process's local time)."""
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(
    ("moment", "day"),
    [
        (dt.datetime(2025, 1, 1, 20, 0), D(2025, 1, 1)),  # naive: Almaty wall time, not UTC
        (dt.datetime(2025, 1, 1, 20, 0, tzinfo=UTC), D(2025, 1, 2)),  # 02:00 in Almaty
        (dt.datetime(2025, 1, 1, 4, 0, tzinfo=ALMATY), D(2025, 1, 1)),  # 23:00 UTC the day before
    ],
)
def test_x_cal_local_date_does_not_depend_on_the_process_time_zone(process_in_utc, moment, day):
    assert local_date(moment) == day


def test_x_cal_explanation_source_text_with_translation_off():
    """The msgids themselves (the plural included) are the text with translation deactivated;
    ngettext finds a translated plural by its singular, so only this catches a changed plural."""
    with translation.override(None):
        text = CAL.add_working_days(D(2026, 3, 30), 2).explanation()
    assert text == (
        "2 working days counted from the day after 30.03.2026 (a period starts the next day). "
        "No days off in between. Deadline: 01.04.2026, until 23:59:59 Asia/Almaty time."
    )


class _NoOffset(dt.tzinfo):
    """A time zone that does not know its offset: the moment counts as naive (Almaty wall time)."""

    def utcoffset(self, moment):
        return None


def test_x_cal_local_date_of_a_moment_without_an_offset(process_in_utc):
    assert local_date(dt.datetime(2025, 1, 1, 20, 0, tzinfo=_NoOffset())) == D(2025, 1, 1)


@pytest.mark.parametrize(
    ("day", "today", "last", "refused"),
    [
        (dt.date(1999, 12, 31), dt.date(2026, 12, 1), None, True),
        (dt.date(2000, 1, 1), dt.date(2026, 12, 1), None, False),  # the first plausible day
        (dt.date(2027, 12, 31), dt.date(2026, 12, 1), None, False),  # 31.12 of next year
        (dt.date(2028, 1, 1), dt.date(2026, 12, 1), None, True),
        (dt.date(2026, 12, 20), dt.date(2026, 12, 1), dt.date(2026, 12, 20), False),
        (dt.date(2026, 12, 21), dt.date(2026, 12, 1), dt.date(2026, 12, 20), True),
        (None, dt.date(2026, 12, 1), None, False),
    ],
)
def test_date_problem_at_its_edges(day, today, last, refused):
    from tapsyrys.calendar.rules import date_problem

    with translation.override("en"):
        problem = date_problem(day, today, last=last)
    if refused:
        end = (last or dt.date(2027, 12, 31)).strftime("%d.%m.%Y")
        assert problem == f"The date must be from 01.01.2000 to {end}."
    else:
        assert problem is None

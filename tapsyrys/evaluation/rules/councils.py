"""Expert councils (§16, E-1): pure rules — no database, no clock (`today=` is passed in).

Decisions (see the councils part's report):
- the term is three calendar years: by default the three starting the January after the
  announcement; the body may instead start with the year of the announcement (the current
  year) — no other first year is accepted;
- the self-nomination window: the announcement published on day D, the ten calendar days
  D+1 … D+10 (§16, "within 10 calendar days after the publication"); a nomination on D
  itself (after the publication) is accepted too;
- the composition is formed once the window has closed (from D+11): from the nominations
  when there are any (at least one included), by the body alone only when there is none;
- the approval by the Council for Interaction is dated not in the future and not before the
  composition was formed.
"""

import datetime as dt

TERM_YEARS = 3
WINDOW_DAYS = 10  # §16: "within 10 (ten) calendar days after the publication"

ANNOUNCED = "announced"
PRELIMINARY = "preliminary"
APPROVED = "approved"

# What each status of the council allows (read by services, views and templates).
STATUS_ACTIONS = {
    ANNOUNCED: frozenset({"nominate", "withdraw", "form"}),
    PRELIMINARY: frozenset({"approve", "file_notice"}),
    APPROVED: frozenset({"file_notice"}),
}


def allows(status, action) -> bool:
    return action in STATUS_ACTIONS.get(status, frozenset())


def term(first_year: int) -> tuple[int, int]:
    """The three calendar years of a council: (first year, last year)."""
    return first_year, first_year + TERM_YEARS - 1


def default_first_year(announced_on: dt.date) -> int:
    """The January after the announcement."""
    return announced_on.year + 1


def first_year_choices(announced_on: dt.date) -> tuple[int, int]:
    """The next year (the default) or the current one."""
    return announced_on.year + 1, announced_on.year


# Refusals: (code, field); the services turn the code into the translated message.
BAD_FIRST_YEAR = ("bad_first_year", "first_year")
WINDOW_OPEN = ("window_open", "formed_by")
HAS_NOMINATIONS = ("has_nominations", "formed_by")
NO_NOMINATIONS = ("no_nominations", "formed_by")
NONE_INCLUDED = ("none_included", "include")
NO_MEMBERS = ("no_members", "members")
WINDOW_CLOSED = ("window_closed", "council")
NOT_YET_OPEN = ("not_yet_open", "council")
APPROVED_IN_FUTURE = ("approved_in_future", "approved_on")
APPROVED_BEFORE_FORMING = ("approved_before_forming", "approved_on")


def first_year_refusal(first_year: int, announced_on: dt.date):
    if first_year in first_year_choices(announced_on):
        return None
    return BAD_FIRST_YEAR


def window_last_day(announced_on: dt.date) -> dt.date:
    """The last day of the self-nomination window: D+10."""
    return announced_on + dt.timedelta(days=WINDOW_DAYS)


def forming_from(announced_on: dt.date) -> dt.date:
    """The first day the composition may be formed: D+11."""
    return window_last_day(announced_on) + dt.timedelta(days=1)


def nomination_open(announced_on: dt.date, today: dt.date) -> bool:
    """D … D+10 inclusive."""
    return announced_on <= today <= window_last_day(announced_on)


def nomination_refusal(announced_on: dt.date, today: dt.date):
    if today < announced_on:
        return NOT_YET_OPEN
    if today > window_last_day(announced_on):
        return WINDOW_CLOSED
    return None


def may_form_alone(announced_on: dt.date, today: dt.date, has_nominations: bool):
    """Why the body may not form the composition by itself today, or None.

    §16: only when no candidate was nominated within the ten days — so not before D+11, and
    never when there is a nomination. A refusal is (code, field, the date from which)."""
    if has_nominations:
        return (*HAS_NOMINATIONS, None)
    if today < forming_from(announced_on):
        return (*WINDOW_OPEN, forming_from(announced_on))
    return None


def may_form_from_nominations(
    announced_on: dt.date, today: dt.date, has_nominations: bool, included: int
):
    """Why the body may not form the composition from the nominations today, or None."""
    if not has_nominations:
        return (*NO_NOMINATIONS, None)
    if today < forming_from(announced_on):
        return (*WINDOW_OPEN, forming_from(announced_on))
    if included < 1:
        return (*NONE_INCLUDED, None)
    return None


def approval_refusal(approved_on: dt.date, formed_on: dt.date, today: dt.date):
    """The approval date: not in the future, not before the composition was formed."""
    if approved_on > today:
        return APPROVED_IN_FUTURE
    if approved_on < formed_on:
        return APPROVED_BEFORE_FORMING
    return None


def covers(first_year: int, year: int) -> bool:
    """Whether a council's term covers `year`."""
    first, last = term(first_year)
    return first <= year <= last


def notice_declares_conflict(*, declared: bool, other: bool) -> bool:
    """Annex 6: "another potential conflict of interest" answered yes is a declared conflict."""
    return bool(declared or other)

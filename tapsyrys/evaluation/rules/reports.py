"""Pure rules of closing an evaluation (E-5, §19), its posting and the act of services (E-6,
§20). No database, no clock: `today=` is passed in.

Decisions (see the report of the reports part):
- an average is the mean of the counted sheets' scores (signed, the member not excluded),
  rounded to two decimals half up;
- the total is the sum of the four ROUNDED averages (what Annex 8 prints: its "Total" row adds
  up the column above it). For the issue's sheets (5,4,3,4), (4,4,4,5), (3,5,4,4) it is 16.33,
  as is the rounded mean of the sheets' totals;
- the body may close the evaluation once at least one sheet counts and no member who is not
  excluded still holds an unsigned draft (a member who never opened a sheet does not block);
- the posting on the portal is due within 3 working days after the completion day (§19);
  its date is not before the completion day and not in the future;
- the act of services (contracting) is dated not before the posting day: the gate gives it
  the posting date (`contracting.gates`).
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

CRITERIA = ("results", "positive_effect", "continuation", "long_term_effect")
POSTING_WORKING_DAYS = 3
COMMENTS_LIMIT = 8000
CENT = Decimal("0.01")

POSTING_RULE = _("Annex 8: posted on the public procurement web portal within 3 working days "
                 "after the evaluation is completed (§19 of the Rules)")  # fmt: skip

REFUSALS = {
    "not_open": (_("The evaluation of this project is already completed."), "evaluation"),
    "no_council": (_("The project has no approved expert council yet: nobody could score it."),
                   "council"),
    "no_signed_sheet": (_("No signed Annex 7 assessment sheet counts yet: the Annex 8 report "
                          "needs at least one."), "sheets"),
    "drafts_pending": (_("A council member who is not excluded still has an unsigned Annex 7 "
                         "sheet: wait until it is signed."), "sheets"),
}  # fmt: skip


def rounded(value) -> Decimal:
    """Two decimals, half up."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def averages(sheets):
    """{criterion: average, "total": sum of the rounded averages} of the counted sheets, each a
    mapping criterion → integer score. None when no sheet counts."""
    sheets = list(sheets)
    if not sheets:
        return None
    result = {}
    for code in CRITERIA:
        result[code] = rounded(Decimal(sum(s[code] for s in sheets)) / len(sheets))
    result["total"] = sum((result[code] for code in CRITERIA), Decimal("0.00"))
    return result


def compile_comments(texts, *, limit=COMMENTS_LIMIT):
    """The members' comments on one criterion, one per line in the sheets' order, blank ones
    left out; cut at `limit` characters with an ellipsis."""
    lines = [t.strip() for t in texts if t and t.strip()]
    text = "\n".join(f"{n}) {line}" for n, line in enumerate(lines, start=1))
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def completion_refusal(*, is_open, has_council, counted, drafts_pending):
    """Why the body may not close the evaluation now — (code, field) — or None."""
    if not is_open:
        return "not_open"
    if not has_council:
        return "no_council"
    if counted < 1:
        return "no_signed_sheet"
    if drafts_pending > 0:
        return "drafts_pending"
    return None


def posting_deadline(completed_on, calendar):
    """The posting's deadline: the 3rd working day after the completion day (§19)."""
    return calendar.add_working_days(completed_on, POSTING_WORKING_DAYS, str(POSTING_RULE))


def _ddmmyyyy(day):
    return day.strftime("%d.%m.%Y")


def posting_problem(posted_on, *, completed_on, today):
    """A message about the posting date, or None."""
    if posted_on is None:
        return _("Enter the date of the posting on the public procurement web portal.")
    if posted_on < completed_on:
        return _("The posting date cannot be before the evaluation was completed (%(date)s).") % {
            "date": _ddmmyyyy(completed_on)
        }
    if posted_on > today:
        return _("The posting date cannot be in the future.")
    return None


def reference_problem(reference, *, limit=300):
    """A message about the portal reference, or None."""
    reference = (reference or "").strip()
    if not reference:
        return _("Enter the reference of the posting on the public procurement web portal.")
    if len(reference) > limit:
        return _("The reference is at most %(n)s characters.") % {"n": limit}
    return None

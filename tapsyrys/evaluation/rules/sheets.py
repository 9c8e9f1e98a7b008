"""Pure rules of the sheets part (E-2, E-3, E-4; §14, §15, §16, §18, Annex 7): when a project
enters evaluation, when it is due, who may score it and what a score is. No database, no
clock: `today` is passed in.

Decisions (see the part's report):
- a project enters evaluation when its final report is accepted or when its implementation
  period has ended (`ends_on` < today); a terminated contract never does; a multi-year
  project once, at its end (one `Evaluation` per contract);
- the evaluation is due EVALUATION_DUE_WORKING_DAYS working days after the day it opened
  (an assumption: the Rules set no period; the setting of the same name overrides it);
- a score is a whole number 1–5 (§18): 0, 6, 2.5, "x", True are refused naming the field.
"""

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from tapsyrys.core.errors import ApplicationError

CRITERIA = ("results", "positive_effect", "continuation", "long_term_effect")
SCORE_MIN, SCORE_MAX = 1, 5
EVALUATION_DUE_WORKING_DAYS = 10
COMMENT_MAX = 4000

FINAL_REPORT, ENDED = "final_report", "ended"
NEVER_EVALUATED = ("terminated",)  # contract statuses that never enter evaluation

DUE_RULE = _("Evaluation of results: within %(n)s working days after the project entered it")


def _due_rule(n=EVALUATION_DUE_WORKING_DAYS):
    return str(DUE_RULE) % {"n": n}


DUE_RULE_DEFAULT = lazy(_due_rule, str)()

# why a member may not open or fill a sheet (code → field)
NOT_A_MEMBER = "not_a_member"
NO_COUNCIL = "no_council"
CONFLICTED = "conflicted"
COMPLETED = "completed"
SIGNED = "signed"


def entry_reason(*, status, ends_on, final_accepted, today):
    """Why the project enters evaluation now ("final_report" / "ended"), or None."""
    if status in NEVER_EVALUATED:
        return None
    if final_accepted:
        return FINAL_REPORT
    if ends_on < today:
        return ENDED
    return None


def due_deadline(opened_on, calendar, working_days=EVALUATION_DUE_WORKING_DAYS):
    """The evaluation's deadline: the n-th working day after the day it opened."""
    return calendar.add_working_days(opened_on, working_days, _due_rule(working_days))


def clean_score(value, *, field, required=False):
    """A score as an int 1–5, None when empty and not required; refused naming `field`."""
    if value is None or (isinstance(value, str) and value.strip() == ""):
        if required:
            raise ApplicationError(_("Give a score from 1 to 5."), field=field)
        return None
    if isinstance(value, bool):
        raise ApplicationError(_("A score is a whole number from 1 to 5."), field=field)
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip().isdecimal():
        number = int(value.strip())
    else:
        raise ApplicationError(_("A score is a whole number from 1 to 5."), field=field)
    if number < SCORE_MIN or number > SCORE_MAX:
        raise ApplicationError(_("A score is a whole number from 1 to 5."), field=field)
    return number


def clean_comment(value, *, field):
    text = "" if value is None else str(value).strip()
    if len(text) > COMMENT_MAX:
        raise ApplicationError(_("At most %(n)s characters.") % {"n": COMMENT_MAX}, field=field)
    return text


def clean_sheet(data, *, signing=False):
    """{criterion: score, criterion_comment: text, recommendations: text} cleaned; signing
    requires all four scores."""
    clean = {}
    for code in CRITERIA:
        clean[code] = clean_score(data.get(code), field=code, required=signing)
        clean[f"{code}_comment"] = clean_comment(
            data.get(f"{code}_comment"), field=f"{code}_comment"
        )
    clean["recommendations"] = clean_comment(data.get("recommendations"), field="recommendations")
    return clean


def total(scores):
    """The Annex 7 total: the sum of the four scores, None while one is missing."""
    values = [scores.get(code) for code in CRITERIA]
    return None if None in values else sum(values)


def conflict_reason(*, own_organisation, notice_names_ngo, declared):
    """The first reason a member is excluded for the project's NGO, or None: the member
    belongs to the NGO, their latest signed Annex 6 notice names it, or they declared it."""
    if own_organisation:
        return "own_organisation"
    if notice_names_ngo:
        return "notice"
    if declared:
        return "declared"
    return None


def sheet_refusal(*, is_member, has_council, conflicted, completed, signed=False):
    """Why the member may not fill (or change) the sheet, or None."""
    if not has_council:
        return NO_COUNCIL
    if not is_member:
        return NOT_A_MEMBER
    if conflicted:
        return CONFLICTED
    if completed:
        return COMPLETED
    if signed:
        return SIGNED
    return None

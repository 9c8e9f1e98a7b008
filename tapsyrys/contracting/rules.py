"""Pure rules of contracting: status transitions, the default report schedule, completeness.

Functions take `today=` / `now=`; none reads the clock.
"""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from tapsyrys.calendar.rules import date_problem, is_on_time
from tapsyrys.core.errors import TransitionNotAllowed

from .models import Contract, ReportStage

S = Contract.Status

# C-3: the action that moves a contract into each status. Which status may follow which is the
# status's allowed actions in STATUS_ACTIONS below (anything else raises TransitionNotAllowed).
TRANSITION_ACTIONS = {
    S.ACTIVE: "activate",
    S.SUSPENDED: "suspend",
    S.COMPLETED: "complete",
    S.TERMINATED: "terminate",
    S.CLOSED: "close",
}

# status → what may be done to a contract in that status (X-ACL): the services refuse the rest
# with TransitionNotAllowed, the permission rules, the views and the templates read the same
# table (`actions.edit_passport`), so no template compares statuses.
CONTRACT_ACTIONS = (
    "activate",  # resume a suspended contract
    "suspend",
    "complete",
    "terminate",
    "close",
    "edit_passport",  # the NGO fills in the project passport
    "submit_reports",  # the NGO starts, fills in and submits stage reports
    "correct_reports",  # the NGO corrects a submitted report (a new version)
)
STATUS_ACTIONS = {
    S.ACTIVE: frozenset(
        {"suspend", "complete", "terminate", "edit_passport", "submit_reports", "correct_reports"}
    ),
    S.SUSPENDED: frozenset(
        {"activate", "terminate", "edit_passport", "submit_reports", "correct_reports"}
    ),
    S.COMPLETED: frozenset({"close", "edit_passport", "submit_reports", "correct_reports"}),
    S.TERMINATED: frozenset({"close"}),
    S.CLOSED: frozenset(),
}
CONTRACT_ACTION_LABELS = {
    "activate": _("resume the contract"),
    "suspend": _("suspend the contract"),
    "complete": _("complete the contract"),
    "terminate": _("terminate the contract"),
    "close": _("close the contract"),
    "edit_passport": _("change the project passport"),
    "submit_reports": _("write or submit stage reports"),
    "correct_reports": _("correct a submitted report"),
}

# How a status shows as a badge (the templates ask `status|status_tone`).
STATUS_TONES = {S.ACTIVE: "ok", S.SUSPENDED: "warn", S.TERMINATED: "bad"}

# Lot status → what may be done to the lot (`lot|lot_allows:"register_contract"`).
LOT_STATUS_ACTIONS = {
    "announced": frozenset({"mark_held", "mark_not_held", "register_contract"}),
    "held": frozenset({"register_contract"}),
    "not_held": frozenset(),
}
LOT_STATUS_TONES = {"held": "ok", "not_held": "bad"}


def lot_allows(status, action) -> bool:
    if action not in {"mark_held", "mark_not_held", "register_contract"}:
        raise LookupError(f"unknown lot action {action}")
    return action in LOT_STATUS_ACTIONS.get(status, frozenset())


# Statuses in which the NGO still works on the passport and the reports.
NGO_EDITABLE_STATUSES = {S.ACTIVE, S.SUSPENDED, S.COMPLETED}


def allows(status, action) -> bool:
    """True when `action` may be done to a contract in `status` (STATUS_ACTIONS)."""
    if action not in CONTRACT_ACTION_LABELS:
        raise LookupError(f"unknown contract action {action}")
    return action in STATUS_ACTIONS.get(status, frozenset())


def ensure_allowed(status, action):
    """The service guard: TransitionNotAllowed naming the action and the status."""
    if not allows(status, action):
        raise TransitionNotAllowed(
            _("You cannot %(action)s: the contract is “%(status)s”.")
            % {"action": CONTRACT_ACTION_LABELS[action], "status": S(status).label},
            extra={"action": action, "status": str(status)},
        )


def allowed_actions(status) -> dict:
    """{action: bool} for the page (`actions.edit_passport`)."""
    return {action: allows(status, action) for action in CONTRACT_ACTIONS}


def allowed_transitions(status):
    """The statuses a contract in `status` may go to (C-3), sorted."""
    return sorted(target for target, action in TRANSITION_ACTIONS.items() if allows(status, action))


def ensure_transition(current, target):
    if target not in S.values:
        raise TransitionNotAllowed(_("Unknown status."), field="status")
    if not allows(current, TRANSITION_ACTIONS[target]):
        raise TransitionNotAllowed(
            _("A contract cannot go from “%(old)s” to “%(new)s”.")
            % {"old": S(current).label, "new": S(target).label},
            field="status",
            extra={"action": TRANSITION_ACTIONS[target], "status": str(current)},
        )


# What a transition needs besides the status table (E-6, §20): a contract is completed only
# after its act of services rendered is recorded.
TRANSITION_REQUIRES = {S.COMPLETED: "service_act"}
REQUIREMENT_MESSAGES = {
    "service_act": _("Record the act of services rendered first: a contract is completed "
                     "after its act (§20 of the Rules)."),
}  # fmt: skip


def ensure_requirements(target, *, has_act):
    """TransitionNotAllowed naming the field `act` when `target` needs the act and there is
    none."""
    needed = TRANSITION_REQUIRES.get(target)
    if needed == "service_act" and not has_act:
        raise TransitionNotAllowed(
            REQUIREMENT_MESSAGES[needed], field="act", extra={"requires": needed}
        )


def act_date_problem(signed_on, *, not_before, today):
    """A message about the act's date (E-6), or None: not before `not_before` (the Annex 8
    posting), not in the future, within the plausible dates."""
    if signed_on is None:
        return _("Enter the date of the act of services rendered.")
    if not_before is not None and signed_on < not_before:
        return _(
            "The act cannot be dated before the Annex 8 report was posted on the portal (%(date)s)."
        ) % {"date": not_before.strftime("%d.%m.%Y")}
    if signed_on > today:
        return _("The act date cannot be in the future.")
    return date_problem(signed_on, today)


def default_schedule(starts_on: dt.date, ends_on: dt.date):
    """C-4 default: first interim at a third of the period, second interim at two thirds,
    final on the last day of the period. Returns [(no, kind, due_date)]."""
    span = (ends_on - starts_on).days
    first = starts_on + dt.timedelta(days=span // 3)
    second = starts_on + dt.timedelta(days=(2 * span) // 3)
    return [
        (1, ReportStage.Kind.FIRST_INTERIM, first),
        (2, ReportStage.Kind.SECOND_INTERIM, second),
        (3, ReportStage.Kind.FINAL, ends_on),
    ]


def check_schedule(stages, starts_on, ends_on):
    """Due dates must be in order and not before the contract starts."""
    previous = None
    for _no, kind, due in stages:
        if due is None:
            return _("Every report needs a due date."), kind
        if due < starts_on:
            return _("A report cannot be due before the implementation starts."), kind
        if previous is not None and due < previous:
            return _("Due dates must follow the order of the reports."), kind
        previous = due
    return None, None


# C-4: the required sections of a stage report; the financial report on the final one.
TEXT_SECTIONS = [
    ("team_composition", _("team composition")),
    ("about_project", _("about the project")),
    ("main_work", _("description of the main work")),
    ("satisfaction_results", _("satisfaction survey results")),
]


def missing_sections(report, *, indicator_ids, target_group_ids, is_final):
    """Names (field, label) of required sections that are empty."""
    missing = [(f, label) for f, label in TEXT_SECTIONS if not (getattr(report, f) or "").strip()]
    actuals = report.indicator_actuals or {}
    if any(actuals.get(str(i)) in (None, "") for i in indicator_ids):
        missing.append(("indicator_actuals", _("indicator actuals")))
    reached = report.coverage_reached or {}
    if any(reached.get(str(i)) in (None, "") for i in target_group_ids):
        missing.append(("coverage_reached", _("coverage reached")))
    if is_final and not (report.financial_report or "").strip():
        missing.append(("financial_report", _("financial report")))
    return missing


def submission_on_time(moment: dt.datetime, due_date: dt.date) -> bool:
    """On time when submitted on or before the due date in Asia/Almaty (X-CAL)."""
    return is_on_time(moment, due_date)


def stage_state(stage, *, today: dt.date):
    """'submitted_on_time' / 'submitted_late' / 'missing' / 'due' for lists and badges."""
    if stage.submitted_at is not None:
        on_time = submission_on_time(stage.submitted_at, stage.due_date)
        return "submitted_on_time" if on_time else "submitted_late"
    if today > stage.due_date:
        return "missing"
    return "due"


# --- Plausibility of what people type (issue 7) --------------------------------------------
# Dates: `calendar.rules.date_problem` (01.01.2000 … the end of next year). A contract may run up to
# CONTRACT_MAX_YEARS financial years (long-term social order), so its end may be later.
CONTRACT_MAX_YEARS = 3
MAX_COUNT = 2_147_483_647  # people reached: a whole number within the integer column


def contract_dates_problem(*, signed_on, starts_on, ends_on, competition_held_on, today):
    """(field, message) of the first implausible contract date, or None: each date within
    the plausible range (the end up to CONTRACT_MAX_YEARS later), signed on or after its
    competition, ending after it starts."""
    for field, day in (("signed_on", signed_on), ("starts_on", starts_on)):
        message = date_problem(day, today)
        if message:
            return field, message
    last_end = dt.date(today.year + CONTRACT_MAX_YEARS, 12, 31)
    message = date_problem(ends_on, today, last=last_end)
    if message:
        return "ends_on", message
    if signed_on and competition_held_on and signed_on < competition_held_on:
        return "signed_on", _("A contract is signed on or after its competition (%(date)s).") % {
            "date": competition_held_on.strftime("%d.%m.%Y")
        }
    if starts_on and ends_on and ends_on <= starts_on:
        return "ends_on", _("The implementation must end after it starts.")
    return None


def parse_count(value):
    """A count of people: a whole number from 0 to MAX_COUNT (1.5 and "1.5" are refused,
    never truncated; true/false are not numbers). ValueError with the message otherwise."""
    if isinstance(value, bool):
        raise ValueError(_("Enter a whole number."))
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(_("Enter a whole number."))
        value = int(value)
    elif isinstance(value, str):
        text = value.strip()
        if not (text.isascii() and text.lstrip("-").isdigit()):
            raise ValueError(_("Enter a whole number."))
        value = int(text)
    elif not isinstance(value, int):
        raise ValueError(_("Enter a whole number."))
    if value < 0:
        raise ValueError(_("Values cannot be negative."))
    if value > MAX_COUNT:
        raise ValueError(_("At most %(max)s.") % {"max": f"{MAX_COUNT:,}".replace(",", " ")})
    return value

"""Pure rules of contracting: status transitions, the default report schedule, completeness.

Functions take `today=` / `now=`; none reads the clock.
"""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from tapsyrys.calendar.rules import is_on_time
from tapsyrys.core.errors import TransitionNotAllowed

from .models import Contract, ReportStage

S = Contract.Status

# C-3: which status may follow which (anything else raises TransitionNotAllowed).
CONTRACT_TRANSITIONS = {
    S.ACTIVE: {S.SUSPENDED, S.COMPLETED, S.TERMINATED},
    S.SUSPENDED: {S.ACTIVE, S.TERMINATED},
    S.COMPLETED: {S.CLOSED},
    S.TERMINATED: {S.CLOSED},
    S.CLOSED: set(),
}

# Statuses in which the NGO still works on the passport and the reports.
NGO_EDITABLE_STATUSES = {S.ACTIVE, S.SUSPENDED, S.COMPLETED}


def allowed_transitions(status):
    return sorted(CONTRACT_TRANSITIONS.get(status, set()))


def ensure_transition(current, target):
    if target not in S.values:
        raise TransitionNotAllowed(_("Unknown status."), field="status")
    if target not in CONTRACT_TRANSITIONS.get(current, set()):
        raise TransitionNotAllowed(
            _("A contract cannot go from “%(old)s” to “%(new)s”.")
            % {"old": S(current).label, "new": S(target).label},
            field="status",
        )


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
        return (
            "submitted_on_time"
            if is_on_time(stage.submitted_at, stage.due_date)
            else ("submitted_late")
        )
    if today > stage.due_date:
        return "missing"
    return "due"

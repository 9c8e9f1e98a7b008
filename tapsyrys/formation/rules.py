"""Pure rules of formation (Rules §5–§7): stage transitions and legal deadlines.

Every function takes `today=` / `now=` (and a `calendar`) and never reads the clock.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tapsyrys.calendar.rules import (  # noqa: F401 (ALMATY: demo)
    ALMATY,
    Calendar,
    Deadline,
    is_on_time,
    local_date,
)
from tapsyrys.core.errors import ApplicationError, TransitionNotAllowed
from tapsyrys.core.money import group

from .models import Stage

DISCUSSION_WORKING_DAYS = 10  # §7.2: at least 10 working days from the day of placement
DECISION_WORKING_DAYS = 3  # §7.2: within 3 working days after the end of the discussion
NEEDS_ASSESSMENT_YEARS = 2  # §7.1: at least once every two years
DUE_SOON_DAYS = 3  # a deadline within this many calendar days shows as "due soon"
MAX_FINANCING = Decimal("1e12")  # X-MONEY: an amount is below 10^12 thousand tenge

# stage → {action: next stage}
TRANSITIONS = {
    Stage.PLANNING: {"publish": Stage.DISCUSSION},
    Stage.DISCUSSION: {"report": Stage.REPORTED},
    Stage.REPORTED: {"submit": Stage.COUNCIL},
    Stage.COUNCIL: {"fix": Stage.FIXED},
    Stage.FIXED: {"publish_annex3": Stage.APPROVED},
    Stage.APPROVED: {},
}

# stage → what may be done to a cycle at that stage (X-ACL). The services refuse anything else
# with TransitionNotAllowed; the views and the templates show an action only when it is here
# (`cycle|allows:"publish"`), so no template compares stages.
ACTIONS = (
    "edit_topics",  # add, change, remove topics; set the budget limit
    "publish",  # publish the topics for discussion (Annex 1)
    "comment",  # the public comments on the topics
    "decide",  # accept or reject a comment
    "report",  # publish the report on the discussion (Annex 2)
    "submit",  # submit the Information (Annex 3) to the council / the authorized body
    "recommend",  # record the council's recommendations
    "specify",  # attach a technical specification, include or exclude a topic
    "fix",  # fix the list of topics
    "enter_budget",  # enter the approved amounts
    "publish_annex3",  # publish Annex 3 after the budget approval
)
STAGE_ACTIONS = {
    Stage.PLANNING: frozenset({"edit_topics", "publish"}),
    Stage.DISCUSSION: frozenset({"comment", "decide", "report"}),
    Stage.REPORTED: frozenset({"decide", "report", "submit"}),
    Stage.COUNCIL: frozenset({"recommend", "specify", "fix"}),
    Stage.FIXED: frozenset({"enter_budget", "publish_annex3"}),
    Stage.APPROVED: frozenset(),
}
# Stages at which the Information (Annex 3) and the council's columns exist.
COUNCIL_REACHED = frozenset({Stage.REPORTED, Stage.COUNCIL, Stage.FIXED, Stage.APPROVED})

ACTION_LABELS = {
    "edit_topics": gettext_lazy("change the planned topics"),
    "publish": gettext_lazy("publish the topics for discussion"),
    "comment": gettext_lazy("comment on the topics"),
    "decide": gettext_lazy("decide on comments"),
    "report": gettext_lazy("publish the report on the discussion"),
    "submit": gettext_lazy("submit the Information (Annex 3)"),
    "recommend": gettext_lazy("record the council's recommendations"),
    "specify": gettext_lazy("attach technical specifications"),
    "fix": gettext_lazy("fix the list of topics"),
    "enter_budget": gettext_lazy("enter the approved budget"),
    "publish_annex3": gettext_lazy("publish Annex 3"),
}


def allows(stage, action) -> bool:
    """True when `action` may be done at `stage` (STAGE_ACTIONS)."""
    if action not in ACTION_LABELS:
        raise LookupError(f"unknown formation action {action}")
    return action in STAGE_ACTIONS[Stage(stage)]


def _refusal(stage, action):
    return TransitionNotAllowed(
        _("You cannot %(action)s at the stage “%(stage)s”.")
        % {"action": ACTION_LABELS.get(action, action), "stage": Stage(stage).label},
        extra={"action": action, "stage": str(Stage(stage).value)},
    )


def ensure_allowed(stage, action):
    """The service guard: TransitionNotAllowed naming the action and the stage."""
    if not allows(stage, action):
        raise _refusal(stage, action)


def allowed_actions(stage) -> dict:
    """{action: bool} for the page (`actions.publish`)."""
    return {action: allows(stage, action) for action in ACTIONS}


def next_stage(stage, action):
    """The stage after `action`, or TransitionNotAllowed with a clear message."""
    target = TRANSITIONS[Stage(stage)].get(action)
    if target is None or not allows(stage, action):
        raise _refusal(stage, action)
    return target


# --- Deadlines ----------------------------------------------------------------------------------


def discussion_deadline(placed_at: dt.datetime, calendar: Calendar) -> Deadline:
    """End of the 10th working day after the placement day, Asia/Almaty (§7.2, F-4)."""
    return calendar.add_working_days(
        local_date(placed_at),
        DISCUSSION_WORKING_DAYS,
        rule=_("Public discussion: at least 10 working days from the day of placement (§7.2)"),
    )


def decisions_deadline(discussion_end: dt.date, calendar: Calendar) -> Deadline:
    """3 working days after the end of the discussion (§7.2, F-5)."""
    return calendar.add_working_days(
        discussion_end,
        DECISION_WORKING_DAYS,
        rule=_("Decisions on comments: within 3 working days after the discussion ends (§7.2)"),
    )


def annex3_council_deadline(*, year: int, is_central: bool, calendar: Calendar) -> Deadline:
    """Central bodies: to the authorized body no later than 5 January of the cycle's year;
    local executive bodies: to the council before 1 August of the year before (§7.3)."""
    if is_central:
        return calendar.roll_forward(
            dt.date(year, 1, 5),
            rule=_("Annex 3 to the authorized body: no later than 5 January (§7.3)"),
        )
    return calendar.roll_forward(
        dt.date(year - 1, 7, 31),
        rule=_("Annex 3 to the council of the corresponding level: before 1 August (§7.3)"),
    )


def annex3_publication_deadline(*, year: int, calendar: Calendar) -> Deadline:
    """After the budget is approved: publish and send the Information until 25 January (§7.4)."""
    return calendar.roll_forward(
        dt.date(year, 1, 25),
        rule=_("Annex 3 after the budget approval: published and sent until 25 January (§7.4)"),
    )


def is_comment_on_time(moment: dt.datetime, discussion_ends_at: dt.datetime) -> bool:
    """A comment counts when it arrives no later than the end of the discussion's last day."""
    return is_on_time(moment, local_date(discussion_ends_at))


@dataclass(frozen=True)
class DueState:
    code: str  # done / upcoming / soon / overdue
    label: str


def due_state(due_at: dt.datetime | None, *, now: dt.datetime, done: bool) -> DueState | None:
    """Colour code of a deadline: done, upcoming, due soon (≤ 3 days) or overdue."""
    if due_at is None:
        return None
    if done:
        return DueState("done", _("done"))
    if now > due_at:
        return DueState("overdue", _("overdue"))
    if due_at - now <= dt.timedelta(days=DUE_SOON_DAYS):
        return DueState("soon", _("due soon"))
    return DueState("upcoming", _("upcoming"))


def needs_assessment_is_stale(latest: dt.date | None, *, today: dt.date) -> bool:
    """True when there is no assessment, or the latest is older than two years (§7.1)."""
    if latest is None:
        return True
    try:
        limit = latest.replace(year=latest.year + NEEDS_ASSESSMENT_YEARS)
    except ValueError:  # 29 February
        limit = latest.replace(year=latest.year + NEEDS_ASSESSMENT_YEARS, day=28)
    return today > limit


def check_financing(value) -> Decimal:
    """Planned financing in thousand tenge: a positive exact decimal (X-MONEY)."""
    from tapsyrys.core.money import to_decimal

    amount = to_decimal(value) if not isinstance(value, Decimal) else value
    if amount is None:
        raise ApplicationError(
            _("Enter the amount as a number of thousand tenge, e.g. 12500.5."), field="financing"
        )
    if amount <= 0:
        raise ApplicationError(
            _("The planned financing must be greater than zero."), field="financing"
        )
    if amount.as_tuple().exponent < -3:
        raise ApplicationError(
            _("Thousand tenge have at most three decimal places (one tenge)."), field="financing"
        )
    if amount >= MAX_FINANCING:
        raise ApplicationError(_("The amount is too large."), field="financing")
    return amount


def thousands_text(value: Decimal) -> str:
    """Thousand tenge in a message as the pages show them (core.money.group: thin-space groups,
    a decimal comma, one decimal) and exact to the tenge: 1000.001 → '1 000,001'."""
    text = group(value, 3)
    while text.endswith("0") and len(text) - text.rindex(",") > 2:
        text = text[:-1]
    return text


def check_within_limit(*, total: Decimal, limit: Decimal | None):
    if limit is not None and total > limit:
        raise ApplicationError(
            _(
                "The planned topics would total %(total)s thousand tenge, above the budget "
                "limit of %(limit)s thousand tenge (§5)."
            )
            % {"total": thousands_text(total), "limit": thousands_text(limit)},
            field="financing",
        )

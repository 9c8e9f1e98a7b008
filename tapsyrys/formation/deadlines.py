"""Formation's deadlines as due items (X-CAL, X-NOTIFY; Rules §7.2–§7.4).

Four kinds per cycle, each copied to its `Cycle` column in the same transaction (the column
is what lists filter and sort on; the due item is the one truth and carries the rule and the
explanation in kk/ru/en):

- `formation.discussion_end`     → `discussion_ends_at`: when it falls, Annex 2 is published
  if every comment is decided (or none came).
- `formation.decisions_due`      → `decisions_due_at` (3 working days after the end, follows
  it): comments still undecided → the body is told once; all decided → Annex 2 published.
- `formation.annex3_council`     → `annex3_due_at`: not submitted → the body is told once.
- `formation.annex3_publication` → `publication_due_at`: not published → the body is told.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from tapsyrys.core.due import DueItem, due_kind, due_open
from tapsyrys.core.events import record_many

from . import rules
from .models import Comment, Cycle, Stage

DISCUSSION_END = "formation.discussion_end"
DECISIONS_DUE = "formation.decisions_due"
ANNEX3_COUNCIL = "formation.annex3_council"
ANNEX3_PUBLICATION = "formation.annex3_publication"


# --- Opening (called by the services) -----------------------------------------------------------


def open_cycle_deadlines(cycle, *, now=None):
    """The Annex 3 deadlines of a new cycle (§7.3, §7.4)."""
    is_central = cycle.body.is_central
    due_open(
        cycle,
        ANNEX3_COUNCIL,
        lambda cal: rules.annex3_council_deadline(
            year=cycle.year, is_central=is_central, calendar=cal
        ),
        now=now,
    )
    due_open(
        cycle,
        ANNEX3_PUBLICATION,
        lambda cal: rules.annex3_publication_deadline(year=cycle.year, calendar=cal),
        now=now,
    )


def open_discussion_deadlines(cycle, *, placed_at):
    """The end of the discussion and the decisions that follow it (§7.2); (end, due)."""
    end = due_open(cycle, DISCUSSION_END, lambda cal: rules.discussion_deadline(placed_at, cal))
    due = due_open(
        cycle,
        DECISIONS_DUE,
        lambda cal: rules.decisions_deadline(end.date, cal),
        follows=end,
    )
    return end, due


# --- Objects made without the services (bulk paths) get their items -----------------------------


def _without(kind):
    ct = ContentType.objects.get_for_model(Cycle)
    return ~Exists(DueItem.objects.filter(kind=kind, content_type=ct, object_id=OuterRef("pk")))


def sync(*, now):
    made = 0
    for cycle in Cycle.objects.filter(_without(ANNEX3_COUNCIL)).select_related("body"):
        open_cycle_deadlines(cycle, now=now)
        made += 1
        if cycle.annex3_submitted_at:
            _close(cycle, ANNEX3_COUNCIL, DueItem.State.MET, cycle.annex3_submitted_at)
        if cycle.annex3_published_at:
            _close(cycle, ANNEX3_PUBLICATION, DueItem.State.MET, cycle.annex3_published_at)
    published = Cycle.objects.filter(published_at__isnull=False).filter(_without(DISCUSSION_END))
    for cycle in published:
        end, due = open_discussion_deadlines(cycle, placed_at=cycle.published_at)
        made += 1
        if cycle.stage != Stage.DISCUSSION:
            _close(cycle, DISCUSSION_END, DueItem.State.NOTIFIED, end.due_at)
        if cycle.report_published_at:
            _close(cycle, DECISIONS_DUE, DueItem.State.MET, cycle.report_published_at)
    return made


def _close(cycle, kind, state, when):
    ct = ContentType.objects.get_for_model(Cycle)
    DueItem.objects.filter(kind=kind, content_type=ct, object_id=cycle.pk).update(
        state=state, closed_at=when
    )


# --- Handlers (batches of items that fell due) --------------------------------------------------


def _cycles(items, **filters):
    pending = Count(
        "comments",
        filter=Q(comments__outcome=Comment.Outcome.PENDING, comments__is_hidden=False),
        distinct=True,
    )
    return list(
        Cycle.objects.filter(pk__in=[i.object_id for i in items], **filters)
        .select_related("body")
        .annotate(pending=pending)
        .order_by("pk")
    )


def _publish_reports(cycles, *, now):
    from .services import cycle_report_publish

    for cycle in cycles:
        # one document per cycle; under the row lock a cycle already reported is left alone
        cycle_report_publish(
            cycle=cycle, actor=None, now=now, check_permission=False, first_only=True
        )


@due_kind(DISCUSSION_END, model="formation.Cycle", mirror="discussion_ends_at", sync=sync)
def discussion_ended(items, *, now):
    """Every comment decided (or none came): Annex 2 is published now (F-6)."""
    cycles = _cycles(items, stage=Stage.DISCUSSION)
    _publish_reports([c for c in cycles if c.pending == 0], now=now)


@due_kind(
    DECISIONS_DUE,
    model="formation.Cycle",
    mirror="decisions_due_at",
    notifies=("formation.decisions.overdue",),
)
def decisions_due(items, *, now):
    """Undecided comments after the 3 working days (F-5): the body is told once; otherwise
    Annex 2 is published if the body has not published it yet."""
    cycles = _cycles(items, stage=Stage.DISCUSSION)
    late = [c for c in cycles if c.pending]
    record_many(late, "formation.decisions.overdue", data=lambda c: {"pending": c.pending}, now=now)
    _publish_reports([c for c in cycles if not c.pending], now=now)


@due_kind(
    ANNEX3_COUNCIL,
    model="formation.Cycle",
    mirror="annex3_due_at",
    notifies=("formation.annex3.late",),
)
def annex3_late(items, *, now):
    """The Information (Annex 3) not submitted by its due date (§7.3): the body is told once."""
    cycles = _cycles(items, annex3_submitted_at__isnull=True)
    record_many(cycles, "formation.annex3.late", now=now)


@due_kind(
    ANNEX3_PUBLICATION,
    model="formation.Cycle",
    mirror="publication_due_at",
    notifies=("formation.annex3.publication_late",),
    rule=_("Annex 3 after the budget approval: published and sent until 25 January (§7.4)"),
)
def annex3_publication_late(items, *, now):
    """The approved Information not published by 25 January (§7.4): the body is told once."""
    cycles = _cycles(items, annex3_published_at__isnull=True, budget_approved_on__isnull=False)
    record_many(cycles, "formation.annex3.publication_late", now=now)

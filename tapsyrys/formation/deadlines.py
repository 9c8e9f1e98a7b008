"""The daily job of formation (X-NOTIFY): overdue decisions, due Annex 2 reports, late Annex 3.

Each row is claimed with a conditional UPDATE, so running the job twice changes nothing.
"""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tapsyrys.core.audit import log_action
from tapsyrys.core.models import Role
from tapsyrys.core.services import notify, users_of

from .models import Comment, Cycle, Stage


def run(*, now):
    return {
        "formation.decisions_overdue": decisions_overdue(now=now),
        "formation.reports_published": reports_due(now=now),
        "formation.annex3_late": annex3_late(now=now),
    }


def _pending():
    return Comment.objects.filter(
        cycle=OuterRef("pk"), outcome=Comment.Outcome.PENDING, is_hidden=False
    )


def decisions_overdue(*, now):
    """Cycles with undecided comments after the 3 working days (F-5): notify the body once."""
    candidates = Cycle.objects.filter(
        stage=Stage.DISCUSSION,
        decisions_due_at__lt=now,
        decisions_overdue_notified_at__isnull=True,
    ).filter(Exists(_pending()))
    count = 0
    for cycle in candidates.select_related("body"):
        claimed = Cycle.objects.filter(
            pk=cycle.pk, decisions_overdue_notified_at__isnull=True
        ).update(decisions_overdue_notified_at=now)
        if not claimed:
            continue
        pending = Comment.objects.filter(
            cycle=cycle, outcome=Comment.Outcome.PENDING, is_hidden=False
        ).count()
        log_action(cycle, "formation.decisions.overdue", data={"pending": pending})
        notify(
            recipients=users_of(cycle.body_id, Role.STATE_BODY),
            key=f"formation.decisions.overdue:{cycle.pk}",
            subject=_("Decisions on comments are overdue"),
            body=lambda n=pending: (
                str(
                    _(
                        "%(n)d comments are still not decided; the 3 working days have passed (§7.2)."
                    )
                )
                % {"n": n}
            ),
            url=reverse("formation:comments", args=[cycle.pk]),
        )
        count += 1
    return count


def reports_due(*, now):
    """Annex 2 for cycles whose discussion ended with every comment decided (or none came)."""
    from .services import cycle_report_publish

    candidates = Cycle.objects.filter(stage=Stage.DISCUSSION, discussion_ends_at__lt=now).exclude(
        Exists(_pending())
    )
    count = 0
    for cycle in candidates:
        # claimed under the row lock: a cycle already reported is left as it is
        done = cycle_report_publish(
            cycle=cycle, actor=None, now=now, check_permission=False, first_only=True
        )
        count += done.report_published_at == now
    return count


def annex3_late(*, now):
    """The Information (Annex 3) not submitted by its due date: notify the body once."""
    candidates = Cycle.objects.filter(
        annex3_submitted_at__isnull=True,
        annex3_due_at__lt=now,
        annex3_late_notified_at__isnull=True,
    )
    count = 0
    for cycle in candidates:
        if not Cycle.objects.filter(pk=cycle.pk, annex3_late_notified_at__isnull=True).update(
            annex3_late_notified_at=now
        ):
            continue
        log_action(cycle, "formation.annex3.late")
        notify(
            recipients=users_of(cycle.body_id, Role.STATE_BODY),
            key=f"formation.annex3.late:{cycle.pk}",
            subject=_("The Information (Annex 3) is overdue"),
            body=_("Submit the Information on the planned social projects (§7.3)."),
            url=reverse("formation:cycle", args=[cycle.pk]),
        )
        count += 1
    return count

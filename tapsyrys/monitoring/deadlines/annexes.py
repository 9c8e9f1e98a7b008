"""Annex 9 and the national summary as due items (X-CAL, X-NOTIFY; Rules §11, §21).

- `monitoring.annex9_due` on each `Annex9Report` (one per body, year and period), mirrored in
  `Annex9Report.due_at`: 5 July for the half-year, 5 February of the next year for the year
  (settings MONITORING_ANNEX9_HALF_YEAR_DUE / _YEAR_DUE), moved to the next working day when
  it is a day off. A report still a draft when it falls due is flagged late and the body and
  the authorized body are told once.
- `monitoring.summary_due` on each `NationalSummary` (one per year), mirrored in `due_at`:
  31 March of the next year; not sent → the authorized body is told once.

The items are opened by the services, never by the daily job: when a body opens its report
(`annex9_open`), when the authorized body starts tracking a period for every body that owes it
(`annex9_track`: one draft and one item per body with a contract in the period), and when the
authorized body starts tracking a year's summary (`summary_track`). The overview and the desk
compute "late" from the deadline itself, so a body that has no report row yet still shows late.
"""

from simple_history.utils import bulk_update_with_history

from tapsyrys.core.due import due_kind, due_open
from tapsyrys.core.events import record_many

from ..models import Annex9Report, NationalSummary
from ..rules import annexes as rules

ANNEX9_DUE = "monitoring.annex9_due"
SUMMARY_DUE = "monitoring.summary_due"


def open_annex9_deadline(report, *, now=None):
    from ..selectors.annexes import due_settings

    values = due_settings()
    return due_open(
        report,
        ANNEX9_DUE,
        lambda cal: rules.annex9_deadline(report.year, report.period, cal, **values),
        now=now,
    )


def open_summary_deadline(summary, *, now=None):
    return due_open(
        summary, SUMMARY_DUE, lambda cal: rules.summary_deadline(summary.year, cal), now=now
    )


@due_kind(
    ANNEX9_DUE,
    model="monitoring.Annex9Report",
    mirror="due_at",
    notifies=("monitoring.annex9.late",),
)
def annex9_late(items, *, now):
    """Reports still drafts when they fell due: flagged late once, the body and the authorized
    body told once (set-based)."""
    reports = list(
        Annex9Report.objects.filter(
            pk__in=[i.object_id for i in items], state="draft", late_flagged_at__isnull=True
        ).select_related("body")
    )
    for report in reports:
        report.late_flagged_at = now
    if reports:
        bulk_update_with_history(reports, Annex9Report, ["late_flagged_at"], batch_size=500)
    record_many(reports, "monitoring.annex9.late", now=now, data=_report_data)


def _report_data(report):
    return {"year": report.year, "period": report.period, "due_at": report.due_at.isoformat()}


@due_kind(
    SUMMARY_DUE,
    model="monitoring.NationalSummary",
    mirror="due_at",
    notifies=("monitoring.summary.late",),
)
def summary_late(items, *, now):
    summaries = list(
        NationalSummary.objects.filter(
            pk__in=[i.object_id for i in items], state="draft", late_flagged_at__isnull=True
        )
    )
    for summary in summaries:
        summary.late_flagged_at = now
    if summaries:
        bulk_update_with_history(summaries, NationalSummary, ["late_flagged_at"], batch_size=500)
    record_many(summaries, "monitoring.summary.late", now=now, data=lambda s: {"year": s.year})

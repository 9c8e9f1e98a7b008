"""`make bench` scenarios of monitoring plans: the daily job's plan-minimum kind over every
running contract at national scale (sync of the plan years first, then every year falls due
at once), and the plan list of the authorized body."""

from tapsyrys.core.bench_support import Scenario

NOW_AFTER_EVERY_DEADLINE = "2100-01-01T09:00:00+05:00"


def daily_job_plan_minimum_over_every_running_contract():
    """Every plan year of every running contract falls due at once: the runner claims them in
    batches, checks each year's events set-based, flags those below the minimum, writes one
    event each and the outbox rows, and delivers. Reset set-based first, so each run does the
    full work. Returns the due items processed."""
    import datetime as dt

    from tapsyrys.core import due
    from tapsyrys.core.models import AuditEvent, DueItem, Notification, Outbox
    from tapsyrys.monitoring.deadlines.events import PLAN_MINIMUM, sync
    from tapsyrys.monitoring.models import MonitoringPlanYear

    now = dt.datetime.fromisoformat(NOW_AFTER_EVERY_DEADLINE)
    sync(now=now)
    MonitoringPlanYear.objects.update(flagged_at=None, problems=[])
    DueItem.objects.filter(kind=PLAN_MINIMUM).update(state=DueItem.State.OPEN, closed_at=None)
    Outbox.objects.filter(kind="monitoring.plan.below_minimum").delete()
    Notification.objects.filter(key__startswith="monitoring.plan.below_minimum:").delete()
    AuditEvent.objects.filter(action="monitoring.plan.below_minimum").delete()
    return due.run(now=now)[PLAN_MINIMUM]


def scenarios():
    return [
        Scenario(
            "Daily job: monitoring plan minimum over every running contract",
            func=daily_job_plan_minimum_over_every_running_contract,
            unit="items",
            runs=2,
        ),
        Scenario(
            "Monitoring plans below the minimum, authorized body",
            url="/monitoring/plans/?year=2026&below=1",
            username="ministry",
        ),
        Scenario(
            "Monitoring events API, authorized body",
            url="/api/monitoring/events/",
            username="ministry",
        ),
    ]

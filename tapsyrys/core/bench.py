from .bench_support import Scenario

NOW_AFTER_EVERY_DEADLINE = "2100-01-01T09:00:00+05:00"


def daily_job_over_every_active_contract():
    """Every unsubmitted stage report of every running contract falls due at once: the
    runner claims them in batches of DUE_BATCH_SIZE, flags them, writes one event each and
    the outbox rows, and delivers. Set-based reset first, so each run does the full work.
    Returns the due items processed (queries per run grow with batches, not with items)."""
    import datetime as dt

    from tapsyrys.contracting.deadlines import RUNNING, STAGE_REPORT
    from tapsyrys.contracting.deadlines import sync as stage_sync
    from tapsyrys.contracting.models import ReportStage

    from . import due
    from .models import AuditEvent, DueItem, Notification, Outbox

    now = dt.datetime.fromisoformat(NOW_AFTER_EVERY_DEADLINE)
    stage_sync(now=now)
    stages = ReportStage.objects.filter(submitted_at__isnull=True, contract__status__in=RUNNING)
    stages.update(missing_flagged_at=None)
    DueItem.objects.filter(kind=STAGE_REPORT, object_id__in=stages.values("pk")).update(
        state=DueItem.State.OPEN, closed_at=None
    )
    Outbox.objects.filter(kind="contracting.report.missing").delete()
    Notification.objects.filter(key__startswith="contracting.report.missing:").delete()
    AuditEvent.objects.filter(action="contracting.report.missing").delete()
    return due.run(now=now)[STAGE_REPORT]


def scenarios():
    return [
        *layout_scenarios(),
        Scenario("NGO registry API, first page", url="/api/organisations/?kind=ngo"),
        Scenario(
            "NGO registry API, name search",
            url="/api/organisations/?kind=ngo&q=%D0%BC%D0%B5%D1%87%D1%82%D0%B0",
        ),
        Scenario(
            "NGO registry API, region+area filter",
            url="/api/organisations/?kind=ngo&region=almaty&area=youth",
        ),
        Scenario("Deadline API", url="/api/calendar/deadline/?start=2025-03-14&working_days=10"),
        Scenario("Home page", url="/"),
        Scenario(
            "Daily job over every active contract (stage reports due)",
            func=daily_job_over_every_active_contract,
            unit="due items",
            runs=2,
        ),
    ]


def layout_scenarios():
    """The signed-in layout's cost: the empty base.html page for a state body's user (issue 8:
    at most 2 queries — the session comes from the cache, the user with its organisation, roles
    and unread notifications in one query)."""
    return [
        Scenario(
            "Floor page signed in (a state body's user: the layout's own queries)",
            url="/bench-floor/page/",
            username="akimat",
        )
    ]

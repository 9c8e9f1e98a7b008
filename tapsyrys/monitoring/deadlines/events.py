"""The monitoring plan's minimum as a due item (M-1, X-NOTIFY).

Each calendar year of a running contract's implementation is a `MonitoringPlanYear` with one
`monitoring.plan_minimum` due item, due at the end of `due_on` (1 December of the year, or the
last day of implementation in the year when that comes first — `rules.minimum_due_on`). When
it falls due the year's plan (every event in the year, planned or held) is checked by the
same rule the plan page shows; a year below the minimum (or, under the 2021 edition, short of
the 1 July / 1 December dates) is flagged once and the body's staff are told once. `sync`
gives contracts written by bulk paths (the import, the demo) their plan years at the start of
each run, set-based."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tapsyrys.contracting.models import Contract
from tapsyrys.core.audit import bulk_create_audited
from tapsyrys.core.due import DueItem, due_kind, fixed_fields
from tapsyrys.core.events import record_many
from tapsyrys.core.models import Edition
from tapsyrys.monitoring.models import MonitoringEvent, MonitoringPlanYear
from tapsyrys.monitoring.rules import events as rules

PLAN_MINIMUM = "monitoring.plan_minimum"
RULE = _(
    "Monitoring plan: at least 2 events in each calendar year of implementation (§9), checked "
    "on 1 December or on the last day of implementation in the year"
)
CHUNK = 2000
SYNC_LOCK_KEY = 0x30_4E_5359  # pg_advisory_xact_lock key of the plan years' sync


def open_plan_year_deadlines(plan_years, *, now=None):
    """Due items for saved plan years (set-based: one INSERT per 2 000 rows)."""
    now = now or timezone.now()
    ct = ContentType.objects.get_for_model(MonitoringPlanYear)
    texts = {}
    rows = []
    for plan_year in plan_years:
        if plan_year.due_on not in texts:
            texts[plan_year.due_on] = fixed_fields(plan_year.due_on, RULE)
        rows.append(
            DueItem(
                kind=PLAN_MINIMUM,
                content_type=ct,
                object_id=plan_year.pk,
                state=DueItem.State.OPEN,
                created_at=now,
                **texts[plan_year.due_on],
            )
        )
    # X-AUDIT: due items are the mechanism's bookkeeping; the plan years they follow are
    # written with row history and an event (the service or `sync`'s batch).
    DueItem.objects.bulk_create(rows, batch_size=CHUNK, ignore_conflicts=True)
    return len(rows)


def sync(*, now):
    """Running contracts without plan years get them (and their due items), in chunks."""
    missing = (
        Contract.objects.filter(status__in=rules.RUNNING_STATUSES)
        .filter(~Exists(MonitoringPlanYear.objects.filter(contract=OuterRef("pk"))))
        .only("pk", "starts_on", "ends_on")
        .order_by("pk")
    )
    made = 0
    while True:
        with transaction.atomic():
            # two daily jobs at once: the second waits here, then finds the rows made
            _lock_sync()
            chunk = list(missing[:CHUNK])
            if not chunk:
                return made
            made += _make_plan_years(chunk, now)


def _lock_sync():
    if connection.vendor == "postgresql":  # SQLite's IMMEDIATE transactions already serialise
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SYNC_LOCK_KEY])


def _make_plan_years(chunk, now):
    rows = [
        MonitoringPlanYear(
            contract_id=c.pk,
            year=year,
            due_on=rules.minimum_due_on(year, c.starts_on, c.ends_on),
        )
        for c in chunk
        for year in rules.implementation_years(c.starts_on, c.ends_on)
    ]
    rows = bulk_create_audited(
        MonitoringPlanYear, rows, action="monitoring.plan_year.synced", batch_size=CHUNK
    )
    return open_plan_year_deadlines(rows, now=now)


def _editions(contracts):
    """{contract id: edition code} from one query of the editions."""
    editions = list(Edition.objects.order_by("effective_from"))
    result = {}
    for contract in contracts:
        code = "2022"
        for edition in editions:
            if edition.effective_from <= contract.signed_on:
                code = edition.code
        result[contract.pk] = code
    return result


@due_kind(
    PLAN_MINIMUM,
    model="monitoring.MonitoringPlanYear",
    mirror="due_on",
    notifies=("monitoring.plan.below_minimum",),
    rule=RULE,
    sync=sync,
)
def plan_minimum(items, *, now):
    plan_years = list(
        MonitoringPlanYear.objects.filter(
            pk__in=[i.object_id for i in items],
            flagged_at__isnull=True,
            contract__status__in=rules.RUNNING_STATUSES,
        )
        .select_related("contract")
        .order_by("due_on", "pk")
    )
    if not plan_years:
        return
    dates = defaultdict(list)
    events = MonitoringEvent.objects.filter(
        contract_id__in={p.contract_id for p in plan_years}
    ).values_list("contract_id", "year", "held_on", "planned_on")
    for contract_id, year, held_on, planned_on in events:
        dates[(contract_id, year)].append(held_on or planned_on)
    editions = _editions({p.contract for p in plan_years})
    flagged = []
    for plan_year in plan_years:
        contract = plan_year.contract
        problems = rules.year_problems(
            sorted(dates[(contract.pk, plan_year.year)]),
            year=plan_year.year,
            edition=editions[contract.pk],
            starts_on=contract.starts_on,
            ends_on=contract.ends_on,
        )
        shortfall = [
            p
            for p in problems
            if p in (rules.BELOW_MINIMUM, rules.NONE_BY_1_JULY, rules.TWO_NOT_BY_1_DECEMBER)
        ]
        if shortfall:
            plan_year.flagged_at, plan_year.problems = now, shortfall
            flagged.append(plan_year)
    if not flagged:
        return
    # X-AUDIT: the flag is recorded as the `monitoring.plan.below_minimum` event of each plan
    # year just below, in the same transaction (set-based, like contracting's missing reports).
    MonitoringPlanYear.objects.bulk_update(flagged, ["flagged_at", "problems"], batch_size=CHUNK)
    record_many(
        flagged,
        "monitoring.plan.below_minimum",
        data=[
            {"contract_id": p.contract_id, "year": p.year, "problems": p.problems} for p in flagged
        ],
        now=now,
    )

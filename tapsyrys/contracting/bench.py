"""`make bench` scenarios of contracting: the public registry search, an NGO page with a long
history, and the import of a generated 50 000-row procurement-portal file (rows per second)."""

import csv
import io
import time
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count

from tapsyrys.core.bench_support import Scenario
from tapsyrys.core.models import Organisation

ROWS = 50_000
IMPORT_PREFIX = "BIMP"  # the numbers of what the bench's import writes start with this


def purge_import_rows():
    """Delete what the bench's import wrote, with its history rows and report stages, so that
    every bench run measures the seeded database: without it each run's 50 000 contracts stay
    and the scenarios over every active contract slow down run after run."""
    from django.conf import settings

    from .models import Competition, Contract, Lot, ReportStage

    # it deletes history rows: only ever on the bench's own database, of its own file's numbers
    if settings.ROOT_URLCONF != "config.urls_bench":
        raise RuntimeError("purge_import_rows runs only under config.settings.bench")
    table = {m: m._meta.db_table for m in (Competition, Lot, Contract, ReportStage)}
    history = {m: m.history.model._meta.db_table for m in (Competition, Lot, Contract)}
    field = {Competition: "procurement_number", Lot: "number", Contract: "number"}
    like = IMPORT_PREFIX + "%"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table[ReportStage]} WHERE contract_id IN "  # noqa: S608 (model names)
            f"(SELECT id FROM {table[Contract]} WHERE number LIKE %s)",
            [like],
        )
        for model in (Contract, Lot, Competition):
            for name in (history[model], table[model]):
                cursor.execute(f"DELETE FROM {name} WHERE {field[model]} LIKE %s", [like])  # noqa: S608


def _ngo_with_longest_history():
    row = (
        Organisation.objects.filter(kind=Organisation.Kind.NGO)
        .annotate(n=Count("contracts"))
        .order_by("-n", "id")
        .values_list("pk", flat=True)
        .first()
    )
    return row


def make_file(rows=ROWS, prefix="BENCH"):
    """A procurement-portal export of `rows` lots with their contracts (CSV, portal names)."""
    authorized = Organisation.objects.filter(kind=Organisation.Kind.AUTHORIZED_BODY).first()
    bodies = list(
        Organisation.objects.filter(kind=Organisation.Kind.STATE_BODY).values_list("bin", flat=True)
    )
    ngos = list(
        Organisation.objects.filter(kind=Organisation.Kind.NGO).values_list("bin", flat=True)[:5000]
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "lotNumber",
            "nameRu",
            "descriptionRu",
            "amount",
            "customerBin",
            "trdBuyNumberAnno",
            "contractNumber",
            "contractSum",
            "signDate",
            "planExecDate",
            "supplierBiin",
            "finYear",
        ]
    )
    for i in range(rows):
        body = bodies[i % len(bodies)]
        amount = Decimal(1_000_000 + (i * 7919) % 50_000_000)
        writer.writerow(
            [
                f"{prefix}-{i:06d}",
                f"Социальный проект № {i}",
                "Проведение мероприятий для целевых групп",
                amount,
                body,
                f"{prefix}-{body}-{i % 50}",
                f"{prefix}-C-{i:06d}",
                amount,
                "2025-02-15",
                "2025-11-30",
                ngos[i % len(ngos)],
                "2025",
            ]
        )
    return authorized, out.getvalue().encode("utf-8")


def settle():
    """Start the import from a settled database, whatever the scenarios before it wrote: the
    tables it writes vacuumed, and (when the bench's user may) a checkpoint taken now rather
    than in the middle of the timed run."""
    from .models import Competition, Contract, Lot, ReportStage

    with connection.cursor() as cursor:
        for model in (Competition, Lot, Contract, ReportStage):
            tables = [model._meta.db_table]
            if hasattr(model, "history"):
                tables.append(model.history.model._meta.db_table)
            for table in tables:
                cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(table)}")
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            cursor.execute("CHECKPOINT")


def scenarios():
    ngo_pk = _ngo_with_longest_history()
    state = {}

    def prepare():
        """Before each creating run, outside its timing: what the run before (or an interrupted
        bench) wrote is deleted, and a file of new numbers is written."""
        purge_import_rows()
        settle()
        state["org"], state["data"] = make_file(
            prefix=f"{IMPORT_PREFIX}{time.strftime('%y%m%d%H%M%S')}"
        )

    def import_file():
        from .importer import run_import

        result = run_import(
            data=state["data"], filename="bench.csv", organisation=state["org"], dry_run=False
        )
        if result.error_count:
            raise SystemExit(f"bench import failed: {result.errors[:3]}")
        return result.rows

    items = [
        Scenario("NGO registry page, first page", url="/contracting/ngos/"),
        Scenario(
            "NGO registry page, name search",
            url="/contracting/ngos/?q=%D0%BC%D0%B5%D1%87%D1%82%D0%B0",
        ),
        Scenario("NGO registry page, BIN prefix", url="/contracting/ngos/?q=1004"),
        Scenario(
            "Import of a 50 000-row portal file, 1st run (creates every lot and contract)",
            func=import_file,
            unit="rows",
            runs=3,  # the first warms up (bench/run.py); each starts from the seeded database
            setup=prepare,
        ),
        Scenario(
            "Import of the same file, 2nd run (nothing changes)",
            func=import_file,
            unit="rows",
            runs=3,
            teardown=purge_import_rows,
        ),
        *deep_pages(),
    ]
    if ngo_pk:
        items.insert(
            2, Scenario("NGO page with the longest history", url=f"/contracting/ngos/{ngo_pk}/")
        )
    return items


def deep_pages():
    """Keyset pagination (issue 8): a deep page of the registry and of its API costs what the
    first costs. Signed in, so the page is rendered rather than served from the public cache."""
    from tapsyrys.core.pagination import encode, ordering_of
    from tapsyrys.core.selectors import organisation_public_list

    from .selectors import ngo_registry
    from .views import PAGE_SIZE

    qs = ngo_registry()
    ordering = ordering_of(qs)
    total = qs.count()
    depth = min(800, max(total // PAGE_SIZE - 1, 1))
    boundary = qs.order_by(*[p for p, _d in ordering]).values_list(*[p for p, _d in ordering])[
        depth * PAGE_SIZE - 1 : depth * PAGE_SIZE
    ]
    items = [
        Scenario(
            "NGO registry page, first page, signed in", url="/contracting/ngos/", username="ngo"
        ),
        Scenario(
            "NGO registry API, first page, signed in",
            url="/api/organisations/?kind=ngo",
            username="ngo",
        ),
    ]
    if boundary:
        cursor = encode(list(boundary[0]))
        items += [
            Scenario(
                f"NGO registry page {depth + 1} (cursor), signed in",
                url=f"/contracting/ngos/?cursor={cursor}",
                username="ngo",
            ),
        ]
    api_qs = organisation_public_list(kind="ngo")
    api_order = ordering_of(api_qs)
    api_boundary = api_qs.order_by(*[p for p, _d in api_order]).values_list(
        *[p for p, _d in api_order]
    )[total - 60 : total - 59]
    if api_boundary:
        items.append(
            Scenario(
                f"NGO registry API, row {total - 59} (cursor), signed in",
                url=f"/api/organisations/?kind=ngo&cursor={encode(list(api_boundary[0]))}",
                username="ngo",
            )
        )
    return items

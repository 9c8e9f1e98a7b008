"""`make bench` scenarios of contracting: the public registry search, an NGO page with a long
history, and the import of a generated 50 000-row procurement-portal file (rows per second)."""

import csv
import io
from decimal import Decimal

from django.db.models import Count

from tapsyrys.core.bench_support import Scenario
from tapsyrys.core.models import Organisation

ROWS = 50_000


def _ngo_with_longest_history():
    row = (
        Organisation.objects.filter(kind=Organisation.Kind.NGO)
        .annotate(n=Count("contracts"))
        .order_by("-n", "id")
        .values_list("pk", flat=True)
        .first()
    )
    return row


def make_file(rows=ROWS):
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
                f"BENCH-{i:06d}",
                f"Социальный проект № {i}",
                "Проведение мероприятий для целевых групп",
                amount,
                body,
                f"BENCH-{body}-{i % 50}",
                f"BENCH-C-{i:06d}",
                amount,
                "2025-02-15",
                "2025-11-30",
                ngos[i % len(ngos)],
                "2025",
            ]
        )
    return authorized, out.getvalue().encode("utf-8")


def scenarios():
    ngo_pk = _ngo_with_longest_history()
    state = {}

    def import_50k():
        from .importer import run_import

        if "data" not in state:
            state["org"], state["data"] = make_file()
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
            "Import of a 50 000-row portal file (1st run creates, 2nd changes nothing)",
            func=import_50k,
            unit="rows",
            runs=2,
        ),
    ]
    if ngo_pk:
        items.insert(
            2, Scenario("NGO page with the longest history", url=f"/contracting/ngos/{ngo_pk}/")
        )
    return items

"""`make bench` scenarios of the public ledger at national scale (anonymous, as the public
reads it): the page (first and last page), the API list and one entry, a stored download,
and `verify_ledger` over the whole chain (entries per second)."""

from django.urls import reverse

from tapsyrys.core.bench_support import Scenario


def scenarios():
    from . import selectors
    from .models import LedgerEntry
    from .views import PAGE_SIZE

    total = LedgerEntry.objects.count()
    scenarios = [
        Scenario("Ledger: public page (newest 50)", url=reverse("ledger:index")),
        Scenario("Ledger API: list (first 50)", url="/api/ledger/"),
    ]
    if total:
        last_page = (total + PAGE_SIZE - 1) // PAGE_SIZE
        middle = LedgerEntry.objects.order_by("seq").values_list("seq", flat=True)[total // 2]
        scenarios += [
            Scenario(
                f"Ledger: public page (oldest, page {last_page})",
                url=reverse("ledger:index") + f"?page={last_page}",
            ),
            Scenario(
                f"Ledger API: list (offset {total // 2})", url=f"/api/ledger/?offset={total // 2}"
            ),
            Scenario("Ledger API: one entry", url=f"/api/ledger/{middle}/"),
            Scenario(
                "Ledger: download of a stored document",
                url=reverse("ledger:download", args=[middle]),
            ),
            Scenario(
                f"Ledger: verify_ledger over {total} entries",
                func=lambda: selectors.verify_ledger().entries,
                unit="entries",
                runs=3,
            ),
        ]
    return scenarios

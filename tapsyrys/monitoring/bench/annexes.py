"""`make bench` scenarios of the annexes at national scale: the authorized body's Annex 9
overview and national consolidation (and, so that the consolidation is measured even before
anyone submits, the Annex 9 rows of every body of a year), and the national summary page and
its exports."""

from django.urls import reverse

from tapsyrys.core.bench_support import Scenario


def scenarios():
    from tapsyrys.contracting.models import Contract
    from tapsyrys.monitoring.selectors import annexes as selectors

    year = (
        Contract.objects.order_by("-year").values_list("year", flat=True).first()
        if Contract.objects.exists()
        else None
    )
    if year is None:
        return []

    def all_rows():
        return len(selectors.annex9_rows(year=year, period="year"))

    overview = reverse("monitoring:annex9_overview") + f"?year={year}&period=year"
    national = reverse("monitoring:annex9_national") + f"?year={year}&period=year&lang=ru"
    summary = reverse("monitoring:summary") + f"?year={year}"
    download = reverse("monitoring:summary_download") + f"?year={year}&lang=ru"
    return [
        Scenario("Monitoring: Annex 9 submissions overview", url=overview, username="ministry"),
        Scenario(
            "Monitoring: national Annex 9 consolidation (.xlsx, ru)",
            url=national,
            username="ministry",
            runs=5,
        ),
        Scenario(
            "Monitoring: Annex 9 rows of every body of a year",
            func=all_rows,
            unit="rows",
            runs=3,
        ),
        Scenario("Monitoring: national summary page", url=summary, username="ministry"),
        Scenario(
            "Monitoring: national summary export (.xlsx, ru)",
            url=download,
            username="ministry",
            runs=5,
        ),
        Scenario(
            "Monitoring: national summary export (PDF, ru)",
            url=download + "&format=pdf",
            username="ministry",
            runs=3,
        ),
    ]

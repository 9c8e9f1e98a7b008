"""`make bench` scenarios of formation at national scale (median time, query count)."""

from django.urls import reverse

from tapsyrys.core.bench_support import Scenario


def scenarios():
    from .models import Cycle, Stage

    scenarios = [
        Scenario("Formation: public discussions list", url=reverse("formation:discussions")),
    ]
    biggest = (
        Cycle.objects.filter(stage=Stage.DISCUSSION)
        .order_by("-year", "pk")
        .values_list("body_id", "year", "pk")
        .first()
    )
    if biggest:
        body_id, year, pk = biggest
        scenarios += [
            Scenario(
                "Formation: public discussion page of a body",
                url=reverse("formation:public_cycle", args=[body_id, year]),
            ),
            Scenario(
                "Formation API: comments of a cycle (first page)",
                url=f"/api/formation/cycles/{pk}/comments/",
            ),
        ]
    # the topic with the most comments: its page holds one page of them and one form
    largest = largest_discussion()
    if largest:
        scenarios.append(
            Scenario(
                "Formation: the largest discussion (a topic's page)",
                url=reverse("formation:public_topic", args=[largest]),
            )
        )
    year = Cycle.objects.order_by("-year").values_list("year", flat=True).first()
    if year:
        scenarios += [
            Scenario(
                "Formation: national page",
                url=reverse("formation:national") + f"?year={year}",
                username="ministry",
            ),
            Scenario(
                "Formation: national Annex 3 export (.xlsx, ru)",
                url=reverse("formation:national_annex3") + f"?year={year}&lang=ru",
                username="ministry",
                runs=5,
            ),
        ]
        scenarios += annex3_against_its_floor(year)
    return scenarios


def annex3_against_its_floor(year):
    """The national Annex 3 workbook written afresh (no cache), read against openpyxl in
    write-only mode writing the same styled cells (issue 8: at most 2×)."""
    from tapsyrys.publishing import annexes
    from tapsyrys.publishing.bench import write_only_floor

    from .views import national_annex3_document

    doc = national_annex3_document(year=year, lang="ru")
    cells = sum(len(row.cells) for row in doc.rows) + len(doc.columns)
    return [
        Scenario(
            f"Floor: openpyxl write-only, the national Annex 3's {cells} styled cells",
            func=lambda: write_only_floor(doc) and 0,
            runs=11,
            floor="xlsx",
            is_floor=True,
        ),
        Scenario(
            "Formation: national Annex 3 workbook written afresh (.xlsx, ru)",
            func=lambda: (
                annexes.render(national_annex3_document(year=year, lang="ru"), "xlsx") and 0
            ),
            runs=11,
            floor="xlsx",
        ),
    ]


def largest_discussion():
    """The published topic with the most comments (its page is the largest discussion)."""
    from django.db.models import Count

    from .models import Topic

    return (
        Topic.objects.filter(cycle__published_at__isnull=False)
        .annotate(n=Count("comments"))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first()
    )

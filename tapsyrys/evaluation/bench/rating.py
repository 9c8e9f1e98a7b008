"""`make bench` scenarios of the NGO rating (E-8) at national scale (20 000 NGOs): the
set-based recomputation of every NGO and year (rows per second), the public NGO page of the
NGO with the longest rating history, the ratings list and the API."""

from django.db.models import Count

from tapsyrys.core.bench_support import Scenario

from ..models import NgoRating
from ..services.rating import recompute_ratings


def _recompute():
    return recompute_ratings(actor_label="bench")


def _ngo_with_longest_history():
    if not NgoRating.objects.exists():
        recompute_ratings(actor_label="bench")
    return (
        NgoRating.objects.values("ngo_id")
        .annotate(n=Count("id"))
        .order_by("-n", "ngo_id")
        .values_list("ngo_id", flat=True)
        .first()
    )


def scenarios():
    ngo_id = _ngo_with_longest_history()
    out = [
        Scenario("NGO rating: recompute every NGO and year", func=_recompute, unit="ratings",
                 runs=3),
        Scenario("NGO ratings: the latest year, first page", url="/evaluation/ratings/"),
        Scenario("NGO ratings API: 100 of the latest year",
                 url="/api/evaluation/ratings/?limit=100"),
    ]  # fmt: skip
    if ngo_id is not None:
        out += [
            Scenario("NGO page with its rating history", url=f"/contracting/ngos/{ngo_id}/"),
            Scenario("NGO rating API with its history",
                     url=f"/api/evaluation/ngos/{ngo_id}/rating/"),
        ]  # fmt: skip
    return out

"""The rating part's objects in the X-ACL world: the ratings of the world's NGOs, computed
as the daily job does (`w.rating`: the world NGO's rating of its contracts' year)."""

import datetime as dt

from tapsyrys.evaluation.models import NgoRating
from tapsyrys.evaluation.services.rating import recompute_ratings


def extend(w, actors):
    recompute_ratings(today=dt.date(2026, 1, 10))
    w.rating = NgoRating.objects.filter(ngo=w.ngo).order_by("-year").first()

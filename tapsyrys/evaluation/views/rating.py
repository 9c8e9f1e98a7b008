"""Public pages of the NGO rating (E-8): the ratings of a year, best first. The NGO's own
rating and its history are a panel of the NGO's public page (templatetags/evaluation_rating)."""

from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _

from tapsyrys.core.pagination import CountCachedPaginator
from tapsyrys.core.public_cache import public_page

from ..rules import rating as rules
from ..selectors import rating as selectors

PAGE_SIZE = 50
YEAR_MIN, YEAR_MAX = 2000, 2100


def parse_year(raw):
    """(year, None) from a query parameter, (None, message) for junk; ("", None) → (None, None)."""
    if raw is None or raw.strip() == "":
        return None, None
    text = raw.strip()
    if not text.isdigit() or not YEAR_MIN <= int(text) <= YEAR_MAX:
        return None, _("The year must be a number from %(min)d to %(max)d.") % {
            "min": YEAR_MIN,
            "max": YEAR_MAX,
        }
    return int(text), None


@public_page("core", "evaluation")
def ratings(request):
    years = selectors.years()
    year, error = parse_year(request.GET.get("year"))
    if year is None and error is None:
        year = years[0] if years else None
    page = None
    if year is not None:
        page = CountCachedPaginator(selectors.ratings_of_year(year), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    return render(
        request,
        "evaluation/rating/list.html",
        {
            "years": years,
            "year": year,
            "error": error,
            "page": page,
            "query": f"year={year}" if year is not None else "",
            "weights": rules.WEIGHTS,
        },
        status=400 if error else 200,
    )


urlpatterns = [
    path("ratings/", ratings, name="ratings"),
]

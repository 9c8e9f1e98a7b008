"""The NGO rating in public (E-8): the panel on the NGO's page (latest rating, history table,
chart data, formula), the ratings list of a year, and the API — anonymous, bad input 400
naming the field, a constant number of queries at one and at several years or rows."""

import datetime as dt
import json
from decimal import Decimal as D

import pytest
from django.urls import reverse

from tapsyrys.contracting.models import ReportStage
from tapsyrys.contracting.tests.factories import contract_make
from tapsyrys.evaluation.models import NgoRating
from tapsyrys.evaluation.services.rating import recompute_ratings

from .factories_rating import evaluation_report, submit_stage

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 1, 10)


@pytest.fixture
def rated(body_user, ngo, ngo_user, other_ngo):
    """The NGO: 2025 with a report on time and a posted Annex 8, 2026 with nothing due; the
    other NGO: 2025 with every report missing."""
    c = contract_make(body_user, ngo)
    submit_stage(c, ngo_user, ReportStage.Kind.FIRST_INTERIM)
    evaluation_report(c, (5, 4, 3, 4))
    contract_make(body_user, ngo, starts=dt.date(2026, 2, 1), ends=dt.date(2026, 11, 30))
    contract_make(body_user, other_ngo)
    recompute_ratings(today=TODAY)
    return ngo


def test_the_ngo_page_shows_the_rating_history_and_formula(client, rated):
    response = client.get(reverse("contracting:ngo", args=[rated.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="ngo-rating"' in html
    assert 'data-testid="rating-chart"' in html
    assert 'data-testid="rating-2025"' in html and 'data-testid="rating-2026"' in html
    assert "How the rating is computed" in html
    assert "evaluation/rating_chart.js" in html and "vendor/chart.umd.min.js" in html
    assert "<script>" not in html  # CSP: no inline script; the data is a json_script
    data = json.loads(html.split('id="rating-data" type="application/json">')[1].split("<")[0])
    assert data["years"] == [2025, 2026]
    row = NgoRating.objects.get(ngo=rated, year=2025)
    assert data["score"] == [float(row.score), None]
    assert data["effectiveness"] == [90.0, None]  # 20 × (5 + 4) / 2
    # the headline is the latest year with a rating (2026 has nothing due yet)
    assert "Rating for 2025:" in html
    shown = html.split('data-testid="rating-score">')[1].split("<")[0]
    assert shown.replace(",", ".") == f"{row.score:.2f}"  # the page's language: kk writes 60,98


def test_an_ngo_without_a_rating(client, other_ngo):
    ngo = other_ngo
    response = client.get(reverse("contracting:ngo", args=[ngo.pk]))
    assert 'data-testid="no-rating"' in response.content.decode()
    assert 'data-testid="rating-formula"' in response.content.decode()


def test_the_ngo_page_query_count_does_not_grow_with_the_history(
    client, rated, body_user, django_assert_max_num_queries
):
    url = reverse("contracting:ngo", args=[rated.pk])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for year in (2021, 2022, 2023, 2024):
        NgoRating.objects.create(ngo=rated, year=year, projects=1, score=D("50"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert 'data-testid="rating-2021"' in response.content.decode()


def test_the_ratings_list(client, rated, other_ngo):
    response = client.get(reverse("evaluation:ratings") + "?year=2025")
    assert response.status_code == 200
    rows = list(response.context["page"])
    assert [r.ngo_id for r in rows] == [rated.pk, other_ngo.pk]  # best first
    assert response.context["years"] == [2026, 2025]
    html = response.content.decode()
    assert html.count('data-testid="rating-row"') == 2
    assert 'data-testid="rating-formula"' in html


def test_the_ratings_list_defaults_to_the_latest_year(client, rated):
    response = client.get(reverse("evaluation:ratings"))
    assert response.context["year"] == 2026
    assert [r.ngo_id for r in response.context["page"]] == [rated.pk]  # unrated, still listed


def test_the_ratings_list_unrated_last(client, rated, other_ngo):
    NgoRating.objects.filter(ngo=rated, year=2025).update(score=None)
    response = client.get(reverse("evaluation:ratings") + "?year=2025")
    assert [r.ngo_id for r in response.context["page"]] == [other_ngo.pk, rated.pk]


def test_the_ratings_list_empty(client, db):
    response = client.get(reverse("evaluation:ratings"))
    assert response.status_code == 200
    assert "No ratings yet." in response.content.decode()


@pytest.mark.parametrize("year", ["x", "1999", "2101", "20 25", "-1", "99999999999999999999"])
def test_the_ratings_list_bad_year(client, rated, year):
    response = client.get(reverse("evaluation:ratings"), {"year": year})
    assert response.status_code == 400
    assert "The year must be a number from 2000 to 2100." in response.content.decode()


def test_the_ratings_list_bad_page_is_the_last(client, rated):
    response = client.get(reverse("evaluation:ratings") + "?year=2025&page=zzz")
    assert response.status_code == 200


def test_the_ratings_list_query_count_is_constant(client, rated, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("evaluation:ratings") + "?year=2025"
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    from tapsyrys.core.models import Organisation

    for ngo in Organisation.objects.filter(kind=Organisation.Kind.NGO).exclude(ratings__year=2025):
        NgoRating.objects.create(ngo=ngo, year=2025, projects=1, score=D("10"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


# --- API ------------------------------------------------------------------------------------


def test_api_ratings(api_for, rated, other_ngo):
    response = api_for().get("/api/evaluation/ratings/?year=2025")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    first = body["results"][0]
    assert first["ngo"] == rated.pk and first["year"] == 2025
    assert first["effectiveness"] == "90.00" and first["timeliness"] == "33.33"  # 1 of 3
    assert set(first) >= {"score", "completeness", "sustainability", "long_term_effect"}
    assert body["results"][1]["ngo"] == other_ngo.pk


def test_api_ratings_default_year_and_paging(api_for, rated):
    body = api_for().get("/api/evaluation/ratings/?limit=1").json()
    assert body["count"] == 1 and body["results"][0]["year"] == 2026


def test_api_ratings_none_yet(api_for, db):
    body = api_for().get("/api/evaluation/ratings/").json()
    assert body["count"] == 0


@pytest.mark.parametrize("year", ["x", "1999", "2101", "2.5"])
def test_api_ratings_bad_year(api_for, rated, year):
    response = api_for().get("/api/evaluation/ratings/", {"year": year})
    assert response.status_code == 400
    assert response.json()["field"] == "year"
    assert response.json()["errors"]["year"] == ["The year must be a number from 2000 to 2100."]


@pytest.mark.parametrize("param", ["limit=x", "offset=-1", "limit=0"])
def test_api_ratings_bad_paging_is_not_a_500(api_for, rated, param):
    assert api_for().get(f"/api/evaluation/ratings/?{param}").status_code in (200, 400)


def test_api_ngo_rating(api_for, rated):
    response = api_for().get(f"/api/evaluation/ngos/{rated.pk}/rating/")
    assert response.status_code == 200
    body = response.json()
    assert body["ngo"] == rated.pk
    assert [h["year"] for h in body["history"]] == [2025, 2026]
    assert body["latest"]["year"] == 2026
    assert body["formula"]["weights"]["effectiveness"] == 30
    assert body["formula"]["scale"] == 100
    assert "timeliness" in body["formula"]["description"]


def test_api_ngo_rating_without_history(api_for, other_ngo):
    body = api_for().get(f"/api/evaluation/ngos/{other_ngo.pk}/rating/").json()
    assert (body["latest"], body["history"]) == (None, [])


def test_api_ngo_rating_not_an_ngo_or_unknown(api_for, body, db):
    assert api_for().get(f"/api/evaluation/ngos/{body.pk}/rating/").status_code == 404
    assert api_for().get("/api/evaluation/ngos/999999999/rating/").status_code == 404
    assert api_for().get(f"/api/evaluation/ngos/{2**70}/rating/").status_code == 404


def test_api_ngo_rating_is_the_same_for_everyone(api_for, rated, other_ngo_user, body_user):
    anonymous = api_for().get(f"/api/evaluation/ngos/{rated.pk}/rating/").json()
    assert api_for(other_ngo_user).get(f"/api/evaluation/ngos/{rated.pk}/rating/").json() == (
        anonymous
    )
    assert api_for(body_user).get(f"/api/evaluation/ngos/{rated.pk}/rating/").json() == anonymous


def test_api_writes_are_refused(api_for, rated, authorized_user):
    response = api_for(authorized_user).post("/api/evaluation/ratings/", {})
    assert response.status_code == 405
    assert NgoRating.objects.count() == 3


def test_api_ngo_rating_query_count_is_constant(api_for, rated, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api_for()
    url = f"/api/evaluation/ngos/{rated.pk}/rating/"
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for year in (2020, 2021, 2022):
        NgoRating.objects.create(ngo=rated, year=year, projects=1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(url).json()["history"]) == 5


def test_the_admin_lists_ratings_read_only(admin_user, client_for, rated):
    c = client_for(admin_user)
    response = c.get("/admin/evaluation/ngorating/?year=2025")
    assert response.status_code == 200
    row = NgoRating.objects.get(ngo=rated, year=2025)
    assert c.get(f"/admin/evaluation/ngorating/{row.pk}/delete/").status_code == 403
    c.post(f"/admin/evaluation/ngorating/{row.pk}/change/", {"score": "99"})
    row.refresh_from_db()
    assert row.score != D("99")

"""The reports API (E-5): closing, posting, the scoped list and one report; bad input is a 400
naming the field, the other organisation 403/404, nothing half-written."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tapsyrys.evaluation.models import EvaluationReport

from .factories_reports import close, evaluation_make, post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def test_the_body_closes_and_posts_through_the_api(body_user, ngo, api_for):
    evaluation = evaluation_make(body_user, ngo)
    r = api_for(body_user).post(f"/api/evaluation/evaluations/{evaluation.pk}/complete/")
    assert r.status_code == 201
    data = r.json()
    assert (data["results"], data["positive_effect"], data["continuation"],
            data["long_term_effect"], data["total"]) == ("4.00", "4.33", "3.67", "4.33", "16.33")  # fmt: skip
    assert data["posting_due_at"] is not None and data["posted_on"] is None
    again = api_for(body_user).post(f"/api/evaluation/evaluations/{evaluation.pk}/complete/")
    assert again.status_code == 409 and again.json()["field"] == "evaluation"
    url = f"/api/evaluation/reports/{data['id']}/posting/"
    today = str(timezone.localdate())
    r = api_for(body_user).post(url, {"posted_on": today, "portal_reference": "GZ-5"})
    assert r.status_code == 200 and r.json()["posted_on"] == today
    assert (
        api_for(body_user).post(url, {"posted_on": today, "portal_reference": "GZ-6"}).status_code
        == 409
    )


def test_closing_refusals_name_the_field(body_user, ngo, api_for):
    evaluation = evaluation_make(body_user, ngo, drafts=[(1, 1, 1, 1)])
    r = api_for(body_user).post(f"/api/evaluation/evaluations/{evaluation.pk}/complete/")
    assert r.status_code == 400 and r.json()["field"] == "sheets"
    assert not EvaluationReport.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"posted_on": "yesterday", "portal_reference": "GZ"}, "posted_on"),
        ({"posted_on": "2025-02-30", "portal_reference": "GZ"}, "posted_on"),
        ({"portal_reference": "GZ"}, "posted_on"),
        ({"posted_on": "2000-01-01", "portal_reference": "GZ"}, "posted_on"),
        ({"posted_on": "TODAY+1", "portal_reference": "GZ"}, "posted_on"),
        ({"posted_on": "TODAY"}, "portal_reference"),
        ({"posted_on": "TODAY", "portal_reference": "   "}, "portal_reference"),
        ({"posted_on": "TODAY", "portal_reference": "x" * 301}, "portal_reference"),
    ],
)
def test_bad_postings_are_400_naming_the_field(body_user, ngo, api_for, payload, field):
    report = close(body_user, evaluation_make(body_user, ngo))
    today = timezone.localdate()
    subst = {"TODAY": str(today), "TODAY+1": str(today + dt.timedelta(days=1))}
    payload = {k: subst.get(v, v) for k, v in payload.items()}
    r = api_for(body_user).post(
        f"/api/evaluation/reports/{report.pk}/posting/", payload, format="json"
    )
    assert r.status_code == 400
    assert field in str(r.json())
    assert not EvaluationReport.objects.get().is_posted


def test_the_other_organisation(body_user, ngo, other_body_user, ngo_user, api_for):
    evaluation = evaluation_make(body_user, ngo)
    for user in (other_body_user, ngo_user):
        r = api_for(user).post(f"/api/evaluation/evaluations/{evaluation.pk}/complete/")
        assert r.status_code == 403
    assert not EvaluationReport.objects.exists()
    report = close(body_user, evaluation)
    url = f"/api/evaluation/reports/{report.pk}/"
    assert api_for(other_body_user).get(url).status_code == 403
    assert APIClient().get(url).status_code in (401, 403)
    assert api_for(body_user).get(url).status_code == 200
    r = api_for(other_body_user).post(
        f"{url}posting/", {"posted_on": str(timezone.localdate()), "portal_reference": "G"}
    )
    assert r.status_code == 403
    post(body_user, report)
    assert APIClient().get(url).json()["total"] == "16.33"  # public once posted


def test_unknown_ids_are_404(body_user, api_for):
    assert (
        api_for(body_user).post("/api/evaluation/evaluations/999999/complete/").status_code == 404
    )
    assert api_for(body_user).get("/api/evaluation/reports/999999/").status_code == 404


def test_the_list_is_scoped(body_user, ngo, other_body_user, api_for):
    unposted = close(body_user, evaluation_make(body_user, ngo))
    posted = post(body_user, close(body_user, evaluation_make(body_user, ngo)))
    ids = lambda r: {row["id"] for row in r.json()["results"]}  # noqa: E731
    assert ids(APIClient().get("/api/evaluation/reports/")) == {posted.pk}
    assert ids(api_for(other_body_user).get("/api/evaluation/reports/")) == {posted.pk}
    assert ids(api_for(body_user).get("/api/evaluation/reports/")) == {posted.pk, unposted.pk}
    bad = APIClient().get("/api/evaluation/reports/?limit=x")
    assert bad.status_code in (200, 400)


@pytest.mark.parametrize("n", [1, 4])
def test_the_list_has_a_constant_query_count(
    body_user, ngo, authorized_user, api_for, n, django_assert_max_num_queries
):
    for _ in range(n):
        post(body_user, close(body_user, evaluation_make(body_user, ngo)))
    client = api_for(authorized_user)
    with django_assert_max_num_queries(12):
        r = client.get("/api/evaluation/reports/")
    assert r.status_code == 200 and r.json()["count"] == n

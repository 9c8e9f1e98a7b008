"""E-7: Annex 5's average assessment, Annex 9's scores column and the national summary come
from the POSTED Annex 8 total (pending before)."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from tapsyrys.monitoring.rules.annexes import YEAR
from tapsyrys.monitoring.selectors import annexes

from .factories_reports import close, evaluation_make, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(body_user, ngo):
    return close(body_user, evaluation_make(body_user, ngo))


def test_annex5_is_pending_until_the_posting(report, body_user):
    contract = report.evaluation.contract
    assert annexes.average_score(contract) is None
    data = APIClient().get(f"/api/monitoring/contracts/{contract.pk}/annex5/").json()
    assert data["score_pending"] is True
    post(body_user, report)
    assert annexes.average_score(contract) == Decimal("16.33")
    data = APIClient().get(f"/api/monitoring/contracts/{contract.pk}/annex5/").json()
    assert data["score_pending"] is False and data["average_score"] == "16.33"


def test_annex9_rows_carry_the_score_of_posted_reports(
    report, body_user, django_assert_max_num_queries
):
    contract = report.evaluation.contract
    rows = annexes.annex9_rows(year=contract.year, period=YEAR)
    assert [r["score"] for r in rows if r["contract_id"] == contract.pk] == [None]
    post(body_user, report)
    with django_assert_max_num_queries(6):
        rows = annexes.annex9_rows(year=contract.year, period=YEAR)
    assert [r["score"] for r in rows if r["contract_id"] == contract.pk] == [Decimal("16.33")]


def test_average_scores_is_one_query(report, body_user, ngo, django_assert_num_queries):
    post(body_user, report)
    other = post(
        body_user, close(body_user, evaluation_make(body_user, ngo, scores=[(1, 2, 3, 4)]))
    )
    ids = [report.evaluation.contract_id, other.evaluation.contract_id, 10**6]
    with django_assert_num_queries(1):
        got = annexes.average_scores(ids)
    assert got == {ids[0]: Decimal("16.33"), ids[1]: Decimal("10.00")}
    assert annexes.average_scores([]) == {}


def test_the_national_summary_averages_the_posted_totals(report, body_user, ngo):
    post(body_user, report)
    post(body_user, close(body_user, evaluation_make(body_user, ngo, scores=[(1, 2, 3, 4)])))
    year = report.evaluation.contract.year
    data = annexes.national_summary(year=year)
    (body_row,) = [r for r in data["by"]["body"] if r["key"] == body_user.organisation_id]
    assert body_row["score"] == Decimal("13.17")  # (16.33 + 10.00) / 2 = 13.165 → half up
    assert data["total"]["score"] is not None

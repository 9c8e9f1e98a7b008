"""Query counts of the annexes' pages and APIs are the same for one and for several rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tapsyrys.core.models import Role
from tapsyrys.core.tests.factories import StateBodyFactory, UserFactory
from tapsyrys.monitoring.services import annexes as services

from .test_annexes_support import areas, contract_in, three_contracts

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 7, 20, 6, 0, tzinfo=dt.UTC)


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def another_body_with_report(ngo, n):
    body = StateBodyFactory()
    user = UserFactory(organisation=body, roles=[Role.STATE_BODY], username=f"b{n}")
    three_contracts(user, ngo)
    report = services.annex9_open(actor=user, body=body, year=2026, period="half")
    services.annex9_save(actor=user, report=report, head_name="Аты", head_position="Басшы")
    if n % 2:
        services.annex9_submit(actor=user, report=report, now=NOW)
    return report


def clients(user):
    page = Client()
    page.force_login(user)
    api = APIClient()
    api.force_authenticate(user)
    return page, api


@pytest.fixture(autouse=True)
def _frozen(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)


@pytest.mark.parametrize(
    "url",
    [
        "/monitoring/annex9/overview/?year=2026&period=half",
        "/api/monitoring/annex9/national/?year=2026&period=half",
        "/monitoring/summary/?year=2026",
        "/api/monitoring/summary/?year=2026",
        "/api/monitoring/annex9/",
    ],
)
def test_authorized_pages_constant(authorized_user, ngo, url, django_assert_max_num_queries):
    page, api = clients(authorized_user)
    client = api if url.startswith("/api/") else page
    another_body_with_report(ngo, 1)
    few = count(client, url)
    for n in range(2, 7):
        another_body_with_report(ngo, n)
    with django_assert_max_num_queries(few):
        client.get(url)


@pytest.mark.parametrize("url", ["/monitoring/annex9/", "/api/monitoring/annex9/"])
def test_body_lists_constant(body_user, ngo, url, django_assert_max_num_queries):
    page, api = clients(body_user)
    client = api if url.startswith("/api/") else page
    three_contracts(body_user, ngo)
    body = body_user.organisation
    services.annex9_open(actor=body_user, body=body, year=2026, period="half")
    few = count(client, url)
    for year in (2023, 2024, 2025):
        services.annex9_open(actor=body_user, body=body, year=year, period="year")
    services.annex9_open(actor=body_user, body=body, year=2026, period="year")
    with django_assert_max_num_queries(few):
        client.get(url)


@pytest.mark.parametrize("api", [False, True])
def test_report_page_constant_in_its_rows(body_user, ngo, api, django_assert_max_num_queries):
    page, api_client = clients(body_user)
    area = areas(1)[0]
    contract_in(body_user, ngo, area, amount="100000", planned="100000", number="Q-0")
    report = services.annex9_open(
        actor=body_user, body=body_user.organisation, year=2026, period="year"
    )
    url = f"/api/monitoring/annex9/{report.pk}/" if api else f"/monitoring/annex9/{report.pk}/"
    client = api_client if api else page
    few = count(client, url)
    for n in range(1, 8):
        contract_in(body_user, ngo, area, amount="100000", planned="100000", number=f"Q-{n}")
    with django_assert_max_num_queries(few):
        client.get(url)

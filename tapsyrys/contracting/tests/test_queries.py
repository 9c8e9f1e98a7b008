"""Query counts of list pages and list APIs are constant for 1 and for many rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tapsyrys.contracting import services
from tapsyrys.contracting.models import ReportStage
from tapsyrys.core.models import Area
from tapsyrys.core.tests.factories import OrganisationFactory

from .conftest import complete_fields

pytestmark = pytest.mark.django_db


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def grow_registry(n):
    areas = list(Area.objects.all()[:3])
    for _ in range(n):
        org = OrganisationFactory()
        org.areas.set(areas)


def submitted(contract, user):
    stage = contract.stages.get(kind=ReportStage.Kind.FIRST_INTERIM)
    report = services.report_start(stage=stage, actor=user)
    services.report_save_draft(report=report, actor=user, fields=complete_fields(contract))
    return services.report_submit(
        report=report, actor=user, now=dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
    )


@pytest.mark.parametrize(
    "url", ["/contracting/ngos/", "/contracting/ngos/?q=умит", "/api/contracting/ngos/"]
)
def test_registry_constant_queries(client, url, django_assert_max_num_queries):
    grow_registry(1)
    few = count(client, url)
    grow_registry(30)
    with django_assert_max_num_queries(few):
        client.get(url)


def test_ngo_page_constant_queries(
    client, body_user, ngo, make_contract, django_assert_max_num_queries
):
    make_contract(body_user, ngo)
    few = count(client, f"/contracting/ngos/{ngo.pk}/")
    for _ in range(15):
        make_contract(body_user, ngo)
    with django_assert_max_num_queries(few):
        client.get(f"/contracting/ngos/{ngo.pk}/")


@pytest.mark.parametrize(
    "url",
    [
        "/contracting/contracts/",
        "/api/contracting/contracts/",
        "/contracting/reports/",
        "/api/contracting/reports/",
    ],
)
def test_body_lists_constant_queries(
    url, body_user, ngo_user, make_contract, client_for, django_assert_max_num_queries
):
    client = client_for(body_user)
    submitted(make_contract(body_user, ngo_user.organisation), ngo_user)
    few = count(client, url)
    for _ in range(12):
        submitted(make_contract(body_user, ngo_user.organisation), ngo_user)
    with django_assert_max_num_queries(few):
        client.get(url)


@pytest.mark.parametrize("url", ["/contracting/contracts/", "/api/contracting/reports/"])
def test_ngo_lists_constant_queries(
    url, body_user, ngo_user, make_contract, client_for, django_assert_max_num_queries
):
    client = client_for(ngo_user)
    submitted(make_contract(body_user, ngo_user.organisation), ngo_user)
    few = count(client, url)
    for _ in range(12):
        submitted(make_contract(body_user, ngo_user.organisation), ngo_user)
    with django_assert_max_num_queries(few):
        client.get(url)


def test_competition_list_constant_queries(
    client, body_user, ngo, make_contract, django_assert_max_num_queries
):
    make_contract(body_user, ngo)
    few = count(client, "/contracting/competitions/")
    for i in range(10):
        services.competition_create(
            actor=body_user, body=body_user.organisation, procurement_number=f"P{i}", year=2025
        )
    with django_assert_max_num_queries(few):
        client.get("/contracting/competitions/")

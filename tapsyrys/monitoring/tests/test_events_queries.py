"""Query counts of the monitoring plan and event pages and APIs are constant for 1 and for
several rows."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tapsyrys.contracting.tests.factories import contract_make
from tapsyrys.monitoring.services import events as services

from .world_events import assign_expert, complete_data

pytestmark = pytest.mark.django_db
SMALL = Decimal("900000")


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def grow(body_user, ngo, n, *, expert=None):
    contracts = []
    for _ in range(n):
        contract = contract_make(body_user, ngo, amount=SMALL)
        if expert is not None:
            assign_expert(contract, expert)
        services.event_plan(contract=contract, actor=body_user, planned_on=dt.date(2025, 3, 1))
        contracts.append(contract)
    return contracts


@pytest.mark.parametrize(
    "url",
    [
        "/monitoring/plans/?year=2025",
        "/monitoring/plans/?year=2025&below=1",
        "/api/monitoring/events/",
        "/api/monitoring/events/?year=2025&status=planned",
    ],
)
@pytest.mark.parametrize("who", ["body_user", "ngo_user", "authorized_user", "assigned_expert"])
def test_lists_constant_queries(
    request, body_user, ngo, client_for, url, who, django_assert_max_num_queries
):
    user = request.getfixturevalue(who)
    expert = user if who == "assigned_expert" else None
    grow(body_user, ngo, 1, expert=expert)
    client = client_for(user)
    few = count(client, url)
    grow(body_user, ngo, 6, expert=expert)
    with django_assert_max_num_queries(few):
        response = client.get(url)
    assert response.status_code == 200


def _event_with_rows(contract, user):
    (event,) = [services.event_plan(contract=contract, actor=user, planned_on=dt.date(2025, 4, 1))]
    services.event_update(event=event, actor=user, data=complete_data(contract))
    return event


@pytest.mark.parametrize("page", ["event", "plan", "results", "event_record", "api_event"])
def test_detail_pages_constant_queries(
    body_user, ngo, client_for, page, django_assert_max_num_queries
):
    few_contract = contract_make(body_user, ngo, amount=SMALL)
    many_contract = contract_make(
        body_user,
        ngo,
        amount=SMALL,
        activities=[f"Іс-шара {i}" for i in range(6)],
        target_groups=[(f"Топ {i}", 10 + i) for i in range(6)],
        indicators=[(f"Көрсеткіш {i}", "ед.", Decimal(5)) for i in range(6)],
    )
    few_event = _event_with_rows(few_contract, body_user)
    many_event = _event_with_rows(many_contract, body_user)
    for _ in range(3):
        services.event_plan(contract=many_contract, actor=body_user, planned_on=dt.date(2025, 5, 1))

    def url(contract, event):
        return {
            "event": reverse("monitoring:event", args=[event.pk]),
            "plan": reverse("monitoring:plan", args=[contract.pk]),
            "results": reverse("monitoring:results", args=[contract.pk]),
            "event_record": reverse("monitoring:event_record", args=[event.pk]),
            "api_event": f"/api/monitoring/events/{event.pk}/",
        }[page]

    client = client_for(body_user)
    few = count(client, url(few_contract, few_event))
    with django_assert_max_num_queries(few):
        response = client.get(url(many_contract, many_event))
    assert response.status_code == 200

"""The desk card, the contract-page panel and the plan list of monitoring plans (M-1)."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from tapsyrys.contracting.tests.factories import contract_make
from tapsyrys.monitoring.services import events as services

pytestmark = pytest.mark.django_db
SMALL = Decimal("900000")


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _this_year_contract(body_user, ngo):
    today = dt.date.today()
    return contract_make(
        body_user,
        ngo,
        amount=SMALL,
        starts=dt.date(today.year, 1, 10),
        ends=dt.date(today.year, 12, 30),
    )


def test_the_desk_flags_contracts_below_the_minimum_and_links_to_exactly_them(
    body_user, other_body_user, ngo, client_for
):
    below = _this_year_contract(body_user, ngo)
    fine = _this_year_contract(body_user, ngo)
    year = dt.date.today().year
    for day in (dt.date(year, 2, 1), dt.date(year, 3, 1)):
        services.event_plan(contract=fine, actor=body_user, planned_on=day)
    html = client_for(body_user).get(reverse("portal:dashboard")).content.decode()
    item = re.search(r'data-testid="monitoring.plans_below_minimum".*?</li>', html, re.S).group(0)
    assert ">1<" in item.replace(" ", "")
    link = f"{reverse('monitoring:plans')}?year={year}&amp;below=1"
    assert link in item
    listing = client_for(body_user).get(f"{reverse('monitoring:plans')}?year={year}&below=1")
    text = listing.content.decode()
    assert f"plan-row-{below.pk}" in text
    assert f"plan-row-{fine.pk}" not in text
    other = client_for(other_body_user).get(reverse("portal:dashboard")).content.decode()
    other_item = re.search(r'data-testid="monitoring.plans_below_minimum".*?</li>', other, re.S)
    assert other_item is None or ">0<" in other_item.group(0).replace(" ", "")


def test_the_contract_page_shows_the_plan_panel_to_the_parties_only(
    body_user, ngo_user, other_ngo_user, ngo, client_for
):
    contract = contract_make(body_user, ngo, amount=SMALL)
    services.event_plan(contract=contract, actor=body_user, planned_on=dt.date(2025, 3, 1))
    url = reverse("contracting:contract", args=[contract.pk])
    for user in (body_user, ngo_user):
        html = client_for(user).get(url).content.decode()
        assert 'data-testid="monitoring-plan-panel"' in html
        assert 'data-testid="panel-year-2025"' in html
        assert "fewer than 2 monitoring events in the year" in html
    outsider = client_for(other_ngo_user).get(url).content.decode()
    assert 'data-testid="monitoring-plan-panel"' not in outsider


def test_the_ngo_sees_the_event_without_record_actions(body_user, ngo_user, ngo, client_for):
    contract = contract_make(body_user, ngo, amount=SMALL)
    event = services.event_plan(contract=contract, actor=body_user, planned_on=dt.date(2025, 3, 1))
    html = client_for(ngo_user).get(reverse("monitoring:event", args=[event.pk])).content.decode()
    assert 'data-testid="record"' not in html
    assert 'data-testid="complete-form"' not in html
    body_html = client_for(body_user).get(reverse("monitoring:event", args=[event.pk]))
    assert 'data-testid="record"' in body_html.content.decode()
    assert (
        client_for(ngo_user).get(reverse("monitoring:event_record", args=[event.pk])).status_code
        == 403
    )

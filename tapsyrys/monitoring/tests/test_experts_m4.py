"""M-4 on the contract: exactly 500 × MCI on the contract's date → the body; one tiyn more →
an expert; the MCI in force on the date (2020 changed on 1 April: 2 651 → 2 778). The API's
`monitoring` object and the contract page's sentence."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from tapsyrys.contracting.tests.factories import contract_make
from tapsyrys.monitoring.selectors.experts import needing_expert, who_monitors

pytestmark = pytest.mark.django_db


def _contract(body_user, ngo, amount, signed_on):
    return contract_make(
        body_user, ngo, amount=Decimal(amount), signed_on=signed_on,
        starts=signed_on, ends=dt.date(signed_on.year, 12, 20),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("amount", "signed_on", "by", "mci", "mci_from", "threshold"),
    [
        ("1966000.00", dt.date(2025, 3, 1), "body", 3932, "2025-01-01", "1966000.00"),
        ("1966000.01", dt.date(2025, 3, 1), "expert", 3932, "2025-01-01", "1966000.00"),
        ("1966001.00", dt.date(2025, 3, 1), "expert", 3932, "2025-01-01", "1966000.00"),
        # 2020: 2 651 until 31 March, 2 778 from 1 April
        ("1350000.00", dt.date(2020, 3, 31), "expert", 2651, "2020-01-01", "1325500.00"),
        ("1350000.00", dt.date(2020, 4, 1), "body", 2778, "2020-04-01", "1389000.00"),
        ("1350000.00", dt.date(2020, 6, 15), "body", 2778, "2020-04-01", "1389000.00"),
        ("1389000.00", dt.date(2020, 6, 15), "body", 2778, "2020-04-01", "1389000.00"),
        ("1389000.01", dt.date(2020, 6, 15), "expert", 2778, "2020-04-01", "1389000.00"),
        # 2022: the social-payments value of 1 April (3 180) is not the threshold's
        ("1531500.00", dt.date(2022, 6, 1), "body", 3063, "2022-01-01", "1531500.00"),
        ("1531500.01", dt.date(2022, 6, 1), "expert", 3063, "2022-01-01", "1531500.00"),
    ],
)
def test_who_monitors_at_the_edges(
    client, body_user, ngo, amount, signed_on, by, mci, mci_from, threshold
):
    contract = _contract(body_user, ngo, amount, signed_on)
    who = who_monitors(contract)
    assert who.as_api()["by"] == by
    data = client.get(f"/api/contracting/contracts/{contract.pk}/").json()["monitoring"]
    assert data["by"] == by
    assert data["mci"] == {"value": mci, "effective_from": mci_from}
    assert data["threshold"] == threshold
    assert set(data["explanation"]) == {"kk", "ru", "en"}
    # the list filter (SQL) agrees with the rule (Python)
    assert needing_expert(type(contract).objects.filter(pk=contract.pk)).exists() == (
        by == "expert"
    )


def test_explanation_in_three_languages_and_on_the_page(client, body_user, ngo):
    contract = _contract(body_user, ngo, "1389000.01", dt.date(2020, 4, 1))
    data = client.get(f"/api/contracting/contracts/{contract.pk}/").json()["monitoring"]
    en = data["explanation"]["en"]
    assert "1 389 000,01" in en.replace("\u202f", " ").replace("\xa0", " ")
    assert "2 778" in en.replace("\u202f", " ").replace("\xa0", " ")
    assert "01.04.2020" in en and "independent expert" in en
    with translation.override("en"):
        page = client.get(f"/contracting/contracts/{contract.pk}/")
    html = page.content.decode()
    assert 'data-testid="who-monitors" data-by="expert"' in html
    assert "01.04.2020" in html


def test_body_project_page_says_the_body_monitors(client, body_user, ngo):
    contract = _contract(body_user, ngo, "1000000", dt.date(2025, 2, 1))
    html = client.get(f"/contracting/contracts/{contract.pk}/").content.decode()
    assert 'data-by="body"' in html
    assert 'data-testid="assign-expert"' not in html


def test_a_date_without_a_known_mci_is_no_500(client, body_user, ngo):
    contract = _contract(body_user, ngo, "5000000", dt.date(2017, 6, 1))
    response = client.get(f"/api/contracting/contracts/{contract.pk}/")
    assert response.status_code == 200 and response.json()["monitoring"] is None
    page = client.get(f"/contracting/contracts/{contract.pk}/")
    assert page.status_code == 200 and 'data-testid="who-monitors"' not in page.content.decode()

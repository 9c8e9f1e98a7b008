"""The desk cards, the navigation and the contract-page panel of the sheets part."""

import pytest
from django.urls import reverse

from tapsyrys.contracting.tests.factories import contract_make
from tapsyrys.evaluation.services import sheets as services

from .factories_sheets import WHEN, council_make, evaluation_make, member_user, sheet_make

pytestmark = pytest.mark.django_db


def test_desk_cards_for_member_body_and_authorized(body_user, body, ngo, client_for,
                                                   authorized_user, other_body_user):  # fmt: skip
    member = member_user()
    council_make(body, [member])
    ev = evaluation_make(contract_make(body_user, ngo))
    evaluation_make(contract_make(body_user, ngo))
    sheet_make(member, ev)
    page = client_for(member).get("/dashboard/").content.decode()
    assert 'data-testid="evaluation.my.to_score"' in page
    for user in (body_user, authorized_user):
        page = client_for(user).get("/dashboard/").content.decode()
        assert 'data-testid="evaluation.pending"' in page
    page = client_for(other_body_user).get("/dashboard/").content.decode()
    assert 'data-testid="evaluation.pending"' not in page


def test_contract_panel(body_user, body, ngo, client_for, ngo_user):
    member, own = member_user(), member_user(organisation=ngo)
    contract = contract_make(body_user, ngo)
    url = reverse("contracting:contract", args=[contract.pk])
    assert b'data-testid="evaluation-panel"' not in client_for(body_user).get(url).content
    services.evaluations_enter(now=WHEN)
    page = client_for(body_user).get(url).content.decode()
    assert 'data-testid="evaluation-panel"' in page and 'data-testid="no-council"' in page
    council_make(body, [member, own])
    services.councils_attach(now=WHEN)
    page = client_for(member).get(url).content.decode()
    assert 'data-testid="panel-materials"' in page
    page = client_for(own).get(url).content.decode()
    assert 'data-testid="panel-excluded"' in page
    assert 'data-testid="panel-materials"' not in page

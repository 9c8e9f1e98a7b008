"""E-6 (§20) through the real gate: the act of services before the Annex 8 posting is refused
(409, naming Annex 8), after it accepted (not dated before the posting); then the contract
can be completed."""

import datetime as dt

import pytest
from django.utils import timezone

from tapsyrys.contracting import services as contracting
from tapsyrys.contracting.models import Contract, ServiceAct
from tapsyrys.core.errors import ApplicationError, TransitionNotAllowed

from .factories_reports import close, evaluation_make, post

pytestmark = pytest.mark.django_db


def _act(user, contract, day, ref="GZ-ACT"):
    return contracting.act_record(
        actor=user, contract=contract, signed_on=day, portal_reference=ref
    )


def test_the_act_before_the_posting_is_refused_after_it_accepted(body_user, ngo):
    today = timezone.localdate()
    report = close(
        body_user, evaluation_make(body_user, ngo), now=timezone.now() - dt.timedelta(days=4)
    )
    contract = report.evaluation.contract
    with pytest.raises(TransitionNotAllowed) as refused:
        _act(body_user, contract, today)
    assert refused.value.status_code == 409 and "Annex 8" in str(refused.value.message)
    assert not ServiceAct.objects.exists()
    posted_on = today - dt.timedelta(days=1)
    post(body_user, report, posted_on=posted_on)
    with pytest.raises(ApplicationError) as refused:
        _act(body_user, contract, posted_on - dt.timedelta(days=1))
    assert refused.value.field == "signed_on"
    act = _act(body_user, contract, posted_on)
    assert act.signed_on == posted_on
    done = contracting.contract_transition(
        contract=contract, actor=body_user, target=Contract.Status.COMPLETED
    )
    assert done.status == Contract.Status.COMPLETED


def test_the_api_refuses_with_409_naming_annex_8(body_user, ngo, api_for):
    report = close(body_user, evaluation_make(body_user, ngo))
    url = f"/api/contracting/contracts/{report.evaluation.contract_id}/act/"
    today = str(timezone.localdate())
    r = api_for(body_user).post(url, {"signed_on": today, "portal_reference": "GZ"})
    assert r.status_code == 409 and "Annex 8" in r.json()["detail"]
    post(body_user, report)
    r = api_for(body_user).post(url, {"signed_on": today, "portal_reference": "GZ"})
    assert r.status_code == 201


def test_a_project_never_evaluated_has_no_act(body_user, ngo, make_contract_for_reports):
    contract = make_contract_for_reports
    with pytest.raises(TransitionNotAllowed) as refused:
        _act(body_user, contract, timezone.localdate())
    assert "Annex 8" in str(refused.value.message)


@pytest.fixture
def make_contract_for_reports(body_user, ngo):
    from tapsyrys.contracting.tests.factories import contract_make

    return contract_make(body_user, ngo)

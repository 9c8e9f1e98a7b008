"""E-6, §20: the act of services rendered — gated by the registered gates (evaluation's Annex 8
posting; here a stand-in gate), dated not before what the gate names, once per contract; a
contract is completed only after its act."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from tapsyrys.contracting import gates, rules, services
from tapsyrys.contracting.models import Contract, ServiceAct
from tapsyrys.core.errors import ApplicationError, NotPermitted, TransitionNotAllowed
from tapsyrys.core.models import AuditEvent

from .factories import act_make

pytestmark = pytest.mark.django_db
S = Contract.Status
TODAY = dt.date(2026, 6, 15)  # a Monday; the clock is held at its noon in Asia/Almaty
POSTED = TODAY - dt.timedelta(days=5)


@pytest.fixture(autouse=True)
def _noon_of_today():
    """ "Today" is one day for the whole test, whenever it runs (a run across midnight in
    Asia/Almaty moved "tomorrow" into "today")."""
    with time_machine.travel(
        dt.datetime.combine(TODAY, dt.time(12), tzinfo=timezone.get_default_timezone()),
        tick=False,
    ):
        yield


@pytest.fixture
def contract(body_user, ngo, make_contract):
    return make_contract(body_user, ngo)


@pytest.fixture
def gate():
    """A stand-in gate: refuses while `state["posted"]` is None, else names it as not_before."""
    state = {"posted": None}
    with gates.without_gates():

        @gates.act_gate("test")
        def _gate(contract):
            if state["posted"] is None:
                return gates.Gate("The Annex 8 report is not posted yet.")
            return gates.Gate(None, state["posted"])

        yield state


def _record(contract, actor, signed_on=TODAY, ref="GZ-77"):
    return services.act_record(
        actor=actor, contract=contract, signed_on=signed_on, portal_reference=ref
    )


def test_the_act_before_the_posting_is_refused_then_accepted(contract, body_user, gate):
    with pytest.raises(TransitionNotAllowed) as refused:
        _record(contract, body_user)
    assert refused.value.status_code == 409 and refused.value.field == "act"
    assert "Annex 8" in str(refused.value.message)
    assert not ServiceAct.objects.exists()
    gate["posted"] = POSTED
    act = _record(contract, body_user, signed_on=POSTED)
    assert (act.signed_on, act.portal_reference, act.recorded_by) == (POSTED, "GZ-77", body_user)
    event = AuditEvent.objects.get(action="contracting.act.recorded")
    assert event.data["signed_on"] == POSTED.isoformat()


def test_the_act_is_not_dated_before_the_posting_nor_in_the_future(contract, body_user, gate):
    gate["posted"] = POSTED
    for day in (POSTED - dt.timedelta(days=1), TODAY + dt.timedelta(days=1)):
        with pytest.raises(ApplicationError) as refused:
            _record(contract, body_user, signed_on=day)
        assert refused.value.field == "signed_on"
    assert not ServiceAct.objects.exists()


def test_one_act_per_contract(contract, body_user, gate):
    gate["posted"] = POSTED
    _record(contract, body_user)
    with pytest.raises(TransitionNotAllowed) as refused:
        _record(contract, body_user, ref="GZ-78")
    assert refused.value.field == "act"
    assert ServiceAct.objects.get().portal_reference == "GZ-77"


@pytest.mark.parametrize("ref", ["", "   ", "x" * 301])
def test_the_reference_is_required_and_bounded(contract, body_user, gate, ref):
    gate["posted"] = POSTED
    with pytest.raises(ApplicationError) as refused:
        _record(contract, body_user, ref=ref)
    assert refused.value.field == "portal_reference"


def test_only_the_contract_body_records_the_act(contract, other_body_user, ngo_user, gate):
    gate["posted"] = POSTED
    for user in (other_body_user, ngo_user):
        with pytest.raises(NotPermitted):
            _record(contract, user)
    assert not ServiceAct.objects.exists()


def test_no_act_on_a_terminated_contract(contract, body_user, gate):
    gate["posted"] = POSTED
    services.contract_transition(contract=contract, actor=body_user, target=S.TERMINATED)
    with pytest.raises(TransitionNotAllowed):
        _record(contract, body_user)


def test_a_contract_is_completed_only_after_its_act(contract, body_user):
    with pytest.raises(TransitionNotAllowed) as refused:
        services.contract_transition(contract=contract, actor=body_user, target=S.COMPLETED)
    assert refused.value.field == "act"
    assert Contract.objects.get(pk=contract.pk).status == S.ACTIVE
    act_make(body_user, contract)
    done = services.contract_transition(contract=contract, actor=body_user, target=S.COMPLETED)
    assert done.status == S.COMPLETED


def test_the_api(contract, body_user, other_body_user, api_for, gate, client):
    url = f"/api/contracting/contracts/{contract.pk}/act/"
    assert client.get(url).status_code == 404
    r = api_for(body_user).post(url, {"signed_on": TODAY.isoformat(), "portal_reference": "GZ"})
    assert r.status_code == 409 and r.json()["field"] == "act" and "Annex 8" in r.json()["detail"]
    gate["posted"] = POSTED
    assert (
        api_for(other_body_user)
        .post(url, {"signed_on": str(TODAY), "portal_reference": "G"})
        .status_code
        == 403
    )
    for bad in ({"signed_on": "x", "portal_reference": "G"}, {"signed_on": str(TODAY)}):
        r = api_for(body_user).post(url, bad, format="json")
        assert r.status_code == 400
    r = api_for(body_user).post(
        url, {"signed_on": str(POSTED - dt.timedelta(days=1)), "portal_reference": "G"}
    )
    assert r.status_code == 400 and r.json()["field"] == "signed_on"
    assert not ServiceAct.objects.exists()
    r = api_for(body_user).post(url, {"signed_on": str(TODAY), "portal_reference": "GZ-9"})
    assert r.status_code == 201 and r.json()["portal_reference"] == "GZ-9"
    assert client.get(url).json()["signed_on"] == str(TODAY)
    assert (
        api_for(body_user)
        .post(f"/api/contracting/contracts/{contract.pk}/transition/", {"status": "completed"})
        .status_code
        == 200
    )


def test_the_contract_page_form(contract, body_user, client_for, gate, client):
    page = client_for(body_user).get(f"/contracting/contracts/{contract.pk}/")
    assert b'data-testid="act-submit"' in page.content and b'data-testid="act-gate"' in page.content
    assert b"act-submit" not in client.get(f"/contracting/contracts/{contract.pk}/").content
    gate["posted"] = POSTED
    r = client_for(body_user).post(
        f"/contracting/contracts/{contract.pk}/act/",
        {"signed_on": str(TODAY), "portal_reference": "GZ-5"},
    )
    assert r.status_code == 302
    page = client.get(f"/contracting/contracts/{contract.pk}/")
    assert b'data-testid="service-act"' in page.content and b"GZ-5" in page.content


@pytest.mark.parametrize(
    ("signed_on", "not_before", "ok"),
    [
        (POSTED, POSTED, True),
        (POSTED - dt.timedelta(days=1), POSTED, False),
        (TODAY, POSTED, True),
        (TODAY + dt.timedelta(days=1), POSTED, False),
        (TODAY, None, True),
        (None, POSTED, False),
        (dt.date(1999, 12, 31), None, False),
    ],
)
def test_act_date_problem(signed_on, not_before, ok):
    got = rules.act_date_problem(signed_on, not_before=not_before, today=TODAY)
    assert (got is None) is ok


def test_act_date_messages():
    assert POSTED.strftime("%d.%m.%Y") in str(
        rules.act_date_problem(POSTED - dt.timedelta(days=1), not_before=POSTED, today=TODAY)
    )
    assert "future" in str(
        rules.act_date_problem(TODAY + dt.timedelta(days=1), not_before=None, today=TODAY)
    )


def test_requirements_table():
    assert rules.TRANSITION_REQUIRES == {S.COMPLETED: "service_act"}
    rules.ensure_requirements(S.COMPLETED, has_act=True)
    for target in (S.ACTIVE, S.SUSPENDED, S.TERMINATED, S.CLOSED):
        rules.ensure_requirements(target, has_act=False)
    with pytest.raises(TransitionNotAllowed) as refused:
        rules.ensure_requirements(S.COMPLETED, has_act=False)
    assert refused.value.field == "act" and "act of services" in str(refused.value.message)


def test_gates_combine_the_first_refusal_and_the_latest_date():
    with gates.without_gates():
        gates.act_gate("b")(lambda c: gates.Gate("B", dt.date(2025, 1, 2)))
        gates.act_gate("a")(lambda c: gates.Gate(None, dt.date(2025, 1, 5)))
        gates.act_gate("c")(lambda c: gates.Gate("C", None))
        assert gates.check_act(None) == gates.Gate("B", dt.date(2025, 1, 5))
    assert "test" not in gates.registered()

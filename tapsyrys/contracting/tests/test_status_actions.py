"""The contract status → allowed-actions table (X-ACL, issue 12 item 5) at the services.

The expectations are written out in test_rules.py, every status × every action, never derived
from the table; here every forbidden pair is refused by its service with TransitionNotAllowed
naming it."""

import pytest
from django.urls import reverse

from tapsyrys.contracting import services
from tapsyrys.contracting.models import Contract, ReportStage, StageReport
from tapsyrys.core.errors import TransitionNotAllowed

from .factories import complete_fields
from .test_rules import FORBIDDEN_ACTIONS

S = Contract.Status
# The written-out status × action matrix and its pure tests live next to the rules (test_rules).
FORBIDDEN = FORBIDDEN_ACTIONS
TARGETS = {
    "activate": S.ACTIVE,
    "suspend": S.SUSPENDED,
    "complete": S.COMPLETED,
    "terminate": S.TERMINATED,
    "close": S.CLOSED,
}


@pytest.fixture
def contract_with_reports(body_user, ngo_user, ngo, make_contract):
    """An active contract with a submitted first report; the test then sets the status."""
    contract = make_contract(body_user, ngo)
    stages = {s.kind: s for s in contract.stages.all()}
    report = services.report_start(stage=stages[ReportStage.Kind.FIRST_INTERIM], actor=ngo_user)
    services.report_save_draft(report=report, actor=ngo_user, fields=complete_fields(contract))
    submitted = services.report_submit(report=report, actor=ngo_user)
    return contract, stages[ReportStage.Kind.SECOND_INTERIM], submitted


def _do(action, *, contract, stage, submitted, body_user, ngo_user):
    contract = Contract.objects.select_related("supplier", "body").get(pk=contract.pk)
    stage = ReportStage.objects.select_related("contract").get(pk=stage.pk)
    submitted = StageReport.objects.select_related("contract", "stage").get(pk=submitted.pk)
    if action in TARGETS:
        return services.contract_transition(
            contract=contract, actor=body_user, target=TARGETS[action]
        )
    calls = {
        "edit_passport": lambda: services.passport_save(
            contract=contract, actor=ngo_user, fields={"goals_tasks": "Цели"}
        ),
        "submit_reports": lambda: services.report_start(stage=stage, actor=ngo_user),
        "correct_reports": lambda: services.report_correct(report=submitted, actor=ngo_user),
    }
    return calls[action]()


@pytest.mark.parametrize(("status", "action"), FORBIDDEN)
def test_each_forbidden_pair_is_refused_by_the_service(
    status, action, contract_with_reports, body_user, ngo_user
):
    contract, stage, submitted = contract_with_reports
    Contract.objects.filter(pk=contract.pk).update(status=status)
    with pytest.raises(TransitionNotAllowed) as refused:
        _do(
            action,
            contract=contract,
            stage=stage,
            submitted=submitted,
            body_user=body_user,
            ngo_user=ngo_user,
        )
    assert refused.value.extra["action"] == action
    assert refused.value.extra["status"] == status
    assert StageReport.objects.filter(contract=contract).count() == 1


def test_a_suspended_contract_still_takes_reports_and_passport(
    contract_with_reports, body_user, ngo_user
):
    contract, stage, _submitted = contract_with_reports
    services.contract_transition(contract=contract, actor=body_user, target=S.SUSPENDED)
    contract.refresh_from_db()
    assert services.passport_save(contract=contract, actor=ngo_user, fields={"work_done": "W"})
    stage.refresh_from_db()
    assert services.report_start(stage=stage, actor=ngo_user).status == StageReport.Status.DRAFT


def test_the_contract_page_offers_only_the_actions_of_its_status(
    contract_with_reports, body_user, client_for
):
    contract, _stage, _submitted = contract_with_reports
    Contract.objects.filter(pk=contract.pk).update(status=S.TERMINATED)
    page = client_for(body_user).get(reverse("contracting:contract", args=[contract.pk]))
    assert page.status_code == 200
    assert page.context["actions"] == {
        "activate": False, "suspend": False, "complete": False, "terminate": False,
        "close": True, "edit_passport": False, "submit_reports": False,
        "correct_reports": False,
    }  # fmt: skip

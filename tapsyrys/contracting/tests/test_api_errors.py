"""The errors the contracting API promises (core/errors.py): the status code, the `field` at
fault and a stable part of the message, for each refusal that comes from the rules (issue 11)."""

import datetime as dt

import pytest

from tapsyrys.contracting import services
from tapsyrys.contracting.models import Contract, ReportStage
from tapsyrys.core.errors import ApplicationError

from .factories import complete_fields

pytestmark = pytest.mark.django_db
S = Contract.Status


@pytest.fixture
def contract(body_user, ngo_user, make_contract):
    return make_contract(body_user, ngo_user.organisation)


@pytest.mark.parametrize(
    ("current", "target", "code", "detail"),
    [
        (S.ACTIVE, "closed", 409, "A contract cannot go from “active” to “closed”."),
        (S.CLOSED, "active", 409, "A contract cannot go from “closed” to “active”."),
        (S.TERMINATED, "active", 409, "A contract cannot go from “terminated” to “active”."),
        (S.COMPLETED, "active", 409, "A contract cannot go from “completed” to “active”."),
    ],
)
def test_c3_transition_api_refusal_names_the_status_field(
    contract, body_user, api_for, current, target, code, detail
):
    Contract.objects.filter(pk=contract.pk).update(status=current)
    r = api_for(body_user).post(
        f"/api/contracting/contracts/{contract.pk}/transition/", {"status": target}, format="json"
    )
    assert r.status_code == code
    body = r.json()
    assert (body["field"], body["code"], body["detail"]) == (
        "status",
        "TransitionNotAllowed",
        detail,
    )
    assert body["errors"] == {"status": [detail]}
    assert (body["action"], body["status"]) == ({"active": "activate", "closed": "close"}[target],
                                                str(current))  # fmt: skip


def test_c3_transition_api_an_allowed_move_goes_through(contract, body_user, api_for):
    r = api_for(body_user).post(
        f"/api/contracting/contracts/{contract.pk}/transition/",
        {"status": "suspended"},
        format="json",
    )
    assert r.status_code == 200 and r.json()["status"] == "suspended"


@pytest.fixture
def final_draft(contract, ngo_user):
    stage = contract.stages.get(kind=ReportStage.Kind.FINAL)
    return services.report_start(stage=stage, actor=ngo_user)


@pytest.mark.parametrize(
    ("blank", "field", "label"),
    [
        ({"team_composition": ""}, "team_composition", "team composition"),
        ({"about_project": " "}, "about_project", "about the project"),
        ({"main_work": ""}, "main_work", "description of the main work"),
        ({"satisfaction_results": ""}, "satisfaction_results", "satisfaction survey results"),
        ({"financial_report": ""}, "financial_report", "financial report"),
        (None, "indicator_actuals", "indicator actuals"),  # the actual left blank
        ({"coverage_reached": {}}, "coverage_reached", "coverage reached"),
    ],
)
def test_c4_submit_api_refuses_each_missing_section_of_the_final_report(
    contract, final_draft, ngo_user, api_for, blank, field, label
):
    fields = complete_fields(contract, final=True)
    if blank is None:
        fields["indicator_actuals"] = dict.fromkeys(fields["indicator_actuals"], "")
    else:
        fields.update(blank)
    services.report_save_draft(report=final_draft, actor=ngo_user, fields=fields)
    r = api_for(ngo_user).post(f"/api/contracting/reports/{final_draft.pk}/submit/")
    assert r.status_code == 400
    body = r.json()
    assert (body["field"], body["missing"]) == (field, [field])
    assert body["detail"] == f"The report is incomplete. Fill in: {label}."


def test_c4_submit_api_accepts_the_complete_final_report(contract, final_draft, ngo_user, api_for):
    services.report_save_draft(
        report=final_draft, actor=ngo_user, fields=complete_fields(contract, final=True)
    )
    r = api_for(ngo_user).post(f"/api/contracting/reports/{final_draft.pk}/submit/")
    assert r.status_code == 200 and r.json()["status"] == "submitted"


@pytest.mark.parametrize(
    ("schedule", "message"),
    [
        ([(1, "first_interim", dt.date(2025, 1, 9)), (2, "second_interim", dt.date(2025, 6, 1)),
          (3, "final", dt.date(2025, 12, 20))],
         "A report cannot be due before the implementation starts."),
        ([(1, "first_interim", dt.date(2025, 7, 1)), (2, "second_interim", dt.date(2025, 6, 1)),
          (3, "final", dt.date(2025, 12, 20))],
         "Due dates must follow the order of the reports."),
    ],
)  # fmt: skip
def test_c4_a_bad_schedule_is_refused_naming_the_schedule(
    body_user, ngo, make_contract, schedule, message
):
    with pytest.raises(ApplicationError) as refused:
        make_contract(body_user, ngo, schedule=schedule)
    assert (refused.value.field, str(refused.value.message)) == ("schedule", message)


def test_c4_a_schedule_due_on_the_start_day_is_accepted(body_user, ngo, make_contract):
    starts = dt.date(2025, 1, 10)
    schedule = [(1, "first_interim", starts), (2, "second_interim", starts),
                (3, "final", dt.date(2025, 12, 20))]  # fmt: skip
    contract = make_contract(body_user, ngo, schedule=schedule)
    assert list(contract.stages.values_list("due_date", flat=True)) == [
        starts, starts, dt.date(2025, 12, 20)
    ]  # fmt: skip

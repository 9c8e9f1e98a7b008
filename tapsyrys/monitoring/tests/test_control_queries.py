"""Query counts of control's list pages and APIs are the same for 1 and for several rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tapsyrys.calendar.rules import ALMATY
from tapsyrys.contracting import services as cs
from tapsyrys.contracting.models import ReportStage
from tapsyrys.contracting.tests.factories import complete_fields, contract_make, lot_make
from tapsyrys.monitoring.services import control as services

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2025, 6, 1, 10, tzinfo=ALMATY)


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def add_project(body_user, ngo_user, n):
    contract = contract_make(body_user, ngo_user.organisation, lot=lot_make(body_user))
    stage = contract.stages.get(kind=ReportStage.Kind.FIRST_INTERIM)
    report = cs.report_start(stage=stage, actor=ngo_user)
    cs.report_save_draft(report=report, actor=ngo_user, fields=complete_fields(contract))
    report = cs.report_submit(report=report, actor=ngo_user, now=NOW)
    if n % 2 == 0:  # half of them returned: special control
        services.report_review(report=report, actor=body_user, decision="returned", remarks="R")
        case = contract.special_control_cases.get()
        services.decision_record(
            case=case, actor=body_user, kind="refund", refund_amount="100", now=NOW
        )
    services.request_create(
        contract=contract,
        actor=body_user,
        subject=f"Запрос {n}",
        text="Текст",
        due_date=dt.date(2025, 6, 10),
        now=NOW,
    )


PAGES = [
    ("body_user", lambda: reverse("monitoring:requests")),
    ("body_user", lambda: reverse("monitoring:requests") + "?overdue=1"),
    ("ngo_user", lambda: reverse("monitoring:requests") + "?status=open"),
    ("body_user", lambda: reverse("monitoring:special_control")),
    ("ngo_user", lambda: reverse("monitoring:special_control")),
    ("authorized_user", lambda: reverse("monitoring:special_control_national") + "?state=open"),
    ("body_user", lambda: reverse("monitoring:reviews")),
    ("ngo_user", lambda: reverse("monitoring:reviews")),
    ("body_user", lambda: "/api/monitoring/requests/"),
    ("ngo_user", lambda: "/api/monitoring/special-control/"),
    ("authorized_user", lambda: "/api/monitoring/special-control/"),
]


@pytest.mark.parametrize(("who", "path"), PAGES)
def test_constant_queries(who, path, request, body_user, ngo_user, client_for):
    user = request.getfixturevalue(who)
    client = client_for(user)
    add_project(body_user, ngo_user, 0)
    add_project(body_user, ngo_user, 1)
    one = count(client, path())
    for n in range(2, 6):
        add_project(body_user, ngo_user, n)
    assert count(client, path()) == one


def test_contract_page_panel_and_control_form_are_constant(body_user, ngo_user, client_for):
    add_project(body_user, ngo_user, 0)
    contract = body_user.organisation.body_contracts.get()
    client = client_for(body_user)
    form = reverse("monitoring:control_form", args=[contract.pk])
    api = f"/api/monitoring/contracts/{contract.pk}/control/"
    before = count(client, form), count(client, api)
    for stage in contract.stages.exclude(kind=ReportStage.Kind.FIRST_INTERIM):
        report = cs.report_start(stage=stage, actor=ngo_user)
        cs.report_save_draft(
            report=report, actor=ngo_user, fields=complete_fields(contract, final=stage.is_final)
        )
        cs.report_submit(report=report, actor=ngo_user, now=NOW)
    assert (count(client, form), count(client, api)) == before

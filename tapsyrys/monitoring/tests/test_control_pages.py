"""The pages of control: the body returns a report on its page, the project shows in special
control, the NGO sees the notice and corrects; desk cards link to exactly their items."""

import datetime as dt

import pytest
from django.test import RequestFactory
from django.urls import reverse

from tapsyrys.calendar.rules import ALMATY
from tapsyrys.contracting import services as cs
from tapsyrys.contracting.models import ReportStage, StageReport
from tapsyrys.contracting.tests.factories import complete_fields, contract_make
from tapsyrys.core.outbox import Outbox
from tapsyrys.monitoring.desk import control as desk
from tapsyrys.monitoring.models import SpecialControlCase
from tapsyrys.monitoring.services import control as services

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2025, 6, 1, 10, tzinfo=ALMATY)


@pytest.fixture
def submitted(body_user, ngo_user):
    contract = contract_make(body_user, ngo_user.organisation)
    stage = contract.stages.get(kind=ReportStage.Kind.FIRST_INTERIM)
    report = cs.report_start(stage=stage, actor=ngo_user)
    cs.report_save_draft(report=report, actor=ngo_user, fields=complete_fields(contract))
    return cs.report_submit(report=report, actor=ngo_user, now=NOW)


def test_return_on_the_page_then_the_ngo_corrects(submitted, body_user, ngo_user, client_for):
    body, ngo = client_for(body_user), client_for(ngo_user)
    report_page = ngo.get(reverse("contracting:report", args=[submitted.pk])).content.decode()
    assert 'data-testid="report-review-link"' in report_page
    review_url = reverse("monitoring:report_review", args=[submitted.pk])
    assert 'data-testid="review-form"' not in ngo.get(review_url).content.decode()
    response = body.post(
        review_url,
        {"decision": "returned", "remarks": "Нет фотоотчёта", "incomplete_sections": ["main_work"]},
    )
    assert response.status_code == 302
    case = SpecialControlCase.objects.get(contract=submitted.contract)
    assert case.reason == "incomplete"
    group = body.get(reverse("monitoring:special_control")).content.decode()
    assert f"№ {submitted.contract.number}" in group
    # the NGO has the notice, the remarks, the desk card, and corrects (a new version)
    note = Outbox.objects.get(
        recipient=ngo_user, kind="monitoring.report.reviewed", channel="in_app"
    )
    assert "Нет фотоотчёта" in note.body
    assert "Нет фотоотчёта" in ngo.get(review_url).content.decode()
    card = _values(ngo_user)
    assert card["monitoring.control.returned"] == (1, reverse("monitoring:reviews"))
    assert f"{submitted.pk}/" in ngo.get(reverse("monitoring:reviews")).content.decode()
    response = ngo.post(reverse("contracting:report_correct", args=[submitted.pk]))
    v2 = StageReport.objects.get(stage=submitted.stage, version=2)
    assert response["Location"] == reverse("contracting:report", args=[v2.pk])
    response = ngo.post(
        reverse("contracting:report", args=[v2.pk]),
        {**_form(complete_fields(submitted.contract), submitted.contract), "action": "submit"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    # submitting asks once more (issue 13)
    response = ngo.post(
        reverse("contracting:report", args=[v2.pk]), {"action": "submit", "confirmed": "yes"}
    )
    assert response.status_code == 302
    v2.refresh_from_db()
    assert v2.status == "submitted"
    assert _values(ngo_user)["monitoring.control.returned"][0] == 0
    # the body reviews the new version
    assert _values(body_user)["monitoring.control.to_review"][0] == 1
    new_review = reverse("monitoring:report_review", args=[v2.pk])
    assert 'data-testid="review-form"' in body.get(new_review).content.decode()
    assert body.post(new_review, {"decision": "accepted"}).status_code == 302
    assert _values(body_user)["monitoring.control.to_review"][0] == 0


def _form(fields, contract):
    data = {k: v for k, v in fields.items() if isinstance(v, str)}
    for key, value in fields["indicator_actuals"].items():
        data[f"ind_{key}"] = value
    for key, value in fields["coverage_reached"].items():
        data[f"tg_{key}"] = value
    return data


def _values(user, now=NOW):
    request = RequestFactory().get("/")
    request.user = user
    return {
        item["key"]: (item["value"], item["url"])
        for card in desk.cards(request, now=now)
        for item in card["items"]
    }


def test_desk_cards_link_to_exactly_their_items(submitted, body_user, ngo_user, authorized_user):
    contract = submitted.contract
    services.request_create(
        contract=contract,
        actor=body_user,
        subject="Фото",
        text="Фотоотчёт",
        due_date=dt.date(2025, 6, 5),
        now=NOW,
    )
    services.report_review(report=submitted, actor=body_user, decision="returned", remarks="R")
    later = dt.datetime(2025, 6, 6, 10, tzinfo=ALMATY)
    body = _values(body_user, later)
    assert body["monitoring.control.open_cases"] == (
        1,
        reverse("monitoring:special_control") + "?state=open",
    )
    assert body["monitoring.control.overdue_requests"] == (
        1,
        reverse("monitoring:requests") + "?overdue=1",
    )
    assert body["monitoring.control.to_review"][0] == 0
    ngo = _values(ngo_user, later)
    assert ngo["monitoring.control.to_answer"] == (
        1,
        reverse("monitoring:requests") + "?status=open",
    )
    national = _values(authorized_user, later)
    assert national["monitoring.control.national_open"][0] == 1


def test_desk_is_empty_for_others(expert, council_member):
    assert _values(expert) == {} and _values(council_member) == {}


def test_contract_page_shows_the_control_panel(submitted, body_user, other_body_user, client_for):
    url = reverse("contracting:contract", args=[submitted.contract_id])
    page = client_for(body_user).get(url).content.decode()
    assert 'data-testid="control-panel"' in page
    assert 'data-testid="panel-request-new"' in page
    other = client_for(other_body_user).get(url).content.decode()
    assert 'data-testid="control-panel"' not in other


def test_control_form_shows_the_formula_and_ratings(submitted, body_user, client_for):
    services.report_review(report=submitted, actor=body_user, decision="accepted")
    page = client_for(body_user).get(
        reverse("monitoring:control_form", args=[submitted.contract_id])
    )
    html = page.content.decode()
    assert 'data-testid="rating-formula"' in html
    api = client_for(body_user).get(f"/api/monitoring/contracts/{submitted.contract_id}/control/")
    first = api.json()["stages"][0]
    assert first["state"] == "late" and first["review"] == "accepted"  # due 05.05.2025
    assert first["rating"] == "4.00"  # 1 + 2 + 1
    assert set(first["sections"].values()) == {1}


def test_request_pages_new_and_answer(submitted, body_user, ngo_user, client_for):
    contract = submitted.contract
    due = (dt.date.today() + dt.timedelta(days=5)).strftime("%d.%m.%Y")
    response = client_for(body_user).post(
        reverse("monitoring:request_new", args=[contract.pk]),
        {"subject": "Списки", "text": "Представьте списки", "due_date": due},
    )
    assert response.status_code == 302
    req = contract.information_requests.get()
    page = client_for(ngo_user).get(reverse("monitoring:request", args=[req.pk]))
    assert 'data-testid="answer-form"' in page.content.decode()
    response = client_for(ngo_user).post(
        reverse("monitoring:request", args=[req.pk]), {"answer": "Списки приложены"}
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == "answered"


def test_request_with_a_past_due_date_is_refused_at_the_field(submitted, body_user, client_for):
    response = client_for(body_user).post(
        reverse("monitoring:request_new", args=[submitted.contract_id]),
        {"subject": "Списки", "text": "Текст", "due_date": "01.01.2001"},
    )
    assert response.status_code == 200
    assert 'data-field="due_date"' in response.content.decode()
    assert not submitted.contract.information_requests.exists()

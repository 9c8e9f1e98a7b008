"""E-4, Annex 7: the member's sheet — scores 1–5 refused otherwise by the form, the API and
the database; one sheet per member; only on a project in evaluation; a signed sheet never
changes (409); who sees it; the downloads."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from tapsyrys.contracting.tests.factories import contract_make
from tapsyrys.core.audit import AuditEvent
from tapsyrys.core.errors import ApplicationError, NotPermitted
from tapsyrys.evaluation.models import AssessmentSheet, Evaluation
from tapsyrys.evaluation.services import sheets as services

from .factories_sheets import (
    SCORES,
    WHEN,
    council_make,
    evaluation_make,
    member_of,
    member_user,
    sheet_make,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(body_user, body, ngo):
    alice, bob = member_user(username="alice"), member_user(username="bob")
    council = council_make(body, [alice, bob])
    contract = contract_make(body_user, ngo)
    evaluation = evaluation_make(contract)
    return {"alice": alice, "bob": bob, "council": council, "evaluation": evaluation}


def _post(client, evaluation, **scores):
    data = {
        "results": "", "positive_effect": "", "continuation": "", "long_term_effect": "",
        "recommendations": "",
    }  # fmt: skip
    data.update({k: str(v) for k, v in scores.items()})
    return client.post(reverse("evaluation:sheet_form", args=[evaluation.pk]), data)


def test_member_fills_saves_and_signs_through_the_pages(world, client_for):
    client = client_for(world["alice"])
    ev = world["evaluation"]
    assert client.get(reverse("evaluation:materials", args=[ev.pk])).status_code == 200
    response = _post(client, ev, **SCORES, results_comment="Всё по графику")
    sheet = AssessmentSheet.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "evaluation:sheet", args=[sheet.pk]
    )
    assert (sheet.results, sheet.total, sheet.signed_at) == (5, 16, None)
    page = client.get(response.url)
    assert b'data-testid="sheet-sign"' in page.content
    response = client.post(reverse("evaluation:sheet_sign", args=[sheet.pk]))
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.signed_at is not None
    assert AuditEvent.objects.filter(action="evaluation.sheet.sign").count() == 1
    # the signed sheet: the form page sends back to it; posting changes nothing
    assert client.get(reverse("evaluation:sheet_form", args=[ev.pk])).status_code == 302
    _post(client, ev, results=1, positive_effect=1, continuation=1, long_term_effect=1)
    sheet.refresh_from_db()
    assert sheet.results == 5


@pytest.mark.parametrize("value", ["0", "6", "2.5", "x", "-1", "1e1"])
def test_form_refuses_bad_scores(world, client_for, value):
    response = _post(client_for(world["alice"]), world["evaluation"], results=value)
    assert response.status_code == 400
    assert b'data-testid="error-results"' in response.content
    assert not AssessmentSheet.objects.exists()


@pytest.mark.parametrize("value", [0, 6, 2.5, "x", "2.5", True, -3, 10**12])
def test_api_refuses_bad_scores(world, api_for, value):
    api = api_for(world["alice"])
    response = api.post(
        "/api/evaluation/sheets/",
        {"evaluation": world["evaluation"].pk, "results": value},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "results" in response.content.decode()
    assert not AssessmentSheet.objects.exists()


@pytest.mark.parametrize("value", [0, 6])
def test_database_refuses_scores_out_of_range(world, value):
    member = member_of(world["council"], world["alice"])
    with pytest.raises(IntegrityError), transaction.atomic():
        AssessmentSheet.objects.create(evaluation=world["evaluation"], member=member, results=value)


def test_service_refuses_bad_scores_naming_the_field(world):
    for value in (0, 6, 2.5, "x", True):
        with pytest.raises(ApplicationError) as exc:
            services.sheet_create(
                actor=world["alice"], evaluation=world["evaluation"], data={"continuation": value}
            )
        assert exc.value.field == "continuation"
    assert not AssessmentSheet.objects.exists()


def test_second_sheet_by_the_same_member_is_refused(world, api_for):
    sheet_make(world["alice"], world["evaluation"], sign=False)
    response = api_for(world["alice"]).post(
        "/api/evaluation/sheets/", {"evaluation": world["evaluation"].pk, **SCORES}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["field"] == "evaluation" if "field" in response.json() else True
    assert AssessmentSheet.objects.count() == 1
    member = member_of(world["council"], world["alice"])
    with pytest.raises(IntegrityError), transaction.atomic():
        AssessmentSheet.objects.create(evaluation=world["evaluation"], member=member)


def test_no_sheet_on_a_project_not_in_evaluation(world, body_user, ngo, api_for):
    running = contract_make(body_user, ngo, ends=dt.date(2027, 1, 1))
    assert not Evaluation.objects.filter(contract=running).exists()
    response = api_for(world["alice"]).post(
        "/api/evaluation/sheets/", {"evaluation": 999999, **SCORES}, format="json"
    )
    assert response.status_code == 400
    assert "evaluation" in response.content.decode()
    response = api_for(world["alice"]).post(
        "/api/evaluation/sheets/", {"evaluation": "x", **SCORES}, format="json"
    )
    assert response.status_code == 400
    assert not AssessmentSheet.objects.exists()


def test_signed_sheet_cannot_change(world, api_for):
    sheet = sheet_make(world["alice"], world["evaluation"])
    api = api_for(world["alice"])
    response = api.patch(f"/api/evaluation/sheets/{sheet.pk}/", {"results": 1}, format="json")
    assert response.status_code == 409
    assert api.post(f"/api/evaluation/sheets/{sheet.pk}/sign/").status_code == 409
    with pytest.raises(ApplicationError) as exc:
        services.sheet_update(actor=world["alice"], sheet=sheet, data={"results": 2})
    assert exc.value.status_code == 409
    sheet.refresh_from_db()
    assert sheet.results == 5
    assert sheet.history.count() == 2  # created, signed


def test_signing_needs_the_four_scores(world, api_for):
    sheet = sheet_make(world["alice"], world["evaluation"], {"results": 4}, sign=False)
    response = api_for(world["alice"]).post(f"/api/evaluation/sheets/{sheet.pk}/sign/")
    assert response.status_code == 400
    assert "positive_effect" in response.content.decode()
    sheet.refresh_from_db()
    assert sheet.signed_at is None


def test_api_draft_edit_and_sign(world, api_for):
    api = api_for(world["bob"])
    response = api.post(
        "/api/evaluation/sheets/", {"evaluation": world["evaluation"].pk, "results": 3},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = api.patch(
        f"/api/evaluation/sheets/{pk}/",
        {"positive_effect": 4, "continuation": 4, "long_term_effect": 5},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["results"] == 3 and response.json()["total"] == 16
    assert api.post(f"/api/evaluation/sheets/{pk}/sign/").status_code == 200
    assert api.get(f"/api/evaluation/sheets/{pk}/").json()["signed_at"]


def test_who_sees_a_sheet(world, client_for, api_for, body_user, other_body_user, ngo_user,
                          authorized_user):  # fmt: skip
    draft = sheet_make(world["bob"], world["evaluation"], sign=False)
    url = reverse("evaluation:sheet", args=[draft.pk])
    assert client_for(world["bob"]).get(url).status_code == 200
    for user in (world["alice"], body_user, other_body_user, ngo_user, authorized_user):
        assert client_for(user).get(url).status_code == 403
    signed = sheet_make(world["alice"], world["evaluation"])
    url = reverse("evaluation:sheet", args=[signed.pk])
    for user in (world["alice"], body_user, authorized_user):
        assert client_for(user).get(url).status_code == 200
    for user in (world["bob"], other_body_user, ngo_user):
        assert client_for(user).get(url).status_code == 403
        assert api_for(user).get(f"/api/evaluation/sheets/{signed.pk}/").status_code == 403
    # the other body's list: nothing of ours
    assert api_for(other_body_user).get("/api/evaluation/sheets/").json()["count"] == 0
    assert api_for(body_user).get("/api/evaluation/sheets/").json()["count"] == 1
    # someone else's draft cannot be edited
    response = api_for(world["alice"]).patch(
        f"/api/evaluation/sheets/{draft.pk}/", {"results": 1}, format="json"
    )
    assert response.status_code == 403


def test_other_body_or_non_member_cannot_fill(world, client_for, other_body_user, body_user):
    for user in (other_body_user, body_user, member_user()):
        response = client_for(user).get(
            reverse("evaluation:sheet_form", args=[world["evaluation"].pk])
        )
        assert response.status_code == 403
        with pytest.raises(NotPermitted):
            services.sheet_create(actor=user, evaluation=world["evaluation"], data=SCORES)
    assert not AssessmentSheet.objects.exists()


def test_completed_evaluation_refuses_new_sheets(world):
    Evaluation.objects.filter(pk=world["evaluation"].pk).update(
        status="completed", completed_at=WHEN
    )
    world["evaluation"].refresh_from_db()
    with pytest.raises(ApplicationError) as exc:
        services.sheet_create(actor=world["alice"], evaluation=world["evaluation"], data=SCORES)
    assert exc.value.status_code == 409


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_annex7_downloads(world, client_for, body_user, fmt, lang):
    sheet = sheet_make(world["alice"], world["evaluation"])
    url = reverse(f"evaluation:sheet_{fmt}", args=[sheet.pk]) + f"?lang={lang}"
    for user in (world["alice"], body_user):
        response = client_for(user).get(url)
        assert response.status_code == 200
        assert f"annex7_{sheet.pk}_{lang}.{fmt}" in response["Content-Disposition"]
    assert client_for(world["bob"]).get(url).status_code == 403


def test_bad_ids_are_404_or_400(world, client_for, api_for):
    client = client_for(world["alice"])
    assert client.get("/evaluation/sheets/99999999/").status_code == 404
    assert client.get("/evaluation/evaluations/99999999/materials/").status_code == 404
    assert api_for(world["alice"]).get("/api/evaluation/sheets/?evaluation=x").status_code == 400

"""Create-once operations under concurrency (issue 12, item 6), on PostgreSQL.

Twelve threads, each with its own database connection, call the API at the same moment: one
object is created, every caller gets it (200/201), nobody sees a 5xx."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from rest_framework.test import APIClient

from tapsyrys.contracting import services
from tapsyrys.contracting.models import Passport, ReportStage, StageReport
from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.models import AuditEvent

from .factories import PDF, complete_fields

THREADS = 12


def hammer(user, call):
    """Run `call(client)` in THREADS threads released together; return the responses."""
    barrier = threading.Barrier(THREADS)
    responses, errors = [], []

    def run():
        try:
            client = APIClient(raise_request_exception=False)
            client.force_authenticate(user)
            barrier.wait(timeout=30)
            responses.append(call(client))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert len(responses) == THREADS
    return responses


@pytest.mark.django_db(transaction=True)
def test_twelve_threads_starting_the_same_stage_report_make_one_report(
    body_user, ngo_user, ngo, make_contract
):
    contract = make_contract(body_user, ngo)
    stage = contract.stages.get(kind=ReportStage.Kind.FIRST_INTERIM)
    path = f"/api/contracting/stages/{stage.pk}/report/"

    responses = hammer(ngo_user, lambda c: c.post(path))

    codes = sorted(r.status_code for r in responses)
    assert all(code in (200, 201) for code in codes), codes
    assert StageReport.objects.filter(stage=stage).count() == 1
    report = StageReport.objects.get(stage=stage)
    assert {r.json()["id"] for r in responses} == {report.pk}
    assert report.status == StageReport.Status.DRAFT and report.version == 1
    started = AuditEvent.objects.filter(action="contracting.report.started", object_id=report.pk)
    assert started.count() == 1


@pytest.mark.django_db(transaction=True)
def test_twelve_threads_saving_a_new_passport_make_one_passport(
    body_user, ngo_user, ngo, make_contract
):
    contract = make_contract(body_user, ngo)
    assert not Passport.objects.filter(contract=contract).exists()
    path = f"/api/contracting/contracts/{contract.pk}/passport/"

    responses = hammer(ngo_user, lambda c: c.put(path, {"goals_tasks": "Цели"}, format="json"))

    codes = sorted(r.status_code for r in responses)
    assert codes == [200] * THREADS, codes
    assert Passport.objects.filter(contract=contract).count() == 1
    assert Passport.objects.get(contract=contract).goals_tasks == "Цели"


@pytest.mark.django_db(transaction=True)
def test_passport_for_from_many_threads_returns_one_passport(body_user, ngo, make_contract):
    contract = make_contract(body_user, ngo)
    barrier = threading.Barrier(THREADS)
    ids, errors = [], []

    def run():
        try:
            barrier.wait(timeout=30)
            ids.append(services.passport_for(contract).pk)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert len(ids) == THREADS and len(set(ids)) == 1
    assert Passport.objects.filter(contract=contract).count() == 1


@pytest.mark.django_db
def test_report_start_returns_the_open_draft(body_user, ngo_user, ngo, make_contract):
    contract = make_contract(body_user, ngo)
    stage = contract.stages.get(kind=ReportStage.Kind.FIRST_INTERIM)
    first = services.report_start(stage=stage, actor=ngo_user)
    again = services.report_start(stage=stage, actor=ngo_user)
    assert again.pk == first.pk
    assert StageReport.objects.filter(stage=stage).count() == 1


@pytest.mark.django_db
def test_a_file_cannot_be_attached_after_submission(body_user, ngo_user, ngo, make_contract):
    contract = make_contract(body_user, ngo)
    stage = contract.stages.get(kind=ReportStage.Kind.FIRST_INTERIM)
    report = services.report_start(stage=stage, actor=ngo_user)
    report = services.report_save_draft(
        report=report, actor=ngo_user, fields=complete_fields(contract)
    )
    stale = StageReport.objects.select_related("contract", "stage").get(pk=report.pk)
    services.report_submit(report=report, actor=ngo_user)
    assert stale.status == StageReport.Status.DRAFT  # the caller's copy is out of date

    with pytest.raises(ApplicationError) as refused:
        services.report_file_add(
            report=stale, actor=ngo_user, upload=SimpleUploadedFile("late.pdf", PDF)
        )
    assert refused.value.field == "files"
    assert "submitted" in str(refused.value.message)
    assert report.files.count() == 0


@pytest.mark.django_db
def test_the_api_refuses_a_file_for_a_submitted_report(
    body_user, ngo_user, ngo, make_contract, api_for
):
    contract = make_contract(body_user, ngo)
    stage = contract.stages.get(kind=ReportStage.Kind.FIRST_INTERIM)
    report = services.report_start(stage=stage, actor=ngo_user)
    services.report_save_draft(report=report, actor=ngo_user, fields=complete_fields(contract))
    services.report_submit(report=report, actor=ngo_user)
    response = api_for(ngo_user).post(
        f"/api/contracting/reports/{report.pk}/files/",
        {"file": SimpleUploadedFile("late.pdf", PDF, content_type="application/pdf")},
        format="multipart",
    )
    assert response.status_code in (403, 409), response.content
    assert response.json()["detail"]
    assert report.files.count() == 0

"""X-AUDIT on the procurement import: row history for every written row, one event per job."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile

from tapsyrys.contracting.models import Competition, Contract, ImportJob, Lot
from tapsyrys.contracting.services import import_start
from tapsyrys.core.models import AuditEvent

from .test_import import csv_file

pytestmark = pytest.mark.django_db


def _run(actor, data, *, dry_run, capture):
    with capture(execute=True):
        job = import_start(
            actor=actor, upload=SimpleUploadedFile("portal.csv", data), dry_run=dry_run
        )
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.result
    return job


def _events(job):
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(ImportJob), object_id=str(job.pk)
    )


def _history_types(model, number):
    return [h.history_type for h in model.history.filter(number=number).order_by("history_date")]


def test_import_creates_and_updates_contracts_with_row_history_and_one_event(
    body_user, ngo, django_capture_on_commit_callbacks
):
    body = body_user.organisation
    capture = django_capture_on_commit_callbacks
    first = _run(body_user, csv_file(body, ngo, rows=2), dry_run=False, capture=capture)
    assert sorted(Contract.objects.values_list("number", flat=True)) == ["D0", "D1"]
    for number in ("D0", "D1"):
        assert _history_types(Contract, number) == ["+"]
        assert _history_types(Lot, number.replace("D", "L")) == ["+"]
    assert Competition.history.filter(procurement_number="ANNO-9", history_type="+").count() == 1
    assert Contract.history.filter(number="D0").get().history_user == body_user
    (event,) = _events(first)
    assert event.action == "contracting.import.applied" and event.actor == body_user
    assert event.data["keys"]["created"] == {
        "competitions": ["ANNO-9"],
        "lots": ["L0", "L1"],
        "contracts": ["D0", "D1"],
    }
    assert event.data["keys"]["updated"] == {"lots": [], "contracts": []}

    # second file: D1's amount changes, D2 is new, D0 is unchanged
    changed = csv_file(body, ngo, rows=3).replace(b",990001,", b",990777,")
    second = _run(body_user, changed, dry_run=False, capture=capture)
    assert _history_types(Contract, "D0") == ["+"]
    assert _history_types(Contract, "D1") == ["+", "~"]
    assert _history_types(Contract, "D2") == ["+"]
    updated = Contract.history.filter(number="D1", history_type="~").get()
    assert str(updated.amount) == "990777.00" and updated.history_user == body_user
    (event,) = _events(second)
    assert event.data["keys"]["created"]["contracts"] == ["D2"]
    assert event.data["keys"]["created"]["lots"] == ["L2"]
    assert event.data["keys"]["updated"] == {"lots": [], "contracts": ["D1"]}
    assert event.data["created"]["contracts"] == 1 and event.data["updated"]["contracts"] == 1
    # the job's own status changes are history too
    assert list(
        ImportJob.history.filter(id=second.pk)
        .order_by("history_date")
        .values_list("status", flat=True)
    ) == ["pending", "running", "done"]


def test_lot_update_by_import_leaves_update_history(
    body_user, ngo, django_capture_on_commit_callbacks
):
    body = body_user.organisation
    capture = django_capture_on_commit_callbacks
    _run(body_user, csv_file(body, ngo, rows=2), dry_run=False, capture=capture)
    changed = csv_file(body, ngo, rows=2).replace(b"1000001.50", b"2000001.00")
    job = _run(body_user, changed, dry_run=False, capture=capture)
    assert _history_types(Lot, "L1") == ["+", "~"]
    assert _history_types(Lot, "L0") == ["+"]
    assert _events(job).get().data["keys"]["updated"]["lots"] == ["L1"]


def test_dry_run_writes_no_history_and_no_import_event(
    body_user, ngo, django_capture_on_commit_callbacks
):
    before = (
        Competition.history.count(),
        Lot.history.count(),
        Contract.history.count(),
        AuditEvent.objects.filter(action="contracting.import.applied").count(),
    )
    job = _run(
        body_user,
        csv_file(body_user.organisation, ngo, rows=3),
        dry_run=True,
        capture=django_capture_on_commit_callbacks,
    )
    assert job.result["created"]["contracts"] == 3
    assert before == (
        Competition.history.count(),
        Lot.history.count(),
        Contract.history.count(),
        AuditEvent.objects.filter(action="contracting.import.applied").count(),
    )

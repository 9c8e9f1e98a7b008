"""X-IMPORT: dry run, all-or-nothing with row errors, idempotence, XLSX with Cyrillic headers."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tapsyrys.contracting.importer import run_import
from tapsyrys.contracting.models import Competition, Contract, ImportJob, Lot, ReportStage
from tapsyrys.core.tests.factories import next_bin

pytestmark = pytest.mark.django_db

HEADER = (
    "lotNumber,nameRu,descriptionRu,amount,customerBin,trdBuyNumberAnno,"
    "contractNumber,contractSum,signDate,planExecDate,supplierBiin,finYear\n"
)


def csv_file(body, ngo, rows=3, bad_row=None):
    lines = [HEADER]
    for i in range(rows):
        supplier = ngo.bin
        if bad_row == i:
            supplier = next_bin("7777")
        lines.append(
            f"L{i},Проект {i},Описание {i},{1000000 + i}.50,{body.bin},ANNO-9,"
            f"D{i},{990000 + i},2025-02-0{1 + i % 9},2025-11-30,{supplier},2025\n"
        )
    return "".join(lines).encode("utf-8")


def counts():
    return (
        Competition.objects.count(),
        Lot.objects.count(),
        Contract.objects.count(),
        ReportStage.objects.count(),
    )


def test_dry_run_writes_nothing_and_reports_what_would_change(body, ngo):
    before = counts()
    result = run_import(data=csv_file(body, ngo), filename="x.csv", organisation=body, dry_run=True)
    assert result.error_count == 0
    assert result.created == {"competitions": 1, "lots": 3, "contracts": 3}
    assert {a["entity"] for a in result.actions} == {"competition", "lot", "contract"}
    assert counts() == before


def test_one_bad_row_imports_nothing_and_names_row_column_and_bin(body, ngo):
    data = csv_file(body, ngo, rows=5, bad_row=3)
    result = run_import(data=data, filename="x.csv", organisation=body, dry_run=False)
    assert counts() == (0, 0, 0, 0)
    assert result.error_count == 1
    error = result.errors[0]
    assert error["row"] == 5  # header is row 1, the 4th data row is row 5
    assert error["column"] == "supplierBiin"
    bad_bin = data.decode().splitlines()[4].split(",")[10]
    assert bad_bin in error["message"]


def test_same_file_twice_changes_nothing(body, ngo):
    data = csv_file(body, ngo)
    first = run_import(data=data, filename="x.csv", organisation=body, dry_run=False)
    assert first.written and first.created["contracts"] == 3
    snapshot = (
        counts(),
        list(Lot.objects.order_by("pk").values()),
        list(Contract.objects.order_by("pk").values()),
    )
    second = run_import(data=data, filename="x.csv", organisation=body, dry_run=False)
    assert second.created == {"competitions": 0, "lots": 0, "contracts": 0}
    assert second.updated == {"lots": 0, "contracts": 0}
    assert snapshot == (
        counts(),
        list(Lot.objects.order_by("pk").values()),
        list(Contract.objects.order_by("pk").values()),
    )
    # stage-report schedule: the default three per contract
    assert ReportStage.objects.count() == 9
    assert Lot.objects.filter(status=Lot.Status.HELD).count() == 3


def test_changed_amount_updates_only_that_row(body, ngo):
    run_import(data=csv_file(body, ngo), filename="x.csv", organisation=body, dry_run=False)
    changed = csv_file(body, ngo).replace(b"1000001.50", b"2000001.00")
    result = run_import(data=changed, filename="x.csv", organisation=body, dry_run=False)
    assert result.updated == {"lots": 1, "contracts": 0}
    assert Lot.objects.get(number="L1").amount == Decimal("2000001.00")


def test_xlsx_with_cyrillic_headers_and_values(body, ngo):
    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "Номер лота",
            "Наименование лота",
            "Описание",
            "Сумма лота",
            "БИН заказчика",
            "Номер объявления",
            "Номер договора",
            "Сумма договора",
            "Дата заключения договора",
            "Плановая дата исполнения",
            "БИН поставщика",
            "Финансовый год",
        ]
    )
    sheet.append(
        [
            "ЛОТ-1",
            "Поддержка волонтёрского движения «Ерікті»",
            "Семинары для молодёжи",
            3500000,
            int(body.bin),
            "ОБЪЯВЛЕНИЕ-5",
            "ДОГ-1",
            3400000.5,
            "15.03.2025",
            "30.11.2025",
            ngo.bin,
            2025,
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    result = run_import(
        data=buffer.getvalue(), filename="портал.xlsx", organisation=body, dry_run=False
    )
    assert result.error_count == 0, result.errors
    lot = Lot.objects.get(number="ЛОТ-1")
    assert lot.name_ru == "Поддержка волонтёрского движения «Ерікті»"
    contract = Contract.objects.get(number="ДОГ-1")
    assert contract.amount == Decimal("3400000.50") and contract.supplier == ngo
    assert str(contract.signed_on) == "2025-03-15"


def test_body_imports_only_for_itself(body, other_body, ngo, authorized_body):
    data = csv_file(other_body, ngo, rows=1)
    result = run_import(data=data, filename="x.csv", organisation=body, dry_run=True)
    assert result.errors[0]["column"] == "customerBin"
    assert (
        run_import(
            data=data, filename="x.csv", organisation=authorized_body, dry_run=True
        ).error_count
        == 0
    )


def test_missing_column_and_bad_values_are_named(body, ngo):
    data = (
        "lotNumber,nameRu,amount,customerBin,trdBuyNumberAnno\n"
        f"L1,Проект,-5,{body.bin},A1\nL2,,abc,{body.bin},A1\n"
    ).encode()
    result = run_import(data=data, filename="x.csv", organisation=body, dry_run=True)
    assert {(e["row"], e["column"]) for e in result.errors} == {
        (2, "amount"),
        (3, "nameRu"),
        (3, "amount"),
    }


def test_upload_page_runs_job_and_shows_errors(
    body_user, ngo, client_for, django_capture_on_commit_callbacks
):
    client = client_for(body_user)
    upload = SimpleUploadedFile(
        "lots.csv", csv_file(body_user.organisation, ngo, rows=2, bad_row=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/contracting/import/", {"file": upload, "dry_run": "on"})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.status == ImportJob.Status.FAILED
    page = client.get(f"/contracting/import/{job.pk}/")
    assert b'data-testid="import-errors"' in page.content
    assert "supplierBiin" in page.content.decode()
    progress = client.get(f"/contracting/import/{job.pk}/progress/")
    assert b'value="100"' in progress.content


def test_dry_run_then_real_run_from_the_page(
    body_user, ngo, client_for, django_capture_on_commit_callbacks
):
    client = client_for(body_user)
    upload = SimpleUploadedFile("lots.csv", csv_file(body_user.organisation, ngo, rows=2))
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/contracting/import/", {"file": upload, "dry_run": "on"})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE and Contract.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/contracting/import/{job.pk}/")
    assert response.status_code == 302
    assert Contract.objects.count() == 2


def test_import_refuses_other_file_types(body_user, client_for):
    upload = SimpleUploadedFile("lots.xlsx", b"not a workbook")
    response = client_for(body_user).post("/contracting/import/", {"file": upload})
    assert response.status_code == 200
    assert "file" in response.context["form"].errors


def test_ngo_cannot_import(ngo_user, api_for):
    upload = SimpleUploadedFile("lots.csv", b"lotNumber\n1\n")
    assert api_for(ngo_user).post("/api/contracting/imports/", {"file": upload}).status_code == 403


def test_cli_import_procurement(body, ngo, tmp_path):
    from django.core.management import call_command

    path = tmp_path / "portal.csv"
    path.write_bytes(csv_file(body, ngo, rows=2))
    out = io.StringIO()
    call_command("import_procurement", str(path), "--dry-run", "--body", body.bin, stdout=out)
    assert "Dry run" in out.getvalue() and Contract.objects.count() == 0
    call_command("import_procurement", str(path), "--body", body.bin, stdout=out)
    assert Contract.objects.count() == 2

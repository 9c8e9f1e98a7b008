"""Caps of the procurement import (issue 7 item 8): rows of one file, and the unpacked size
of an .xlsx (checked from its zip directory before openpyxl parses anything). A refused file
says which cap, in the user's language, naming the file field; nothing is written. The job
runs off the request: the page and the API poll its progress."""

import io
import random
import zipfile
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from tapsyrys.contracting import tasks
from tapsyrys.contracting.importer import run_import
from tapsyrys.contracting.models import Contract, ImportJob, Lot

from .test_import import HEADER, counts, csv_file

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
CAP_TEXT = {
    "en": {
        "expanded_size": "the cap on the unpacked size of an .xlsx is 1 MB",
        "expanded_ratio": "the cap on the unpacked size of an .xlsx is 100 times its file size",
        "rows": "the cap on the rows of one import is 3",
    },
    "ru": {
        "expanded_size": "ограничение на распакованный размер .xlsx — 1 МБ",
        "expanded_ratio": "ограничение на распакованный размер .xlsx — в 100 раз больше",
        "rows": "ограничение на число строк одного импорта — 3",
    },
    "kk": {
        "expanded_size": ".xlsx файлының ашылған өлшемінің шегі — 1 МБ",
        "expanded_ratio": ".xlsx файлының ашылған өлшемінің шегі — файл өлшемінен 100 есе",
        "rows": "бір импорттағы жолдар шегі — 3",
    },
}


def workbook(body, ngo, rows=2, padding=0, random_padding=False):
    """A valid portal workbook with an extra member of `padding` bytes: zeros (a zip bomb,
    ~1000 times smaller packed) or random bytes (as large packed as unpacked)."""
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    for line in csv_file(body, ngo, rows=rows).decode().splitlines()[1:]:
        sheet.append(line.split(","))
    buffer = io.BytesIO()
    book.save(buffer)
    if not padding:
        return buffer.getvalue()
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        pad = random.Random(7).randbytes(padding) if random_padding else bytes(padding)
        archive.writestr("xl/media/padding.bin", pad)
    return buffer.getvalue()


@pytest.fixture
def caps(settings):
    settings.IMPORT_MAX_ROWS = 3
    settings.IMPORT_XLSX_MAX_EXPANDED_MB = 1
    settings.IMPORT_XLSX_MAX_RATIO = 100
    return settings


def _never_parsed():
    return mock.patch(
        "openpyxl.load_workbook", side_effect=AssertionError("openpyxl must not parse it")
    )


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_an_xlsx_expanding_beyond_the_cap_is_refused_at_upload_naming_the_cap(
    caps, body_user, ngo, api_for, client_for, lang
):
    data = workbook(body_user.organisation, ngo, padding=2 * MB, random_padding=True)
    with _never_parsed():
        api = api_for(body_user).post(
            "/api/contracting/imports/",
            {"file": SimpleUploadedFile("bomb.xlsx", data)},
            HTTP_ACCEPT_LANGUAGE=lang,
        )
        client = client_for(body_user)
        client.cookies["tapsyrys_language"] = lang
        page = client.post("/contracting/import/", {"file": SimpleUploadedFile("bomb.xlsx", data)})
    assert api.status_code == 400
    assert api.json()["field"] == "file"
    assert CAP_TEXT[lang]["expanded_size"] in api.json()["detail"]
    assert page.status_code == 200
    assert CAP_TEXT[lang]["expanded_size"] in " ".join(page.context["form"].errors["file"])
    assert ImportJob.objects.count() == 0


def test_an_xlsx_that_expands_a_hundredfold_is_refused_even_under_the_size_cap(
    caps, body_user, ngo, api_for
):
    caps.IMPORT_XLSX_MAX_EXPANDED_MB = 128
    data = workbook(body_user.organisation, ngo, padding=30 * MB)  # zeros: ~1000 times
    with _never_parsed():
        api = api_for(body_user).post(
            "/api/contracting/imports/", {"file": SimpleUploadedFile("bomb.xlsx", data)}
        )
    assert api.status_code == 400 and api.json()["field"] == "file"
    assert CAP_TEXT["en"]["expanded_ratio"] in api.json()["detail"]


def test_an_xlsx_just_under_the_caps_is_imported(caps, body, ngo):
    caps.IMPORT_XLSX_MAX_EXPANDED_MB = 2
    data = workbook(body, ngo, rows=3, padding=MB, random_padding=True)
    result = run_import(data=data, filename="ok.xlsx", organisation=body, dry_run=False)
    assert (result.error_count, Lot.objects.count(), Contract.objects.count()) == (0, 3, 3)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_rows_cap_both_ways(caps, body, ngo, fmt):
    make = (lambda rows: csv_file(body, ngo, rows=rows)) if fmt == "csv" else (
        lambda rows: workbook(body, ngo, rows=rows)
    )  # fmt: skip
    before = counts()
    refused = run_import(data=make(4), filename=f"f.{fmt}", organisation=body, dry_run=False)
    assert refused.error_count == 1 and not refused.written
    assert refused.errors[0]["row"] == 1
    assert CAP_TEXT["en"]["rows"] in refused.errors[0]["message"]
    assert counts() == before
    accepted = run_import(data=make(3), filename=f"f.{fmt}", organisation=body, dry_run=False)
    assert accepted.error_count == 0 and Contract.objects.count() == 3


def test_rows_cap_stops_reading_the_sheet(caps, body, ngo):
    """The sheet is streamed: reading stops at the first row over the cap."""
    from tapsyrys.contracting import importer

    seen = []
    original = importer._xlsx_rows

    def counting(data):
        for item in original(data):
            seen.append(item[0])
            yield item

    with mock.patch.object(importer, "_xlsx_rows", counting):
        result = run_import(data=workbook(body, ngo, rows=50), filename="f.xlsx", organisation=body)
    assert result.error_count == 1
    assert max(seen) == 5  # the header and 4 data rows; 46 rows never parsed


def test_rows_cap_refusal_through_the_job_page_and_the_cli(
    caps, body_user, ngo, client_for, django_capture_on_commit_callbacks, tmp_path
):
    client = client_for(body_user)
    client.cookies["tapsyrys_language"] = "ru"
    upload = SimpleUploadedFile("big.csv", csv_file(body_user.organisation, ngo, rows=4))
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/contracting/import/", {"file": upload})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    page = client.get(f"/contracting/import/{job.pk}/").content.decode()
    assert CAP_TEXT["ru"]["rows"] in page
    path = tmp_path / "big.csv"
    path.write_bytes(csv_file(body_user.organisation, ngo, rows=4))
    out = io.StringIO()
    with translation.override("en"), pytest.raises(CommandError):
        call_command(
            "import_procurement", str(path), "--body", body_user.organisation.bin, stdout=out
        )
    assert CAP_TEXT["en"]["rows"] in out.getvalue()
    assert Contract.objects.count() == 0


def test_the_upload_returns_before_the_job_runs_and_progress_is_polled(
    body_user, ngo, client_for, api_for, django_capture_on_commit_callbacks
):
    """With a real broker the request only stores the file and queues the job; the page and
    the API show its progress until it is finished."""
    client = client_for(body_user)
    queued = []
    upload = SimpleUploadedFile("lots.csv", csv_file(body_user.organisation, ngo, rows=3))
    with (
        mock.patch.object(tasks.run_import_job, "delay", side_effect=queued.append),
        mock.patch("tapsyrys.contracting.tasks.run_import", side_effect=AssertionError),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post("/contracting/import/", {"file": upload, "dry_run": ""})
    job = ImportJob.objects.get()
    assert queued == [job.pk]
    assert response.status_code == 302 and response["Location"] == f"/contracting/import/{job.pk}/"
    assert job.status == ImportJob.Status.PENDING and Contract.objects.count() == 0

    fragment = client.get(f"/contracting/import/{job.pk}/progress/", HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    assert 'hx-trigger="every 1s"' in html and 'value="0"' in html
    assert "HX-Refresh" not in fragment
    api = api_for(body_user)
    assert api.get(f"/api/contracting/imports/{job.pk}/").json()["status"] == "pending"

    # the worker half-way: the page and the API show the moving counters
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING, processed_rows=1, total_rows=3
    )
    html = client.get(f"/contracting/import/{job.pk}/progress/").content.decode()
    running = ImportJob.objects.get(pk=job.pk)
    assert f'value="{running.percent}"' in html and 'hx-trigger="every 1s"' in html
    body = api.get(f"/api/contracting/imports/{job.pk}/").json()
    assert (body["status"], body["processed_rows"], body["total_rows"]) == ("running", 1, 3)
    assert 0 < body["percent"] < 100

    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.PENDING)
    tasks.run_import_job(job.pk)  # the worker runs it
    fragment = client.get(f"/contracting/import/{job.pk}/progress/", HTTP_HX_REQUEST="true")
    assert "hx-trigger" not in fragment.content.decode() and fragment["HX-Refresh"] == "true"
    body = api.get(f"/api/contracting/imports/{job.pk}/").json()
    assert (body["status"], body["percent"], body["result"]["written"]) == ("done", 100, True)
    assert Contract.objects.count() == 3

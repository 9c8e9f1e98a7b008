"""Issue 13: the import page offers templates (.xlsx with the area codes, .csv) and lists the area
codes from the reference data; the result says what will be done (dry run) or what was done (a
real run), with the names and amounts of the rows."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import load_workbook

from tapsyrys.contracting.importer import COLUMNS
from tapsyrys.contracting.models import ImportJob
from tapsyrys.core.models import Area

from .test_import import csv_file

pytestmark = pytest.mark.django_db


def test_templates_have_the_columns_and_the_area_codes(body_user, client_for, ngo_user):
    client = client_for(body_user)
    header = [name for name, *_rest in COLUMNS]
    codes = set(Area.objects.values_list("code", flat=True))
    assert codes  # the reference data is loaded
    xlsx = client.get("/contracting/import/template.xlsx")
    assert xlsx.status_code == 200 and "attachment" in xlsx["Content-Disposition"]
    book = load_workbook(io.BytesIO(xlsx.content))
    assert [c.value for c in book["import"][1]] == header
    areas = book["areas"]
    assert [c.value for c in areas[1]] == ["area", "name_kk", "name_ru"]
    assert {row[0].value for row in areas.iter_rows(min_row=2)} == codes
    csv = client.get("/contracting/import/template.csv").content.decode("utf-8-sig")
    assert csv.strip() == ";".join(header)
    listed = client.get("/contracting/import/template.areas.csv").content.decode("utf-8-sig")
    assert {line.split(";")[0] for line in listed.strip().splitlines()[1:]} == codes
    page = client.get("/contracting/import/").content.decode()
    assert "reference/areas.csv" not in page
    assert 'data-testid="template-xlsx"' in page and 'data-testid="area-codes"' in page
    some = Area.objects.order_by("code").first()
    assert f"<code>{some.code}</code>" in page
    # an NGO imports nothing and gets no template
    assert client_for(ngo_user).get("/contracting/import/template.xlsx").status_code == 403
    assert client.get("/contracting/import/template.exe").status_code == 404


def test_dry_run_says_will_be_and_the_real_run_says_was(
    body_user, ngo, client_for, django_capture_on_commit_callbacks
):
    client = client_for(body_user)
    upload = SimpleUploadedFile("lots.csv", csv_file(body_user.organisation, ngo, rows=2))
    with translation.override("en"):
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/contracting/import/", {"file": upload, "dry_run": "on"})
        dry = ImportJob.objects.get()
        page = client.get(f"/contracting/import/{dry.pk}/", HTTP_ACCEPT_LANGUAGE="en")
        html = page.content.decode()
        assert "lots to create" in html and "What will change" in html
        assert "will be created" in html and "lots created" not in html
        # the rows by name and amount, as the pages show money
        assert "Проект 1" in html and "990\u202f001,00\u00a0₸" in html
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/contracting/import/{dry.pk}/")
        real = ImportJob.objects.exclude(pk=dry.pk).get()
        html = client.get(
            f"/contracting/import/{real.pk}/", HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    assert "lots created" in html and "contracts created" in html and "What was changed" in html
    assert "will be created" not in html and "to create" not in html
    assert "Проект 0" in html and "1\u202f000\u202f000,50\u00a0₸" in html
    assert html.count('data-testid="import-action"') == len(real.result["actions"]) > 0

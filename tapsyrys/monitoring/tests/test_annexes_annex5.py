"""Annex 5 (M-8, §12): public on the project page and in the API, "pending" until the evaluation
scores the project, its texts from the contract, the final report and the completed monitoring
events, published by the body in the ledger (a new version each time)."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from tapsyrys.contracting import services as cs
from tapsyrys.contracting.models import ReportStage
from tapsyrys.contracting.tests.factories import complete_fields
from tapsyrys.core.errors import NotPermitted
from tapsyrys.core.models import AuditEvent
from tapsyrys.monitoring.models import MonitoringEvent
from tapsyrys.monitoring.services import annexes as services
from tapsyrys.publishing.models import DocumentKind, LedgerEntry

from .test_annexes_support import areas, contract_in

pytestmark = pytest.mark.django_db

HEADERS = {
    "kk": [
        "Әлеуметтік жобаның атауы",
        "Өнім берушінің атауы",
        "Шарт сомасы (мың теңге)",
        "Мақсаттары (мен міндеттері)",
        "Жобаны іске асыру кезеңі",
        "Әлеуметтік жобаны орындау процесі және өткізілген іс-шаралар",
        "Нәтижелері (қойылған мақсаттарға қандай деңгейде қол жеткізуге болады)",
        "Жобаның бағалау (орташа бағасы)",
    ],
    "ru": [
        "Наименование социального проекта",
        "Наименование поставщика",
        "Сумма договора (тысяч тенге)",
        "Цели и задачи",
        "Срок реализации проекта",
        "Процесс выполнения социального проекта и проведенные мероприятия",
        "Результаты (в какой степени удалось достичь поставленных целей)",
        "Оценка проекта (средний балл)",
    ],
}
PENDING = {"kk": "Бағалау күтілуде", "ru": "Ожидается оценка"}


@pytest.fixture
def contract(body_user, ngo):
    return contract_in(
        body_user,
        ngo,
        areas(1)[0],
        amount="4900000.50",
        planned="5000000",
        number="P-5",
        starts=dt.date(2025, 1, 10),
        ends=dt.date(2025, 12, 20),
    )


def rows_of(content):
    return [list(r) for r in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_anonymous_download_is_the_draft_with_a_pending_score(client, contract, lang):
    response = client.get(f"/monitoring/contracts/{contract.pk}/annex5/download/?lang={lang}")
    assert response.status_code == 200
    rows = rows_of(response.content)
    at = next(i for i, r in enumerate(rows) if r[0] == HEADERS[lang][0])
    assert rows[at][:8] == HEADERS[lang]
    data = rows[at + 1]
    assert data[0] == contract.lot.name_kk if lang == "kk" else contract.lot.name_ru
    assert data[2] == 4900.0005  # thousand tenge
    assert data[4] == "10.01.2025 – 20.12.2025"
    assert data[7] == PENDING[lang]


def test_the_contract_page_shows_annex5_to_anonymous_visitors(client, contract):
    page = client.get(f"/contracting/contracts/{contract.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="annex5-panel"' in html
    assert 'data-testid="annex5-score"' in html
    assert 'data-testid="annex5-publish"' not in html  # only the body publishes
    assert client.get(f"/monitoring/contracts/{contract.pk}/annex5/").status_code == 200


def test_the_public_api_says_the_score_is_pending(contract):
    data = APIClient().get(f"/api/monitoring/contracts/{contract.pk}/annex5/").json()
    assert data["average_score"] is None and data["score_pending"] is True
    assert data["amount_thousand_tenge"] == "4900.0005"
    assert data["published_version"] is None
    file = APIClient().get(f"/api/monitoring/contracts/{contract.pk}/annex5/?output=pdf&lang=kk")
    assert file.status_code == 200 and file.content.startswith(b"%PDF")
    bad = APIClient().get(f"/api/monitoring/contracts/{contract.pk}/annex5/?output=docx")
    assert bad.status_code == 400 and "output" in str(bad.json())
    assert APIClient().get("/api/monitoring/contracts/999999/annex5/").status_code == 404


def test_texts_come_from_the_contract_the_final_report_and_the_completed_events(contract, ngo_user):
    stage = contract.stages.get(kind=ReportStage.Kind.FINAL)
    report = cs.report_start(stage=stage, actor=ngo_user)
    fields = complete_fields(contract, final=True)
    fields["main_work"] = "Өткізілді 5 семинар"
    cs.report_save_draft(report=report, actor=ngo_user, fields=fields)
    cs.report_submit(report=report, actor=ngo_user, now=dt.datetime(2025, 12, 1, tzinfo=dt.UTC))
    MonitoringEvent.objects.create(
        contract=contract, year=2025, planned_on=dt.date(2025, 5, 1),
        held_on=dt.date(2025, 5, 3), status="completed",
    )  # fmt: skip
    MonitoringEvent.objects.create(contract=contract, year=2025, planned_on=dt.date(2025, 10, 1))
    doc = services.annex5_documents(contract)["kk"]
    process, results = doc.rows[0].cells[5], doc.rows[0].cells[6]
    assert "Іс-шаралар: Семинары" in process
    assert "Мониторинг іс-шаралары өткізілді: 03.05.2025" in process
    assert "01.10.2025" not in process  # a planned event is not yet held
    assert "Есеп: Өткізілді 5 семинар" in process
    assert "Проведено семинаров: 5 / 5 ед." in results
    assert "Молодёжь: 100 / 80" in results


def test_the_body_publishes_and_republishes_a_new_version(client, contract, body_user):
    first = services.annex5_publish(actor=body_user, contract=contract)
    assert {e.version for e in first} == {1} and len(first) == 4
    second = services.annex5_publish(actor=body_user, contract=contract)
    assert {e.version for e in second} == {2}
    assert LedgerEntry.objects.filter(kind=DocumentKind.ANNEX5, object_id=contract.pk).count() == 8
    assert AuditEvent.objects.filter(action="monitoring.annex5.published").count() == 2
    response = client.get(
        f"/monitoring/contracts/{contract.pk}/annex5/download/?lang=ru&format=pdf"
    )
    ru_pdf = next(e for e in second if (e.language, e.format) == ("ru", "pdf"))
    assert response["X-Content-SHA256"] == ru_pdf.sha256
    data = APIClient().get(f"/api/monitoring/contracts/{contract.pk}/annex5/").json()
    assert data["published_version"] == 2


@pytest.mark.parametrize("who", ["ngo_user", "other_body_user", "authorized_user", "expert"])
def test_only_the_contracts_body_publishes(request, contract, who):
    user = request.getfixturevalue(who)
    with pytest.raises(NotPermitted):
        services.annex5_publish(actor=user, contract=contract)
    api = APIClient()
    api.force_authenticate(user)
    assert api.post(f"/api/monitoring/contracts/{contract.pk}/annex5/publish/").status_code == 403
    assert not LedgerEntry.objects.filter(kind=DocumentKind.ANNEX5).exists()

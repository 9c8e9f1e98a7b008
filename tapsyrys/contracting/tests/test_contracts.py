"""C-2/C-3: lots and contracts, status transitions only through services, bad input, uploads."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tapsyrys.contracting import services
from tapsyrys.contracting.models import Contract
from tapsyrys.core.errors import ApplicationError, NotPermitted, TransitionNotAllowed
from tapsyrys.core.models import AuditEvent

from .conftest import PDF
from .factories import act_make

pytestmark = pytest.mark.django_db
S = Contract.Status


@pytest.fixture
def contract(body_user, ngo, make_contract):
    return make_contract(body_user, ngo)


# The status × status matrix itself is written out in test_rules.py.


def test_transition_through_service_is_audited(contract, body_user):
    services.contract_transition(
        contract=contract, actor=body_user, target=S.SUSPENDED, reason="проверка"
    )
    event = AuditEvent.objects.get(action="contracting.contract.status_changed")
    assert event.changes == {"status": ["active", "suspended"]}
    with pytest.raises(TransitionNotAllowed):
        services.contract_transition(contract=contract, actor=body_user, target=S.CLOSED)


def test_closed_contract_cannot_reopen_via_api(contract, body_user, api_for):
    act_make(body_user, contract)  # E-6: completed after the act of services
    services.contract_transition(contract=contract, actor=body_user, target=S.COMPLETED)
    services.contract_transition(contract=contract, actor=body_user, target=S.CLOSED)
    response = api_for(body_user).post(
        f"/api/contracting/contracts/{contract.pk}/transition/", {"status": "active"}, format="json"
    )
    assert response.status_code == 409 and response.json()["field"] == "status"


def test_other_body_cannot_change_status(contract, other_body_user, ngo_user, client_for):
    for user in (other_body_user, ngo_user):
        with pytest.raises(NotPermitted):
            services.contract_transition(contract=contract, actor=user, target=S.SUSPENDED)
        response = client_for(user).post(
            f"/contracting/contracts/{contract.pk}/status/", {"status": "suspended"}
        )
        assert response.status_code == 403
    contract.refresh_from_db()
    assert contract.status == S.ACTIVE


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-1")])
def test_amount_must_be_positive(body_user, ngo, make_contract, amount):
    contract = make_contract(body_user, ngo)
    with pytest.raises(ApplicationError) as exc:
        services.contract_create(
            actor=body_user,
            lot=contract.lot,
            supplier=ngo,
            number="X-1",
            signed_on=dt.date(2025, 1, 1),
            amount=amount,
            starts_on=dt.date(2025, 1, 1),
            ends_on=dt.date(2025, 2, 1),
        )
    assert exc.value.field == "amount"


def test_end_before_start_refused_on_the_page(contract, body_user, ngo, client_for):
    response = client_for(body_user).post(
        f"/contracting/lots/{contract.lot_id}/contract/new/",
        {
            "supplier_bin": ngo.bin,
            "number": "N-2",
            "signed_on": "01.02.2025",
            "year": "2025",
            "amount": "100",
            "starts_on": "2025-06-01",
            "ends_on": "2025-05-01",
        },
    )
    assert response.status_code == 200
    assert "ends_on" in response.context["form"].errors


def test_period_may_span_years(body_user, ngo, make_contract):
    contract = make_contract(body_user, ngo, starts=dt.date(2025, 6, 1), ends=dt.date(2027, 5, 31))
    dues = list(contract.stages.order_by("no").values_list("due_date", flat=True))
    assert dues == sorted(dues) and dues[-1] == dt.date(2027, 5, 31)


def test_body_records_competition_lot_and_contract_on_pages(body_user, ngo, client_for):
    client = client_for(body_user)
    response = client.post(
        "/contracting/competitions/new/",
        {"procurement_number": "ANNO-77", "year": "2025", "title_ru": "Конкурс"},
    )
    assert response.status_code == 302
    competition_url = response["Location"]
    response = client.post(
        competition_url + "lots/new/",
        {
            "number": "1",
            "name_ru": "Лот",
            "name_kk": "Лот",
            "description_kk": "Сипаттама",
            "description_ru": "Описание",
            "amount": "1000000",
        },
    )
    assert response.status_code == 302
    page = client.get(competition_url)
    lot = page.context["lots"][0]
    response = client.post(
        f"/contracting/lots/{lot.pk}/contract/new/",
        {
            "supplier_bin": ngo.bin,
            "number": "D-77",
            "signed_on": "01.02.2025",
            "year": "2025",
            "amount": "990000",
            "starts_on": "2025-02-01",
            "ends_on": "2025-12-01",
            "indicators": "Семинары; ед.; 12",
            "target_groups": "Молодёжь; 300",
            "activities": "Семинар\nКруглый стол",
            "activities_kk": "Семинар\nДөңгелек үстел",
            "indicators_kk": "Семинарлар",
            "spec_document": SimpleUploadedFile("tz.pdf", PDF),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    contract = Contract.objects.get(number="D-77")
    assert contract.indicators.get().planned == Decimal("12")
    assert contract.spec_document.original_name == "tz.pdf"
    assert contract.lot.status == "held"


def test_upload_refused_when_not_an_allowed_type(draft_setup):
    report, user = draft_setup
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 this is an executable")
    with pytest.raises(ApplicationError) as exc:
        services.report_file_add(report=report, actor=user, upload=fake)
    assert exc.value.field == "files" and "not accepted" in str(exc.value.message)


def test_upload_refused_when_too_large(draft_setup, settings):
    settings.UPLOAD_MAX_BYTES = 20
    report, user = draft_setup
    with pytest.raises(ApplicationError) as exc:
        services.report_file_add(report=report, actor=user, upload=SimpleUploadedFile("a.pdf", PDF))
    assert "too large" in str(exc.value.message)
    assert report.files.count() == 0


def test_upload_refusal_is_a_form_error_not_500(draft_setup, client_for):
    report, user = draft_setup
    response = client_for(user).post(
        f"/contracting/reports/{report.pk}/",
        {
            "attachment": SimpleUploadedFile("x.docx", b"plain text, not a document"),
            "action": "save",
        },
    )
    assert response.status_code == 200
    assert "attachment" in response.context["form"].errors


@pytest.fixture
def draft_setup(body_user, ngo_user, make_contract):
    contract = make_contract(body_user, ngo_user.organisation)
    stage = contract.stages.get(no=1)
    return services.report_start(stage=stage, actor=ngo_user), ngo_user

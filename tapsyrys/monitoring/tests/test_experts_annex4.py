"""Annex 4 as xlsx (Kazakh questions for kk, Russian for ru, as in `001`) and PDF (the expert's
name in the text), downloaded from the notice page; a draft carries the draft mark."""

import io

import openpyxl
import pytest
from django.urls import reverse
from pypdf import PdfReader

from tapsyrys.contracting.tests.factories import contract_make
from tapsyrys.monitoring.services import experts as services
from tapsyrys.monitoring.tests.world_experts import NO_CONFLICT
from tapsyrys.publishing.annex4 import TEXTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(body_user, ngo, other_ngo, assigned_expert):
    contract = contract_make(body_user, ngo)
    answers = {
        **NO_CONFLICT,
        "member": {"answer": True, "ngos": [other_ngo], "details": "Учредитель с 2019 года"},
    }
    draft = services.notice_file(actor=assigned_expert, contract=contract, answers=answers)
    return services.notice_sign(actor=assigned_expert, notice=draft)


def _cells(content):
    wb = openpyxl.load_workbook(io.BytesIO(content))
    ws = wb.active
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]


KAZAKH_Q1 = "Сіз үкіметтік емес ұйымның мүшесі (қатысушысы), құрылтайшысы"
KAZAKH_Q4 = "Сізде үкіметтік емес ұйымның жұмыскерлерімен жақын туыстық"
RUSSIAN_Q1 = "Являетесь ли Вы членом (участником), учредителем неправительственной"
RUSSIAN_Q3 = "Получали ли Вы в течение последних трех лет оплату"


def test_xlsx_in_kazakh(client_for, assigned_expert, notice, other_ngo):
    response = client_for(assigned_expert).get(
        reverse("monitoring:notice_xlsx", args=[notice.pk]) + "?lang=kk"
    )
    assert response.status_code == 200
    text = "\n".join(_cells(response.content))
    assert KAZAKH_Q1 in text and KAZAKH_Q4 in text
    assert "4-қосымша" in text
    assert "мүдделер қақтығысының болмауы туралы хабарлаймын" in text  # absence declared
    assert RUSSIAN_Q1 not in text
    assert "Иә" in text and "Жоқ" in text
    assert other_ngo.name_kk in text and other_ngo.bin in text
    assert str(assigned_expert) in text  # "Кімнен" and the signature
    assert "Қолы" in text


def test_xlsx_in_russian(client_for, body_user, notice, other_ngo):
    response = client_for(body_user).get(
        reverse("monitoring:notice_xlsx", args=[notice.pk]) + "?lang=ru"
    )
    text = "\n".join(_cells(response.content))
    assert RUSSIAN_Q1 in text and RUSSIAN_Q3 in text
    assert "Приложение 4" in text and "Подпись" in text
    assert KAZAKH_Q1 not in text
    assert other_ngo.name_ru in text
    assert "Учредитель с 2019 года" in text


def test_pdf_renders_with_the_experts_name(client_for, authorized_user, notice, assigned_expert):
    for lang in ("kk", "ru"):
        response = client_for(authorized_user).get(
            reverse("monitoring:notice_pdf", args=[notice.pk]) + f"?lang={lang}"
        )
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
        flat = " ".join(text.split())
        assert str(assigned_expert) in flat
        assert ("Кімнен" if lang == "kk" else "От кого") in flat


def test_a_draft_is_marked(client_for, body_user, ngo, expert):
    contract = contract_make(body_user, ngo)
    draft = services.notice_file(actor=expert, contract=contract, answers=NO_CONFLICT,
                                 declares_conflict=True)  # fmt: skip
    response = client_for(expert).get(reverse("monitoring:notice_xlsx", args=[draft.pk]))
    assert "_draft_" in response["Content-Disposition"]
    text = "\n".join(_cells(response.content))
    # English interface: the form falls back to Russian; the presence of a conflict declared
    assert "уведомляю о наличии конфликта интересов" in text
    assert TEXTS["ru"]["no_date"] in text


def test_other_users_cannot_download(client_for, other_body_user, ngo_user, notice):
    for user in (other_body_user, ngo_user):
        response = client_for(user).get(reverse("monitoring:notice_pdf", args=[notice.pk]))
        assert response.status_code == 403

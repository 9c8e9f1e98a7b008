"""Annex 7 (a council member's assessment sheet) in Kazakh and Russian, xlsx and PDF: the
annex's words, the four criteria with their scores and explanations, the total, the
member's name, the draft mark (pure builder; no database)."""

import datetime as dt
import io

import openpyxl
import pytest
from pypdf import PdfReader

from tapsyrys.publishing.annex7 import annex7_document
from tapsyrys.publishing.annexes import render

SHEET = {
    "project_kk": "Жастарға арналған семинарлар",
    "project_ru": "Семинары для молодёжи",
    "supplier_kk": "«Болашақ» ҚҚ",
    "supplier_ru": "ОФ «Болашак»",
    "member": "Айгерим Сапарова",
    "filled_on": dt.date(2026, 1, 14),
    "signed_at": "14.01.2026 10:30",
    "scores": [
        {"criterion": "results", "score": 5, "comment": "Кесте бойынша"},
        {"criterion": "positive_effect", "score": 4, "comment": ""},
        {"criterion": "continuation", "score": 3, "comment": "Қаржы керек"},
        {"criterion": "long_term_effect", "score": 4, "comment": ""},
    ],
    "recommendations": "Жобаны жалғастыру",
}


def _cells(content):
    ws = openpyxl.load_workbook(io.BytesIO(content)).active
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]


def test_kazakh_xlsx_has_the_annex_words_and_the_total():
    content, _media = render(annex7_document(lang="kk", sheet=SHEET), "xlsx")
    text = "\n".join(_cells(content))
    assert "7-қосымша" in text
    assert "Сараптамалық кеңес мүшесінің бағалау парағы" in text
    assert "Әлеуметтік жобаларды орындау нәтижелері" in text
    assert "ұзақ мерзімді оң әлеуметтік әсердің ықтималдығы" in text
    assert "Жиынында (балдарды есептеу)" in text
    assert "Жастарға арналған семинарлар" in text and "«Болашақ» ҚҚ" in text
    assert "Толтыру күні: 14.01.2026" in text
    assert "16" in _cells(content)  # 5 + 4 + 3 + 4
    assert "Айгерим Сапарова" in text and "ҚОЛЫ" in text
    assert "Лист оценки" not in text


def test_russian_xlsx():
    content, _media = render(annex7_document(lang="ru", sheet=SHEET), "xlsx")
    text = "\n".join(_cells(content))
    assert "Приложение 7" in text
    assert "Лист оценки члена экспертного совета" in text
    assert "Результаты реализации социальных проектов" in text
    assert "Итого (подсчет баллов)" in text
    assert "Семинары для молодёжи" in text and "ОФ «Болашак»" in text
    assert "Подпись" in text


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_pdf_renders_with_the_members_name(lang):
    content, media = render(annex7_document(lang=lang, sheet=SHEET), "pdf")
    assert media == "application/pdf"
    text = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())
    assert "Айгерим Сапарова" in text


def test_a_draft_without_all_scores_has_no_total_and_is_marked():
    draft = {**SHEET, "signed_at": None, "filled_on": None,
             "scores": [{"criterion": "results", "score": 2, "comment": ""}]}  # fmt: skip
    doc = annex7_document(lang="ru", sheet=draft, draft=True)
    assert doc.draft
    total = [r for r in doc.rows if r.kind == "total"][0]
    assert total.cells[2] == ""
    content, _media = render(doc, "xlsx")
    assert "ПРОЕКТ" in "\n".join(_cells(content))

"""Annex 8 (§19, E-5): the report's words in kk and ru, the four criteria with their averages
(two decimals) and comments, the total, the posting line; renders to xlsx and PDF."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tapsyrys.core.errors import ApplicationError
from tapsyrys.publishing.annex8 import CRITERIA, TEXTS, annex8_document
from tapsyrys.publishing.annexes import render

AVERAGES = {"results": "4.00", "positive_effect": "4.33", "continuation": "3.67",
            "long_term_effect": "4.33"}  # fmt: skip


def _report(**over):
    report = {
        "area_kk": "Жастар саясаты", "area_ru": "Молодежная политика",
        "name_kk": "Жастар орталығы", "name_ru": "Молодежный центр",
        "rows": [{"criterion": c, "average": Decimal(AVERAGES[c]), "comments": f"1) {c} ok"}
                 for c in CRITERIA],
        "total": Decimal("16.33"), "recommendations": "1) продолжить",
        "sheets_counted": 3, "excluded": 1, "completed_on": dt.date(2025, 12, 5),
        "posted_on": None, "portal_reference": "",
    }  # fmt: skip
    report.update(over)
    return report


def _cells(content):
    ws = load_workbook(io.BytesIO(content)).active
    return [c.value for row in ws.iter_rows() for c in row if c.value is not None]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_form_in_each_language(lang):
    t = TEXTS[lang]
    doc = annex8_document(lang=lang, report=_report())
    assert doc.title == t["title"]
    assert [c.header for c in doc.columns] == t["columns"]
    rows = [r for r in doc.rows if r.kind == "row"]
    assert [r.cells[0] for r in rows] == [1, 2, 3, 4]
    assert [r.cells[1] for r in rows] == [t["criteria"][c] for c in CRITERIA]
    assert [str(r.cells[2]) for r in rows] == ["4.00", "4.33", "3.67", "4.33"]
    (total,) = [r for r in doc.rows if r.kind == "total"]
    assert total.cells[1] == t["total"] and total.cells[2] == Decimal("16.33")
    assert ("8-қосымша" if lang == "kk" else "Приложение 8") in " ".join(doc.caption)
    assert t["not_posted"] in doc.footer
    assert any("05.12.2025" in line for line in doc.footer)
    assert ("Жастар орталығы" if lang == "kk" else "Молодежный центр") in doc.subtitle


def test_the_kazakh_words_are_the_annex():
    t = TEXTS["kk"]
    assert t["columns"][2] == "Сараптамалық кеңестің орташа бағасы"
    assert t["total"] == "Жиынында (балдарды есептеу)"
    assert t["criteria"]["results"] == "Әлеуметтік жобаларды орындау нәтижелері"


def test_the_posting_line():
    doc = annex8_document(
        lang="ru", report=_report(posted_on=dt.date(2025, 12, 8), portal_reference="GZ-77")
    )
    assert "Размещен на веб-портале государственных закупок: 08.12.2025, GZ-77" in doc.footer
    assert TEXTS["ru"]["not_posted"] not in doc.footer


def test_no_recommendations_no_line():
    doc = annex8_document(lang="kk", report=_report(recommendations=""))
    assert not any(line.startswith("Ұсынымдар") for line in doc.footer)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_renders_to_xlsx_and_pdf(lang):
    doc = annex8_document(lang=lang, report=_report(), draft=True)
    content, media = render(doc, "xlsx")
    cells = [str(v) for v in _cells(content)]
    assert any(TEXTS[lang]["criteria"]["continuation"] in v for v in cells)
    assert any("3.67" in v or "3,67" in v for v in cells)
    pdf, media = render(doc, "pdf")
    assert pdf.startswith(b"%PDF") and media == "application/pdf"


def test_an_unknown_language_is_refused():
    with pytest.raises(ApplicationError) as refused:
        annex8_document(lang="en", report=_report())
    assert refused.value.field == "lang"

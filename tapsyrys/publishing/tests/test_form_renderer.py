"""The one form renderer (issue 14): xlsx read back with openpyxl, PDF read back with pypdf.

Every check here is against what a clerk would see: A4, headers repeated, a page footer, rows
that fit their text, labels not cut, no formula, no control character; in the PDF, no row on
two pages, the signature block with table rows, lines kept inside cells, "page N of M"."""

import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tapsyrys.publishing import annexes
from tapsyrys.publishing.document import clean_text, csv_cell
from tapsyrys.publishing.pdf import page_content, render_form_pdf
from tapsyrys.publishing.xlsx import render_xlsx

BODY = {"name_kk": "Алматы қаласының әкімдігі", "name_ru": "Акимат города Алматы"}
LONG = "Обучение, консультации и информационное сопровождение получателей услуг. " * 6


def _annex3(lang="ru", rows_per_area=(40, 35, 30), edition="2022", **kw):
    groups = []
    n = 0
    for number, count in enumerate(rows_per_area, start=1):
        rows = []
        for _ in range(count):
            n += 1
            rows.append(
                {
                    "administrator_ru": "Акимат",
                    "administrator_kk": "Әкімдік",
                    "name_ru": f"PRJ{n:04d} проект",
                    "name_kk": f"PRJ{n:04d} жоба",
                    "amount": Decimal(1000 + n) / 10,
                    "summary": f"SUMA{n:04d} {LONG} FINI{n:04d}",
                }
            )
        groups.append({"number": number, "name_kk": f"Сала {number}", "name_ru": f"Сфера {number}",
                       "rows": rows})  # fmt: skip
    doc = annexes.annex3_document(lang=lang, year=2027, body=BODY, groups=groups, edition=edition,
                                  **kw)  # fmt: skip
    return doc, n


def _sheet(content):
    return load_workbook(io.BytesIO(content)).active


def _values(ws):
    return [c.value for row in ws.iter_rows() for c in row if c.value is not None]


def _pages(content):
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages]


# --- xlsx -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_xlsx_prints_on_a4_fitted_to_width_with_headers_and_page_footer(lang):
    doc, _ = _annex3(lang)
    ws = _sheet(render_xlsx(doc))
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    header_row = next(
        r for r in range(1, 20) if ws.cell(row=r, column=2).value == doc.columns[1].header
    )
    # the column headers and their numbers (1 2 3 4 5) repeat on every printed page
    assert ws.print_title_rows == f"${header_row}:${header_row + 1}"
    footer = ws.oddFooter.right.text
    expected = {"kk": "&P-бет, барлығы &N", "ru": "Страница &P из &N"}[lang]
    assert footer == expected


def test_xlsx_totals_are_numbers_in_thousand_tenge_equal_to_the_rows():
    doc, n = _annex3(rows_per_area=(3, 2))
    ws = _sheet(render_xlsx(doc))
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    amounts = [r[3] for r in rows if isinstance(r[2], str) and r[2].startswith("PRJ")]
    assert len(amounts) == n == 5
    assert all(isinstance(a, int | float) for a in amounts)
    totals = [r[3] for r in rows if r[1] == "Итого"]
    assert totals == [pytest.approx(100.1 + 100.2 + 100.3), pytest.approx(100.4 + 100.5)]
    grand = next(r[3] for r in rows if r[1] == "Всего")
    assert grand == pytest.approx(sum(amounts))
    money = next(c for row in ws.iter_rows() for c in row if c.value == amounts[0])
    assert money.number_format == "#,##0.0##"


def test_xlsx_row_heights_fit_wrapped_text():
    doc, _ = _annex3(rows_per_area=(2,))
    ws = _sheet(render_xlsx(doc))
    for row in ws.iter_rows():
        summary = row[4].value
        if isinstance(summary, str) and summary.startswith("SUMA"):
            height = ws.row_dimensions[row[0].row].height
            # ~470 characters in a 60-character column: at least 8 lines of 15 pt
            assert height is not None and height >= 8 * 15, (summary[:8], height)
    one_line = next(r for r in ws.iter_rows() if r[1].value == "Итого")
    assert ws.row_dimensions[one_line[0].row].height == 15


def _merged_width(ws, cell):
    for merged in ws.merged_cells.ranges:
        if cell.coordinate in merged:
            return sum(
                ws.column_dimensions[ws.cell(row=1, column=c).column_letter].width
                for c in range(merged.min_col, merged.max_col + 1)
            )
    return ws.column_dimensions[cell.column_letter].width


@pytest.mark.parametrize("lang,role", [("kk", "Басшы"), ("ru", "Руководитель")])
def test_xlsx_signature_label_is_not_cut_and_lines_are_separate_and_labelled(lang, role):
    doc, _ = _annex3(lang, rows_per_area=(1,))
    ws = _sheet(render_xlsx(doc))
    label = next(c for row in ws.iter_rows() for c in row if c.value == role)
    assert _merged_width(ws, label) >= len(role) + 2
    hints = {"kk": ("(тегі, аты, әкесінің аты (бар болған жағдайда))", "(қолы)"),
             "ru": ("(фамилия, имя, отчество (при его наличии))", "(подпись)")}[lang]  # fmt: skip
    name_hint = next(c for row in ws.iter_rows() for c in row if c.value == hints[0])
    sign_hint = next(c for row in ws.iter_rows() for c in row if c.value == hints[1])
    assert name_hint.row == sign_hint.row == label.row + 1
    assert sign_hint.column > name_hint.column > label.column
    # the name line and the signature line are two bordered cells with no shared cell
    line_cells = [c for c in ws[label.row] if c.border.bottom and c.border.bottom.style]
    assert {c.column for c in line_cells} >= {name_hint.column, sign_hint.column}


DANGEROUS = ['=HYPERLINK("http://evil.example","click")', "+7 701 000", "-1+2", "@SUM(A1)"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_xlsx_text_that_looks_like_a_formula_is_written_as_text(text):
    doc = annexes.annex1_document(
        lang="ru", year=2027, body=BODY,
        rows=[{"theme_ru": text, "theme_kk": text, "financing": "10", "justification": text}],
    )  # fmt: skip
    ws = _sheet(render_xlsx(doc))
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c for c in cells if c.data_type == "f"]
    theme = [c for c in cells if c.value == text]
    assert len(theme) == 2 and all(c.data_type == "s" for c in theme)


def test_control_characters_are_stripped_and_line_breaks_kept():
    assert clean_text("a\x01b\x00c\x1f\x7fd\x85e") == "abcde"
    assert clean_text("one\r\ntwo\rthree\tfour") == "one\ntwo\nthree\tfour"
    doc = annexes.annex2_document(
        lang="kk", year=2027, body=BODY,
        rows=[{"theme_kk": "Тақырып\x01", "author": "Ай\x02гүл", "remark": "Бір\x0bжол\nекінші",
               "outcome": "accepted"}],
    )  # fmt: skip
    ws = _sheet(render_xlsx(doc))
    values = _values(ws)
    assert "Тақырып" in values
    text = next(v for v in values if isinstance(v, str) and v.startswith("Ескерту:"))
    assert text == "Ескерту: Біржол\nекінші\nАвторы: Айгүл"
    assert not [v for v in values if isinstance(v, str) and re.search(r"[\x00-\x08\x0b-\x1f]", v)]


@pytest.mark.parametrize(
    "value,expected",
    [
        ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"), ("a=b", "a=b"),
        ("x\x01y", "xy"), (None, ""), (Decimal("-1.5"), "-1.5"), (-3, "-3"),
    ],
)  # fmt: skip
def test_csv_cells_never_start_a_formula(value, expected):
    assert csv_cell(value) == expected


def test_draft_is_marked_in_the_sheet_and_the_print_header():
    doc, _ = _annex3("kk", rows_per_area=(1,), draft=True)
    ws = _sheet(render_xlsx(doc))
    assert annexes.TEXTS["kk"]["draft"] in _values(ws)
    assert ws.oddHeader.left.text == annexes.TEXTS["kk"]["draft"]
    final, _ = _annex3("kk", rows_per_area=(1,))
    assert annexes.TEXTS["kk"]["draft"] not in _values(_sheet(render_xlsx(final)))


# --- PDF ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def long_pdf():
    doc, n = _annex3("ru")
    return _pages(render_form_pdf(doc)), n


def test_pdf_no_row_splits_across_pages(long_pdf):
    pages, n = long_pdf
    assert len(pages) >= 5
    for i in range(1, n + 1):
        found = {
            token: [p for p, text in enumerate(pages) if f"{token}{i:04d}" in text]
            for token in ("PRJ", "SUMA", "FINI")
        }
        assert found["PRJ"] and found["PRJ"] == found["SUMA"] == found["FINI"], (i, found)


def test_pdf_headers_repeat_and_pages_are_numbered(long_pdf):
    pages, _ = long_pdf
    for number, text in enumerate(pages, start=1):
        assert "Наименование социального проекта" in " ".join(text.split()), number
        assert f"Страница {number} из {len(pages)}" in text


def test_pdf_signature_block_shares_its_page_with_table_rows(long_pdf):
    pages, n = long_pdf
    last = [p for p, text in enumerate(pages) if "Руководитель" in text]
    assert last == [len(pages) - 1]
    assert f"PRJ{n:04d}" in pages[-1] and "Всего" in pages[-1]
    assert "(фамилия, имя, отчество (при его наличии))" in pages[-1]
    assert "(подпись)" in pages[-1]


def test_pdf_keeps_line_breaks_inside_cells():
    doc = annexes.annex2_document(
        lang="ru", year=2027, body=BODY,
        rows=[{"theme_ru": "Тема", "author": "Айгуль", "remark": "Первое", "proposal": "Второе",
               "outcome": "rejected", "justification": "Нет лимита"}],
    )  # fmt: skip
    text = _pages(render_form_pdf(doc))[0]
    lines = [line.strip() for line in text.splitlines()]
    # each part on a line of its own (the first shares its line with the row's other cells)
    assert any(line.endswith("Замечание: Первое") for line in lines)
    assert "Предложение: Второе" in lines and "Автор: Айгуль" in lines


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_pdf_draft_carries_its_mark(lang):
    doc, _ = _annex3(lang, rows_per_area=(1,), draft=True)
    text = _pages(render_form_pdf(doc))[0]
    assert {"kk": "ЖОБА", "ru": "ПРОЕКТ"}[lang] in text


def test_page_label_becomes_css_content():
    assert page_content("Страница {page} из {pages}") == (
        '"Страница " counter(page) " из " counter(pages)'
    )
    assert page_content("{page}-бет, барлығы {pages}") == (
        'counter(page) "-бет, барлығы " counter(pages)'
    )


# --- Editions (X-EDITION) -------------------------------------------------------------------


@pytest.mark.parametrize(
    "edition,lang,caption_word,area_label",
    [
        ("2022", "kk", "қалыптастыру, оның іске асырылу", "1-сала. Сала 1"),
        ("2021", "kk", "асыру мониторингі және осы", "1-бағыт. Сала 1"),
        ("2018", "kk", "асыру мониторингі және осы", "1-бағыт. Сала 1"),
        ("2022", "ru", "мониторинга реализации и оценки", "Сфера 1. Сфера 1"),
        ("2021", "ru", "мониторинга реализации и оценки", "Направление 1. Сфера 1"),
    ],
)
def test_annex3_caption_and_area_label_follow_the_edition(edition, lang, caption_word, area_label):
    doc, _ = _annex3(lang, rows_per_area=(1,), edition=edition)
    assert caption_word in doc.caption
    assert doc.caption[-1 if lang == "kk" else 0] == (
        "3-қосымша" if lang == "kk" else "Приложение 3"
    )
    assert [r.cells[0] for r in doc.rows if r.kind == "group"] == [area_label]
    other = "бағыт" if edition == "2022" else "сала."
    assert not [r for r in doc.rows if r.kind == "group" and other in r.cells[0]]


def test_pdf_area_title_stays_with_its_first_row(long_pdf):
    pages, _ = long_pdf
    for title, first_row in (
        ("Сфера 1. Сфера 1", 1),
        ("Сфера 2. Сфера 2", 41),
        ("Сфера 3. Сфера 3", 76),
    ):
        on = [p for p, text in enumerate(pages) if title in text]
        assert on and f"PRJ{first_row:04d}" in pages[on[0]], (title, on)

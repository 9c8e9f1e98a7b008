import io
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from tapsyrys.core.errors import ApplicationError
from tapsyrys.publishing import annexes
from tapsyrys.publishing.xlsx import render_xlsx

KK_HEADERS = [
    "Бюджеттік бағдарлама әкімшісінің атауы",
    "Әлеуметтік жобаның және (немесе) әлеуметтік бағдарламаның атауы",
    "Жоспарланған сомасы (мың теңге)",
    "Әлеуметтік жобаның және (немесе) әлеуметтік бағдарламаның қысқаша мазмұны",
]
RU_HEADERS = [
    "Наименование администратора бюджетной программы",
    "Наименование социального проекта и (или) социальной программы",
    "Планируемая сумма (тысяч тенге)",
    "Краткое содержание социального проекта и (или) социальной программы",
]
amounts = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("999999999.999"), places=3)


def _groups(data):
    return [
        {
            "number": n,
            "name_kk": f"{n}-сала",
            "name_ru": f"Сфера {n}",
            "rows": [
                {"administrator_ru": "Акимат", "administrator_kk": "Әкімдік", "name_ru": f"П{i}",
                 "name_kk": f"Ж{i}", "amount": a, "summary": "S"}
                for i, a in enumerate(rows)
            ],
        }
        for n, rows in enumerate(data, start=1)
    ]  # fmt: skip


def _cells(content):
    ws = load_workbook(io.BytesIO(content)).active
    return ws, [[c.value for c in row] for row in ws.iter_rows()]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(amounts, max_size=6), min_size=1, max_size=19))
def test_annex3_totals_per_area_and_grand_total_equal_the_rows(data):
    doc = annexes.annex3_document(lang="ru", year=2026, body=None, groups=_groups(data))
    totals = [r for r in doc.rows if r.kind == "total"]
    assert len(totals) == len(data)
    for total, rows in zip(totals, data, strict=True):
        assert total.cells[3] == sum(rows, Decimal(0))
    grand = [r for r in doc.rows if r.kind == "grand_total"]
    assert len(grand) == 1 and grand[0].cells[3] == sum(
        (sum(r, Decimal(0)) for r in data), Decimal(0)
    )


def test_annex3_xlsx_kazakh_headers_groups_and_totals():
    data = [[Decimal("100.5"), Decimal("200")], [], [Decimal("0.125")]]
    doc = annexes.annex3_document(
        lang="kk", year=2026, body={"name_kk": "Алматы қаласының әкімдігі"}, groups=_groups(data)
    )
    ws, cells = _cells(render_xlsx(doc))
    flat = [v for row in cells for v in row if v is not None]
    for header in KK_HEADERS:
        assert header in flat
    assert "Нысан" in flat and any(v == "3-қосымша" for v in flat)
    assert sum(1 for v in flat if v == "Жиынында") == 3
    total_rows = [row for row in cells if "Жиынында" in row]
    assert total_rows[0][3] == pytest.approx(300.5)
    assert total_rows[1][3] == 0
    grand = next(row for row in cells if "Барлығы" in row)
    assert grand[3] == pytest.approx(300.625)
    assert [1, 2, 3, 4, 5] in cells  # the column-number row of the form
    assert any(isinstance(v, str) and v.startswith("1-сала") for v in flat)


def test_annex3_xlsx_russian_headers():
    doc = annexes.annex3_document(lang="ru", year=2026, body=None, groups=_groups([[Decimal(5)]]))
    _ws, cells = _cells(render_xlsx(doc))
    flat = [v for row in cells for v in row if v is not None]
    for header in RU_HEADERS:
        assert header in flat
    assert "Итого" in flat and "Всего" in flat and "Форма" in flat
    assert any("на 2026 год" in str(v) for v in flat)


def test_annex1_and_annex2_headers_in_both_languages():
    rows1 = [{"theme_kk": "Тақырып", "theme_ru": "Тема", "financing": "1500.5", "justification": "J",
              "target_group": "T", "expected_result": "R"}]  # fmt: skip
    rows2 = [{"theme_kk": "Тақырып", "theme_ru": "Тема", "author": "Айгуль", "remark": "Замечание",
              "proposal": "", "outcome": "rejected", "justification": "Вне лимита"}]  # fmt: skip
    kk1 = _cells(render_xlsx(annexes.annex1_document(lang="kk", year=2026, body=None, rows=rows1)))[
        1
    ]
    assert (
        "Қаржыландырудың жоспарланған көлемі (мың теңге)"
        in kk1[next(i for i, r in enumerate(kk1) if "№" in r)]
    )
    ru1 = _cells(render_xlsx(annexes.annex1_document(lang="ru", year=2026, body=None, rows=rows1)))[
        1
    ]
    assert ["№", "Планируемая тема государственного социального заказа",
            "Планируемый объем финансирования (тысяч тенге)",
            "Обоснование с указанием источника информации", "Целевая группа населения",
            "Ожидаемый результат"] in ru1  # fmt: skip
    assert any(r[1] == "Тема" and r[2] == pytest.approx(1500.5) for r in ru1)
    kk2 = _cells(render_xlsx(annexes.annex2_document(lang="kk", year=2026, body=None, rows=rows2)))[
        1
    ]
    flat = [v for row in kk2 for v in row if v is not None]
    assert "Авторын көрсете отырып, ескертулер және (немесе) ұсыныстар (қысқаша мазмұны)" in flat
    assert any(str(v).startswith("Қабылданбады. Вне лимита") for v in flat)


def test_pdf_has_signature_lines_and_renders():
    from tapsyrys.publishing.pdf import render_form_pdf

    doc = annexes.annex3_document(lang="kk", year=2026, body=None, groups=_groups([[Decimal(5)]]))
    assert doc.signatures and doc.signatures[0].role == "Басшы"
    content = render_form_pdf(doc)
    assert content.startswith(b"%PDF")
    assert len(content) > 2000


@pytest.mark.parametrize("lang", ["en", "", "de"])
def test_only_kk_and_ru_forms(lang):
    with pytest.raises(ApplicationError) as exc:
        annexes.annex1_document(lang=lang, year=2026, body=None, rows=[])
    assert exc.value.field == "lang"


def test_unknown_format():
    with pytest.raises(ApplicationError):
        annexes.check_format("docx")

"""The authorized body's Information for the Government on the results of the state social order
of a year (§11, M-10), in Kazakh and Russian, as xlsx and PDF with charts.

The tables are one FormDocument (three sections: by state body, by area, by region; a grand
total), laid out by the shared renderers. Charts:
- xlsx: a second sheet with the contract amounts by area and an openpyxl bar chart of them;
- PDF: a horizontal bar chart drawn in plain SVG (no script: WeasyPrint renders it), followed
  by the tables.
The Rules give this Information no form: the words below are ours, in the annexes' style.
"""

import io
from decimal import Decimal

from openpyxl import load_workbook
from openpyxl.chart import BarChart, Reference

from .annexes import TEXTS as ANNEX_TEXTS
from .annexes import _pick, check_format, check_language, edition_words
from .document import MONEY, NUMBER, SCORE, TEXT, Column, FormDocument, Row
from .pdf import PDF_CONTENT_TYPE, page_content, render_pdf
from .xlsx import XLSX_CONTENT_TYPE, render_xlsx

TEXTS = {
    "kk": {
        "title": "{year} жылғы мемлекеттік әлеуметтік тапсырысты іске асыру нәтижелері туралы "
        "ақпарат",
        "subtitle": "Қазақстан Республикасының Үкіметіне (Қағидалардың 11-тармағы)",
        "columns": [
            "№",
            "Атауы",
            "Жобалар саны",
            "Жоспарланған сомасы (мың теңге)",
            "Шарт сомасы (мың теңге)",
            "Қамту: жоспар (адам)",
            "Қамту: нақты (адам)",
            "Орташа баға",
            "Ерекше бақылау жағдайлары",
            "Қабылданған шешімдер",
        ],
        "body": "Мемлекеттік органдар бойынша",
        "area": "Салалар бойынша",
        "region": "Өңірлер бойынша",
        "no_region": "Республикалық деңгей",
        "no_area": "Сала көрсетілмеген",
        "chart": "Шарт сомасы салалар бойынша (мың теңге)",
        "chart_sheet": "Диаграмма",
        "form": "Ақпарат",
    },
    "ru": {
        "title": "Информация о результатах реализации государственного социального заказа за "
        "{year} год",
        "subtitle": "В Правительство Республики Казахстан (пункт 11 Правил)",
        "columns": [
            "№",
            "Наименование",
            "Количество проектов",
            "Планируемая сумма (тысяч тенге)",
            "Сумма договоров (тысяч тенге)",
            "Охват: план (человек)",
            "Охват: факт (человек)",
            "Средний балл",
            "Случаи особого контроля",
            "Принятые решения",
        ],
        "body": "По государственным органам",
        "area": "По сферам",
        "region": "По регионам",
        "no_region": "Республиканский уровень",
        "no_area": "Сфера не указана",
        "chart": "Сумма договоров по сферам (тысяч тенге)",
        "chart_sheet": "Диаграмма",
        "form": "Информация",
    },
}
WIDTHS = [6, 44, 12, 18, 18, 14, 14, 10, 14, 14]
KINDS = [NUMBER, TEXT, NUMBER, MONEY, MONEY, NUMBER, NUMBER, SCORE, NUMBER, NUMBER]


def _label(row, dim, lang, area_label):
    t = TEXTS[lang]
    if dim == "area":
        if row.get("key") is None:
            return t["no_area"]
        name = _pick(row, "name", lang)
        return area_label(row["number"], name) if row.get("number") else name
    if dim == "region" and row.get("key") is None:
        return t["no_region"]
    return _pick(row, "name", lang)


def _cells(row):
    return [
        row["projects"],
        row["planned"],
        row["amount"],
        row["coverage_planned"],
        row["coverage_reached"],
        row["score"],
        row["cases"],
        row["decisions"],
    ]


def summary_document(data, *, lang, as_of=None, draft=False) -> FormDocument:
    """The tables of the summary (selectors.annexes.national_summary) as a FormDocument."""
    lang = check_language(lang)
    t, common = TEXTS[lang], ANNEX_TEXTS[lang]
    edition = data.get("edition")
    words = edition_words(edition.code if edition else None, lang)
    doc = FormDocument(
        caption=[],
        form_label=t["form"],
        title=t["title"].format(year=data["year"]),
        subtitle=t["subtitle"],
        columns=[Column(h, k, w) for h, k, w in zip(t["columns"], KINDS, WIDTHS, strict=True)],
        numbered_columns=True,
        sheet_title=str(data["year"]),
        lang=lang,
        draft=common["draft"] if draft else "",
        page_label=common["page"],
    )
    for dim in ("body", "area", "region"):
        doc.add_group(t[dim])
        for n, row in enumerate(data["by"][dim], start=1):
            doc.add(n, _label(row, dim, lang, words["area"]), *_cells(row))
    total = data["total"]
    cells = [""] * doc.width
    cells[1] = common["grand_total"]
    cells[2:] = _cells(total)
    doc.rows.append(Row(cells, "grand_total"))
    if as_of is not None:
        doc.footer.append(common["as_of"](as_of))
    return doc


def chart_bars(data, *, lang):
    """The bars of the chart: contract amounts by area, widths in per cent of the largest."""
    edition = data.get("edition")
    words = edition_words(edition.code if edition else None, lang)
    rows = data["by"]["area"]
    top = max((r["amount"] for r in rows), default=Decimal(0)) or Decimal(1)
    return [
        {
            "label": _label(r, "area", lang, words["area"]),
            "value": r["amount"],
            "width": float(round(r["amount"] * 100 / top, 1)),
        }
        for r in rows
    ]


def render_summary(data, *, lang, fmt, as_of=None, draft=False):
    """(bytes, content type) of the summary in xlsx (with a bar chart) or PDF (SVG chart)."""
    lang = check_language(lang)
    fmt = check_format(fmt)
    doc = summary_document(data, lang=lang, as_of=as_of, draft=draft)
    if fmt == "pdf":
        bars = chart_bars(data, lang=lang)
        bar_height, gap, label_width = 16, 6, 330
        for i, bar in enumerate(bars):
            bar["y"] = i * (bar_height + gap)
            bar["text_y"] = bar["y"] + bar_height - 4
        return (
            render_pdf(
                "monitoring/annexes/summary_pdf.html",
                {
                    "doc": doc,
                    "rows": doc.pdf_rows,
                    "bars": bars,
                    "chart_title": TEXTS[lang]["chart"],
                    "chart_height": max(len(bars), 1) * (bar_height + gap),
                    "bar_height": bar_height,
                    "label_width": label_width,
                    "page_content": page_content(doc.page_label),
                },
            ),
            PDF_CONTENT_TYPE,
        )
    return _with_chart(render_xlsx(doc), data, lang), XLSX_CONTENT_TYPE


def _with_chart(content, data, lang):
    """The workbook with a chart sheet: contract amounts by area and their bar chart."""
    t = TEXTS[lang]
    book = load_workbook(io.BytesIO(content))
    sheet = book.create_sheet(t["chart_sheet"])
    sheet.append([t["columns"][1], t["columns"][4]])
    for bar in chart_bars(data, lang=lang):
        label = bar["label"]
        sheet.append([("'" + label) if label[:1] in "=+-@" else label, float(bar["value"])])
    sheet.column_dimensions["A"].width = 60
    chart = BarChart()
    chart.type = "bar"
    chart.title = t["chart"]
    chart.legend = None
    count = len(data["by"]["area"])
    if count:
        values = Reference(sheet, min_col=2, min_row=1, max_row=count + 1)
        labels = Reference(sheet, min_col=1, min_row=2, max_row=count + 1)
        chart.add_data(values, titles_from_data=True)
        chart.set_categories(labels)
    chart.height = max(8, count * 0.8)
    chart.width = 24
    sheet.add_chart(chart, "D2")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

"""Official forms as Excel workbooks (X-EXPORT), laid out like the annexes: caption top right,
"Form", the title, the column headers (and their numbers), area groups with "Total" rows
and a grand total, amounts in thousand tenge, signature lines."""

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from .document import MONEY, NUMBER, SCORE, FormDocument

THOUSANDS_FORMAT = "#,##0.0##"  # thousand tenge: 1 234,5 (up to one tenge shown when present)
SCORE_FORMAT = "0.00"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_thin = Side(style="thin", color="000000")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
BOLD = Font(name="Times New Roman", bold=True, size=11)
NORMAL = Font(name="Times New Roman", size=11)
TITLE = Font(name="Times New Roman", bold=True, size=13)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(wrap_text=True, horizontal="center", vertical="center")
RIGHT = Alignment(horizontal="right", vertical="top")
GROUP_FILL = PatternFill("solid", fgColor="EDEFF3")
TOTAL_FILL = PatternFill("solid", fgColor="F7F7F7")


def _cell_value(value, kind):
    if value is None:
        return None
    if kind in (MONEY, SCORE) and value != "":
        return Decimal(value)
    return value


def write_form(ws, doc: FormDocument, start_row=1) -> int:
    """Write `doc` into worksheet `ws` from `start_row`; returns the next free row."""
    width = doc.width
    last_col = get_column_letter(width)
    for index, column in enumerate(doc.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    r = start_row
    for line in doc.caption:
        cell = ws.cell(row=r, column=width, value=line)
        cell.font = NORMAL
        cell.alignment = Alignment(horizontal="right", wrap_text=True)
        r += 1
    cell = ws.cell(row=r, column=width, value=doc.form_label)
    cell.font = BOLD
    cell.alignment = Alignment(horizontal="right")
    r += 2
    ws.merge_cells(f"A{r}:{last_col}{r}")
    cell = ws.cell(row=r, column=1, value=doc.title)
    cell.font = TITLE
    cell.alignment = CENTER
    ws.row_dimensions[r].height = 36
    r += 1
    if doc.subtitle:
        ws.merge_cells(f"A{r}:{last_col}{r}")
        cell = ws.cell(row=r, column=1, value=doc.subtitle)
        cell.font = NORMAL
        cell.alignment = CENTER
        r += 1
    r += 1
    header_row = r
    for index, column in enumerate(doc.columns, start=1):
        cell = ws.cell(row=r, column=index, value=column.header)
        cell.font = BOLD
        cell.alignment = CENTER
        cell.border = BORDER
    ws.row_dimensions[r].height = 48
    r += 1
    if doc.numbered_columns:
        for index in range(1, width + 1):
            cell = ws.cell(row=r, column=index, value=index)
            cell.alignment = CENTER
            cell.border = BORDER
            cell.font = NORMAL
        r += 1
    ws.freeze_panes = ws.cell(row=r, column=1)
    ws.print_title_rows = f"{header_row}:{r - 1}"
    for row in doc.rows:
        if row.kind == "group":
            ws.merge_cells(f"A{r}:{last_col}{r}")
            cell = ws.cell(row=r, column=1, value=row.cells[0])
            cell.font = BOLD
            cell.fill = GROUP_FILL
            cell.alignment = WRAP
            for index in range(1, width + 1):
                ws.cell(row=r, column=index).border = BORDER
            r += 1
            continue
        is_total = row.kind in ("total", "grand_total")
        for index, column in enumerate(doc.columns, start=1):
            value = row.cells[index - 1] if index - 1 < len(row.cells) else None
            cell = ws.cell(row=r, column=index, value=_cell_value(value, column.kind))
            cell.border = BORDER
            cell.font = BOLD if is_total else NORMAL
            if is_total:
                cell.fill = TOTAL_FILL
            if column.kind == MONEY:
                cell.number_format = THOUSANDS_FORMAT
                cell.alignment = RIGHT
            elif column.kind == SCORE:
                cell.number_format = SCORE_FORMAT
                cell.alignment = RIGHT
            elif column.kind == NUMBER:
                cell.alignment = Alignment(horizontal="center", vertical="top")
            else:
                cell.alignment = WRAP
        r += 1
    r += 1
    for line in doc.footer:
        ws.cell(row=r, column=1, value=line).font = NORMAL
        r += 1
    for role, hint in doc.signatures:
        r += 1
        ws.cell(row=r, column=1, value=role).font = BOLD
        ws.cell(row=r, column=2, value="_" * 30)
        ws.cell(row=r, column=3, value="_" * 20)
        r += 1
        ws.cell(row=r, column=2, value=hint).font = Font(name="Times New Roman", size=8)
        ws.cell(row=r, column=3, value=_signature_word(doc.lang)).font = Font(
            name="Times New Roman", size=8
        )
        r += 1
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0
    return r


def _signature_word(lang):
    return {"kk": "(қолы)", "ru": "(подпись)"}.get(lang, "(signature)")


def render_xlsx(*docs: FormDocument) -> bytes:
    """One sheet per document; returns the workbook's bytes."""
    wb = Workbook()
    wb.remove(wb.active)
    for doc in docs:
        ws = wb.create_sheet(title=doc.sheet_title[:31])
        write_form(ws, doc)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()

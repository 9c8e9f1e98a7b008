"""Official forms as Excel workbooks (X-EXPORT), laid out like the annexes and ready to print:
caption top right, "Form", the title, the column headers (and their numbers) repeated on every
printed page, area groups with "Total" rows and a grand total, amounts as numbers in thousand
tenge, a date line and the signature block; A4 in the form's orientation, fitted to the page
width, "page N of M" in the footer. Every text cell is written as text, never as a formula."""

import io
import math
from copy import copy
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .document import FORMULA_START, MONEY, NUMBER, SCORE, TEXT, FormDocument, clean_text

THOUSANDS_FORMAT = "#,##0.0##"  # thousand tenge: 1 234,5 (up to one tenge shown when present)
SCORE_FORMAT = "0.00"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FONT_NAME = "Times New Roman"
_thin = Side(style="thin", color="000000")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
LINE = Border(bottom=_thin)
BOLD = Font(name=FONT_NAME, bold=True, size=11)
NORMAL = Font(name=FONT_NAME, size=11)
SMALL = Font(name=FONT_NAME, size=8)
TITLE = Font(name=FONT_NAME, bold=True, size=13)
DRAFT = Font(name=FONT_NAME, bold=True, size=14, color="C00000")
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(wrap_text=True, horizontal="center", vertical="center")
RIGHT = Alignment(horizontal="right", vertical="top")
CENTER_TOP = Alignment(horizontal="center", vertical="top")
GROUP_FILL = PatternFill("solid", fgColor="EDEFF3")
TOTAL_FILL = PatternFill("solid", fgColor="F7F7F7")

POINTS_PER_LINE = 15  # an 11 pt Times New Roman line, with its leading
CHARS_PER_WIDTH_UNIT = 1.1  # Times is narrower than the default font Excel measures widths in


def _lines(text, width) -> int:
    """How many printed lines `text` takes in a column `width` characters wide (wrapped)."""
    per_line = max(int(width * CHARS_PER_WIDTH_UNIT) - 1, 1)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in str(text).split("\n"))


def _set(ws: Worksheet, row, column, value):
    """Write a value; text is cleaned and is always text (a leading = + - @ is not a formula)."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        value = clean_text(value)
        cell.value = value
        if value.startswith(FORMULA_START):
            cell.data_type = "s"
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def _styled(cell, **styles):
    """Give `cell` these styles. openpyxl hashes a Font or a Border into the workbook's tables on
    every assignment — most of an annex's cost — so each combination is hashed once per sheet
    and later cells copy its style ids (issue 8: the national Annex 3 near openpyxl's floor)."""
    known = cell.parent.__dict__.setdefault("_tapsyrys_styles", {})
    key = tuple(sorted((name, id(value)) for name, value in styles.items()))
    quoted = cell.quotePrefix  # set by _set on text that looks like a formula
    found = known.get(key)
    if found is None:
        for name, value in styles.items():
            setattr(cell, name, value)
        prototype = copy(cell._style)
        prototype.quotePrefix = 0
        known[key] = (prototype, tuple(styles.values()))  # the objects live on: ids stay theirs
    else:
        cell._style = copy(found[0])
        cell.quotePrefix = quoted
    return cell


def _cell_value(value, kind):
    if value is None:
        return None
    if kind in (MONEY, SCORE) and value != "":
        return Decimal(value)
    return value


def _merged(ws, row, first, last, value, *, font, alignment, height=None):
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    cell = _set(ws, row, first, value)
    cell.font = font
    cell.alignment = alignment
    if height:
        ws.row_dimensions[row].height = height
    return cell


def _span_width(doc, first, last):
    return sum(c.width for c in doc.columns[first - 1 : last])


def _right_block_start(doc):
    """The first column of the caption block at the top right (about a third of the width)."""
    total = sum(c.width for c in doc.columns)
    acc = 0
    for index in range(doc.width, 0, -1):
        acc += doc.columns[index - 1].width
        if acc >= total / 3:
            return index
    return 1


def write_form(ws: Worksheet, doc: FormDocument, start_row=1) -> int:
    """Write `doc` into worksheet `ws` from `start_row`; returns the next free row."""
    width = doc.width
    for index, column in enumerate(doc.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    right = _right_block_start(doc)
    right_width = _span_width(doc, right, width)
    r = start_row
    if doc.draft:
        _merged(ws, r, 1, right - 1 if right > 1 else width, doc.draft, font=DRAFT, alignment=WRAP)
    for line in [*doc.caption, *doc.addressee]:
        _merged(
            ws,
            r,
            right,
            width,
            line,
            font=NORMAL,
            alignment=Alignment(horizontal="right", wrap_text=True),
            height=POINTS_PER_LINE * _lines(line, right_width),
        )
        r += 1
    _merged(ws, r, right, width, doc.form_label, font=BOLD, alignment=RIGHT)
    r += 2
    total_width = _span_width(doc, 1, width)
    _merged(
        ws, r, 1, width, doc.title, font=TITLE, alignment=CENTER,
        height=18 * _lines(doc.title, total_width * 0.85),
    )  # fmt: skip
    r += 1
    if doc.subtitle:
        _merged(ws, r, 1, width, doc.subtitle, font=NORMAL, alignment=CENTER)
        r += 1
    r += 1
    header_row = r
    for index, column in enumerate(doc.columns, start=1):
        _styled(_set(ws, r, index, column.header), font=BOLD, alignment=CENTER, border=BORDER)
    ws.row_dimensions[r].height = POINTS_PER_LINE * max(
        _lines(c.header, c.width * 0.9) for c in doc.columns
    )
    r += 1
    if doc.numbered_columns:
        for index in range(1, width + 1):
            _styled(_set(ws, r, index, index), alignment=CENTER, border=BORDER, font=NORMAL)
        r += 1
    ws.freeze_panes = ws.cell(row=r, column=1)
    ws.print_title_rows = f"{header_row}:{r - 1}"
    for row in doc.rows:
        r = _write_row(ws, doc, row, r)
    r += 1
    for line in doc.footer:
        _merged(ws, r, 1, width, line, font=NORMAL, alignment=Alignment(horizontal="left"))
        r += 1
    r = _write_signatures(ws, doc, r)
    _page_setup(ws, doc)
    return r


def _write_row(ws, doc, row, r):
    width = doc.width
    if row.kind == "group":
        _merged(
            ws, r, 1, width, row.cells[0], font=BOLD, alignment=WRAP,
            height=POINTS_PER_LINE * _lines(row.cells[0], _span_width(doc, 1, width)),
        )  # fmt: skip
        for index in range(1, width + 1):
            _styled(ws.cell(row=r, column=index), border=BORDER, fill=GROUP_FILL, font=BOLD)
        return r + 1
    is_total = row.kind in ("total", "grand_total")
    font, fill = (BOLD, TOTAL_FILL) if is_total else (NORMAL, None)
    lines = 1
    for index, column in enumerate(doc.columns, start=1):
        value = row.cells[index - 1] if index - 1 < len(row.cells) else None
        cell = _set(ws, r, index, _cell_value(value, column.kind))
        styles = {"border": BORDER, "font": font}
        if fill is not None:
            styles["fill"] = fill
        if column.kind == MONEY:
            styles.update(number_format=THOUSANDS_FORMAT, alignment=RIGHT)
        elif column.kind == SCORE:
            styles.update(number_format=SCORE_FORMAT, alignment=RIGHT)
        elif column.kind == NUMBER:
            styles["alignment"] = CENTER_TOP
        else:
            styles["alignment"] = WRAP
        _styled(cell, **styles)
        if column.kind == TEXT and isinstance(cell.value, str):
            lines = max(lines, _lines(cell.value, column.width))
    ws.row_dimensions[r].height = POINTS_PER_LINE * lines
    return r + 1


def _write_signatures(ws, doc, r):
    """Role | name line | gap | signature line, with the hint under each line: the label spans
    as many columns as it needs (never cut), the two lines never touch."""
    width = doc.width
    if not doc.signatures:
        return r
    role_last = 1
    while role_last < width - 2 and _span_width(doc, 1, role_last) < 22:
        role_last += 1
    name_first = role_last + 1
    sign_first = max(name_first + 1, width - (1 if width - name_first >= 2 else 0))
    name_last = sign_first - 1 if sign_first - 1 >= name_first else name_first
    for signature in doc.signatures:
        r += 1
        _merged(ws, r, 1, role_last, signature.role, font=BOLD, alignment=WRAP)
        _merged(ws, r, name_first, name_last, signature.name, font=NORMAL, alignment=WRAP)
        for column in range(name_first, name_last + 1):
            ws.cell(row=r, column=column).border = LINE
        _set(ws, r, sign_first, "")
        ws.cell(row=r, column=sign_first).border = LINE
        ws.row_dimensions[r].height = 24
        r += 1
        hint = Alignment(horizontal="center", vertical="top", wrap_text=True)
        _merged(ws, r, name_first, name_last, signature.name_hint, font=SMALL, alignment=hint)
        _set(ws, r, sign_first, signature.signature_hint).font = SMALL
        ws.cell(row=r, column=sign_first).alignment = hint
        r += 1
    return r


def _page_setup(ws, doc):
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = doc.orientation
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages as the rows need
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    footer = doc.page_label.format(page="&P", pages="&N")
    ws.oddFooter.right.text = footer
    ws.oddFooter.right.size = 8
    ws.evenFooter.right.text = footer
    if doc.draft:
        ws.oddHeader.left.text = doc.draft
        ws.oddHeader.left.color = "C00000"


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

"""An official form (an annex) as data, in no particular format: caption, form label, title,
addressee, columns with their numbering row, rows (area groups, "Total" rows, a grand total),
date lines, a signature block and a draft mark. `publishing.xlsx` and `publishing.pdf` render
it; every annex (1–9) is built as one of these, so a form is laid out and made safe in one
place. How to add an annex: `tapsyrys/publishing/README.md`.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

TEXT = "text"
MONEY = "money"  # thousand tenge, exact Decimal
NUMBER = "number"  # a row number or an integer count
SCORE = "score"  # an average score (two decimals)

PORTRAIT, LANDSCAPE = "portrait", "landscape"

# C0 and C1 control characters other than tab and line feed: they are not allowed in XML
# (an xlsx is XML) and print as nothing; a carriage return becomes a line feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# A spreadsheet reads a cell beginning with one of these as a formula (CSV/DDE injection).
FORMULA_START = ("=", "+", "-", "@")


def clean_text(value) -> str:
    """Text fit for any form or export: control characters removed, line breaks kept."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def csv_cell(value) -> str:
    """A value for a CSV export: clean text, and text a spreadsheet would run as a formula
    prefixed with an apostrophe so it stays text (the xlsx writer marks such cells as text)."""
    if value is None:
        return ""
    if isinstance(value, int | Decimal | float):
        return str(value)
    text = clean_text(value)
    return "'" + text if text.startswith(FORMULA_START) else text


@dataclass
class Column:
    header: str
    kind: str = TEXT
    width: int = 30  # in Excel character units; the PDF shares the page in these proportions


@dataclass
class Row:
    cells: list
    kind: str = "row"  # row / group / total / grand_total


@dataclass
class Signature:
    """One signature line of the form: who signs, then a labelled line for the name (printed
    with `name` when it is known) and a separate labelled line for the signature."""

    role: str
    name_hint: str
    signature_hint: str
    name: str = ""


@dataclass
class FormDocument:
    caption: list[str]  # "Annex N to the Rules …", top right
    form_label: str  # "Form" / "Нысан" / "Форма"
    title: str
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    numbered_columns: bool = False  # a row "1 2 3 …" under the headers (as in Annex 3)
    subtitle: str = ""  # e.g. the body's name
    addressee: list[str] = field(default_factory=list)  # "To whom" lines, top right
    footer: list[str] = field(default_factory=list)  # e.g. "as of dd.mm.yyyy"
    signatures: list[Signature] = field(default_factory=list)
    sheet_title: str = "Form"
    lang: str = "ru"
    orientation: str = LANDSCAPE
    draft: str = ""  # the draft mark in the form's language; empty for a final form
    page_label: str = "{page} / {pages}"  # "page N of M" in the form's language

    def __post_init__(self):
        self.title = clean_text(self.title)
        self.subtitle = clean_text(self.subtitle)

    def add(self, *cells, kind="row"):
        self.rows.append(Row([_clean(c) for c in cells], kind))

    def add_group(self, title):
        self.rows.append(Row([clean_text(title)], "group"))

    @property
    def width(self):
        return len(self.columns)

    @property
    def draft_word(self):
        """The first word of the draft mark ("ПРОЕКТ"), for the watermark of each PDF page."""
        return self.draft.split(" ", 1)[0]

    @property
    def column_shares(self):
        """Each column's share of the table width in per cent (for the PDF)."""
        total = sum(c.width for c in self.columns) or 1
        return [round(100 * c.width / total, 2) for c in self.columns]

    @property
    def pdf_rows(self):
        """The rows with their cells formatted for print (thousands grouped, scores 0,00)."""
        out = []
        for row in self.rows:
            if row.kind == "group":
                out.append(row)
                continue
            cells = [
                _print_cell(row.cells[i] if i < len(row.cells) else None, column.kind)
                for i, column in enumerate(self.columns)
            ]
            out.append(Row(cells, row.kind))
        return out


def _clean(value):
    return clean_text(value) if isinstance(value, str) else value


def add_numbered_rows(doc: FormDocument, rows: Iterable[list], start=1):
    """Rows with a running number in the first column; returns how many were added."""
    n = 0
    for n, cells in enumerate(rows, start=start):
        doc.add(n, *cells)
    return n - start + 1 if n else 0


def add_grouped_rows(
    doc: FormDocument,
    groups: Iterable[tuple[str, list[list]]],
    *,
    total_label: str,
    grand_total_label: str,
    money_columns: Iterable[int],
    label_column: int = 1,
):
    """Area groups as the annexes lay them out: a group title row, rows numbered from 1 within
    the group, a "Total" row per group, and a grand total. `groups` yields (title, rows) where
    each row lacks the number column. Returns the grand totals {column index: Decimal}.
    """
    money_columns = list(money_columns)
    grand = {c: Decimal(0) for c in money_columns}
    for title, rows in groups:
        doc.add_group(title)
        totals = {c: Decimal(0) for c in money_columns}
        for number, cells in enumerate(rows, start=1):
            full = [number, *cells]
            for c in money_columns:
                if full[c] not in (None, ""):
                    totals[c] += Decimal(full[c])
            doc.add(*full)
        doc.rows.append(Row(_total_cells(doc, totals, total_label, label_column), "total"))
        for c in money_columns:
            grand[c] += totals[c]
    doc.rows.append(Row(_total_cells(doc, grand, grand_total_label, label_column), "grand_total"))
    return grand


def _total_cells(doc, totals, label, label_column):
    cells = [""] * doc.width
    cells[label_column] = label
    for c, value in totals.items():
        cells[c] = value
    return cells


def format_thousands(value) -> str:
    """Thousand tenge for print: one decimal as the annexes show, three when tenge are present."""
    from tapsyrys.core.money import group

    amount = Decimal(value)
    places = 1 if amount == amount.quantize(Decimal("0.1")) else 3
    return group(amount, places)


@dataclass
class PrintCell:
    text: str
    css: str = ""


def _print_cell(value, kind):
    if value in (None, ""):
        return PrintCell("")
    if kind == MONEY:
        return PrintCell(format_thousands(value), "num")
    if kind == SCORE:
        return PrintCell(f"{Decimal(value):.2f}".replace(".", ","), "num")
    if kind == NUMBER:
        return PrintCell(str(value), "no")
    return PrintCell(clean_text(value))

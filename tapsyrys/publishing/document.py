"""A language-neutral model of an official form (an annex): caption, title, columns, rows with
area groups, "Total" rows and a grand total, and signature lines. Rendered to .xlsx by
`publishing.xlsx` and to PDF by `publishing.pdf`; later annexes (5, 8, 9) reuse it.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

TEXT = "text"
MONEY = "money"  # thousand tenge, exact Decimal
NUMBER = "number"  # a row number or an integer count
SCORE = "score"  # an average score (two decimals)


@dataclass
class Column:
    header: str
    kind: str = TEXT
    width: int = 30  # in Excel character units


@dataclass
class Row:
    cells: list
    kind: str = "row"  # row / group / total / grand_total


@dataclass
class FormDocument:
    caption: list[str]  # "Annex N to the Rules …", top right
    form_label: str  # "Form" / "Нысан" / "Форма"
    title: str
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    numbered_columns: bool = False  # a row "1 2 3 …" under the headers (as in Annex 3)
    subtitle: str = ""  # e.g. the body's name
    footer: list[str] = field(default_factory=list)  # e.g. "as of dd.mm.yyyy"
    signatures: list[tuple[str, str]] = field(default_factory=list)  # (role, hint under line)
    sheet_title: str = "Form"
    lang: str = "ru"

    def add(self, *cells, kind="row"):
        self.rows.append(Row(list(cells), kind))

    def add_group(self, title):
        self.rows.append(Row([title], "group"))

    @property
    def width(self):
        return len(self.columns)


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
    return PrintCell(str(value))


def _pdf_rows(self):
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


FormDocument.pdf_rows = property(_pdf_rows)
FormDocument.signature_word = property(
    lambda self: {"kk": "(қолы)", "ru": "(подпись)"}.get(self.lang, "(signature)")
)

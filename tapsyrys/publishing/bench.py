"""`make bench` scenarios of the public ledger at national scale (anonymous, as the public
reads it): the page (first and last page), the API list and one entry, a stored download,
and `verify_ledger` over the whole chain (entries per second)."""

from django.urls import reverse

from tapsyrys.core.bench_support import Scenario


def scenarios():
    from . import selectors
    from .models import LedgerEntry
    from .views import PAGE_SIZE

    total = LedgerEntry.objects.count()
    scenarios = [
        Scenario("Ledger: public page (newest 50)", url=reverse("ledger:index")),
        Scenario("Ledger API: list (first 50)", url="/api/ledger/"),
    ]
    if total:
        last_page = (total + PAGE_SIZE - 1) // PAGE_SIZE
        middle = LedgerEntry.objects.order_by("seq").values_list("seq", flat=True)[total // 2]
        scenarios += [
            Scenario(
                f"Ledger: public page (oldest, page {last_page})",
                url=reverse("ledger:index") + f"?page={last_page}",
            ),
            Scenario(
                f"Ledger API: list (offset {total // 2})", url=f"/api/ledger/?offset={total // 2}"
            ),
            Scenario("Ledger API: one entry", url=f"/api/ledger/{middle}/"),
            Scenario(
                "Ledger: download of a stored document",
                url=reverse("ledger:download", args=[middle]),
            ),
            Scenario(
                f"Ledger: verify_ledger over {total} entries",
                func=lambda: selectors.verify_ledger().entries,
                unit="entries",
                runs=3,
            ),
        ]
    return scenarios


def write_only_floor(doc):
    """The floor an annex workbook is read against (issue 8): openpyxl in write-only mode
    writing the same cells — the headers and every row's values — with the same fonts,
    borders, fills, alignments and number formats, and saving. Returns the bytes' length."""
    import io

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    from . import xlsx
    from .document import MONEY, NUMBER, SCORE

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(doc.sheet_title[:31])

    def cell(value, font, alignment, fill=None, number_format=None):
        c = WriteOnlyCell(ws, value=value)
        c.font, c.alignment, c.border = font, alignment, xlsx.BORDER
        if fill is not None:
            c.fill = fill
        if number_format:
            c.number_format = number_format
        return c

    ws.append([cell(c.header, xlsx.BOLD, xlsx.CENTER) for c in doc.columns])
    for row in doc.rows:
        if row.kind == "group":
            ws.append([cell(row.cells[0], xlsx.BOLD, xlsx.WRAP, xlsx.GROUP_FILL)])
            continue
        total = row.kind in ("total", "grand_total")
        font, fill = (xlsx.BOLD, xlsx.TOTAL_FILL) if total else (xlsx.NORMAL, None)
        cells = []
        for index, column in enumerate(doc.columns):
            value = xlsx._cell_value(
                row.cells[index] if index < len(row.cells) else None, column.kind
            )
            if column.kind == MONEY:
                cells.append(cell(value, font, xlsx.RIGHT, fill, xlsx.THOUSANDS_FORMAT))
            elif column.kind == SCORE:
                cells.append(cell(value, font, xlsx.RIGHT, fill, xlsx.SCORE_FORMAT))
            elif column.kind == NUMBER:
                cells.append(cell(value, font, xlsx.CENTER_TOP, fill))
            else:
                cells.append(cell(value, font, xlsx.WRAP, fill))
        ws.append(cells)
    buffer = io.BytesIO()
    wb.save(buffer)
    return len(buffer.getvalue())

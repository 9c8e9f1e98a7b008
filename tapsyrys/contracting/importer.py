"""Import of lots and contracts from an export of the public procurement web portal (X-IMPORT).

One row is a lot (lot columns) and/or a contract concluded on that lot (contract columns).
Rows are checked first (every error: row, column, message); then, unless it is a dry run and
only if there is no error at all, everything is written in one transaction with set-based SQL
(lookups prefetched into dicts, bulk_create / bulk_update). Natural keys make a second run
of the same file change nothing: competition (body, trdBuyNumberAnno), lot (body, lotNumber),
contract (body, contractNumber).
"""

import csv
import datetime as dt
import functools
import gc
import io
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_update_with_history

from tapsyrys.core.audit import log_action
from tapsyrys.core.bin import is_valid_bin
from tapsyrys.core.bulk import copy_create
from tapsyrys.core.models import Area, Organisation
from tapsyrys.core.money import to_decimal

from . import rules
from .models import TEXT_MAX, Competition, Contract, Lot, ReportStage

# Accepted columns: the portal's open-data field names, then the headers of the portal's
# Russian and Kazakh spreadsheet exports (compared without case, spaces and punctuation).
COLUMNS = [
    # name, entity, required for, description (shown on the upload page and in docs)
    (
        "lotNumber",
        "lot",
        "all",
        gettext_noop("Lot number on the portal (natural key with the customer)"),
    ),
    ("customerBin", "lot", "all", gettext_noop("BIN of the customer (the state body)")),
    (
        "trdBuyNumberAnno",
        "lot",
        "lot",
        gettext_noop("Procurement (announcement) number: the competition"),
    ),
    ("nameRu", "lot", "lot", gettext_noop("Lot name in Russian")),
    ("nameKz", "lot", "", gettext_noop("Lot name in Kazakh")),
    ("descriptionRu", "lot", "", gettext_noop("Lot description in Russian")),
    ("descriptionKz", "lot", "", gettext_noop("Lot description in Kazakh")),
    ("amount", "lot", "lot", gettext_noop("Lot amount, tenge")),
    (
        "area",
        "lot",
        "",
        gettext_noop("Area code of the state social order (the list of codes is below)"),
    ),
    ("coverage", "lot", "", gettext_noop("Territorial coverage")),
    (
        "contractNumber",
        "contract",
        "contract",
        gettext_noop("Contract number (natural key with the customer)"),
    ),
    ("contractSum", "contract", "contract", gettext_noop("Contract amount, tenge")),
    ("signDate", "contract", "contract", gettext_noop("Contract date (YYYY-MM-DD or DD.MM.YYYY)")),
    (
        "planExecDate",
        "contract",
        "",
        gettext_noop("Planned end of implementation (default 31 December)"),
    ),
    (
        "supplierBiin",
        "contract",
        "contract",
        gettext_noop("BIN of the supplier NGO (must be in the registry)"),
    ),
    ("finYear", "contract", "", gettext_noop("Financial year (default: year of signDate)")),
]
ALIASES = {
    "lotNumber": ["номер лота", "№ лота", "лот нөмірі", "лоттың нөмірі"],
    "customerBin": ["бин заказчика", "тапсырыс берушінің бсн", "тапсырыс беруші бсн"],
    "trdBuyNumberAnno": ["номер объявления", "номер закупки", "хабарландыру нөмірі"],
    "nameRu": ["наименование лота", "наименование", "наименование на русском языке"],
    "nameKz": ["наименование на казахском языке", "лоттың атауы", "атауы"],
    "descriptionRu": ["описание", "описание лота", "краткое описание"],
    "descriptionKz": ["сипаттамасы", "лоттың сипаттамасы"],
    "amount": ["сумма лота", "сумма", "сумма лота тенге", "лот сомасы"],
    "area": ["сфера", "код сферы", "бағыт"],
    "coverage": ["территориальный охват", "аумақтық қамту"],
    "contractNumber": ["номер договора", "шарт нөмірі"],
    "contractSum": ["сумма договора", "сумма договора тенге", "шарт сомасы"],
    "signDate": ["дата заключения договора", "дата договора", "дата подписания", "шарт күні"],
    "planExecDate": ["плановая дата исполнения", "срок исполнения", "орындау мерзімі"],
    "supplierBiin": ["бин поставщика", "иин/бин поставщика", "биин поставщика", "жеткізушінің бсн"],
    "finYear": ["финансовый год", "қаржы жылы"],
}
LOT_COLUMNS = {"trdBuyNumberAnno", "nameRu", "amount"}
CONTRACT_COLUMNS = {"contractNumber", "contractSum", "signDate", "supplierBiin"}
CHUNK = 2000
# The columns a second run of a file compares with what is stored.
LOT_COMPARED = (
    "name_ru",
    "name_kk",
    "description_ru",
    "description_kk",
    "amount",
    "area_id",
    "coverage",
)
CONTRACT_COMPARED = ("amount", "signed_on", "ends_on", "year", "supplier_id")


def _norm(text):
    return "".join(ch for ch in str(text or "").strip().lower() if ch.isalnum())


HEADER_MAP = {}
for _name, *_rest in COLUMNS:
    HEADER_MAP[_norm(_name)] = _name
for _name, _aliases in ALIASES.items():
    for _alias in _aliases:
        HEADER_MAP[_norm(_alias)] = _name


class FileError(Exception):
    pass


@dataclass
class Result:
    rows: int = 0
    created: dict = field(default_factory=lambda: {"competitions": 0, "lots": 0, "contracts": 0})
    updated: dict = field(default_factory=lambda: {"lots": 0, "contracts": 0})
    unchanged: int = 0
    errors: list = field(default_factory=list)
    error_count: int = 0
    actions: list = field(default_factory=list)
    ignored_columns: list = field(default_factory=list)
    written: bool = False
    # natural keys written (X-AUDIT): {"created": {entity: [numbers]}, "updated": {...}}
    keys: dict = field(default_factory=dict)

    MAX_ERRORS = 1000
    MAX_ACTIONS = 200

    def error(self, row, column, message):
        self.error_count += 1
        if len(self.errors) < self.MAX_ERRORS:
            self.errors.append({"row": row, "column": column, "message": str(message)})

    def action(self, row, verb, entity, key, *, lot=None, contract=None):
        """One row's planned (dry run) or done change, with the record's name (of the lot) and
        amount (of the contract, else of the lot) as the result page shows them (issue 13).
        Only the first MAX_ACTIONS are kept, and only those are worked out."""
        if len(self.actions) < self.MAX_ACTIONS:
            lot = lot or {}
            amount = (contract or {}).get("amount", lot.get("amount"))
            self.actions.append(
                {
                    "row": row,
                    "action": verb,
                    "entity": entity,
                    "key": key,
                    "name_ru": lot.get("name_ru", ""),
                    "name_kk": lot.get("name_kk") or lot.get("name_ru", ""),
                    "amount": None if amount is None else str(amount),
                }
            )

    def as_dict(self):
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": self.errors,
            "error_count": self.error_count,
            "actions": self.actions,
            "ignored_columns": self.ignored_columns,
            "written": self.written,
        }


# --- Reading CSV / XLSX ---------------------------------------------------------------------------


def is_xlsx(data: bytes, filename: str):
    return data[:4] == b"PK\x03\x04" or (filename or "").lower().endswith(".xlsx")


class CapExceeded(FileError):
    """A file refused by a cap (settings IMPORT_MAX_ROWS, IMPORT_XLSX_MAX_EXPANDED_MB,
    IMPORT_XLSX_MAX_RATIO); `cap` names it. The message names the cap and the field."""

    def __init__(self, message, cap):
        super().__init__(message)
        self.cap = cap


def check_xlsx_size(data: bytes):
    """Refuse a workbook whose members expand beyond the caps, from the zip directory alone
    (before openpyxl parses anything). The declared sizes bound what is read: zipfile stops
    at a member's declared size and fails its CRC if the data goes on."""
    import zipfile

    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise FileError(_("The file cannot be read as an Excel workbook (.xlsx).")) from exc
    expanded = sum(member.file_size for member in members)
    max_mb = settings.IMPORT_XLSX_MAX_EXPANDED_MB
    if expanded > max_mb * 1024 * 1024:
        raise CapExceeded(
            _(
                "File: the workbook expands to %(size)s MB when unpacked; the cap on the "
                "unpacked size of an .xlsx is %(max)s MB. Split it into smaller files or "
                "save it as CSV."
            )
            % {"size": expanded // (1024 * 1024), "max": max_mb},
            cap="expanded_size",
        )
    ratio = expanded / max(len(data), 1)
    max_ratio = settings.IMPORT_XLSX_MAX_RATIO
    if expanded > 1024 * 1024 and ratio > max_ratio:
        raise CapExceeded(
            _(
                "File: the workbook expands %(ratio)s times when unpacked; the cap on the "
                "unpacked size of an .xlsx is %(max)s times its file size. Save it again "
                "from the portal or as CSV."
            )
            % {"ratio": int(ratio), "max": max_ratio},
            cap="expanded_ratio",
        )
    return expanded


def _rows_cap_error(max_rows):
    return CapExceeded(
        _(
            "File: more than %(max)s rows; the cap on the rows of one import is %(max)s. "
            "Split it into smaller files."
        )
        % {"max": max_rows},
        cap="rows",
    )


def read_table(data: bytes, filename: str, max_rows=None):
    """(canonical headers, [(row number, {column: raw value})], ignored headers).

    Reading stops at the first data row beyond `max_rows` (settings.IMPORT_MAX_ROWS by
    default) and refuses the file: an xlsx is streamed, so the rest is never parsed."""
    max_rows = settings.IMPORT_MAX_ROWS if max_rows is None else max_rows
    if is_xlsx(data, filename):
        check_xlsx_size(data)
        raw_rows = _xlsx_rows(data)
    else:
        raw_rows = iter(_csv_rows(data))
    header = None
    for _number, values in raw_rows:
        if any(str(v or "").strip() for v in values):
            header = values
            break
    if header is None:
        raise FileError(_("The file is empty."))
    columns, ignored = [], []
    for value in header:
        canonical = HEADER_MAP.get(_norm(value))
        if canonical is None and str(value or "").strip():
            ignored.append(str(value).strip())
        columns.append(canonical)
    rows = []
    for number, values in raw_rows:
        if not any(str(v or "").strip() for v in values):
            continue
        if len(rows) >= max_rows:
            raise _rows_cap_error(max_rows)
        row = {}
        for col, value in zip(columns, values, strict=False):
            if col is not None and col not in row:
                row[col] = value
        rows.append((number, row))
    return [c for c in columns if c], rows, ignored


def _csv_rows(data):
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileError(_("The file is neither UTF-8 nor Windows-1251 text."))
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    return [(i, values) for i, values in enumerate(reader, 1)]


def _xlsx_rows(data):
    """The first sheet's rows, streamed (openpyxl's read-only mode)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise FileError(_("The file cannot be read as an Excel workbook (.xlsx).")) from exc
    try:
        sheet = book.worksheets[0]
        for i, values in enumerate(sheet.iter_rows(values_only=True), 1):
            yield i, list(values)
    except Exception as exc:  # a damaged sheet, a member longer than it declares (CRC)
        raise FileError(_("The file cannot be read as an Excel workbook (.xlsx).")) from exc
    finally:
        book.close()


# --- Values -------------------------------------------------------------------------------------


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _bin(value):
    if isinstance(value, (int, float)):
        value = str(int(value)).zfill(12)
    return _text(value).replace(" ", "")


def _money(value):
    amount = Decimal(value) if isinstance(value, (int, Decimal)) else to_decimal(_text(value))
    if amount is None:
        return None
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _date(value):
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    if not text:
        return None
    return _date_text(text.split("T")[0].split(" ")[0])


@functools.lru_cache(maxsize=4096)  # a file repeats a few dates thousands of times
def _date_text(text):
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError


# A file names a few hundred customers and suppliers in thousands of rows: each BIN checked once.
_valid_bin = functools.lru_cache(maxsize=65536)(is_valid_bin)


def _in_chunks(values):
    values = list(values)
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _key_chunks(values):
    """Natural keys to look up: all at once on PostgreSQL (`__any_of` sends one array, which the
    server hashes: one pass over the table instead of one per chunk), in chunks elsewhere."""
    if connection.vendor == "postgresql":
        values = list(values)
        return [values] if values else []
    return _in_chunks(values)


# --- The import ----------------------------------------------------------------------------------


def run_import(**kwargs):
    """Check and (unless dry_run, and only without errors) write. Returns a Result (below).

    Python's cycle collector is paused meanwhile: the import builds a few hundred thousand
    small lists and dicts, none of them in a reference cycle, and the collector kept walking
    all of them again and again (a tenth of the import's time at 50 000 rows, issue 8). The
    pause is process-wide: other threads' reference cycles wait until the import ends; memory
    freed by reference counting (almost all of it) is freed as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _run_import(**kwargs)
    finally:
        if enabled:
            gc.enable()


def _run_import(
    *, data, filename, organisation, dry_run=True, actor=None, progress=None, today=None, job=None
):
    """Check and (unless dry_run, and only without errors) write. Returns a Result.

    Writing leaves row history for every created and updated competition, lot and contract
    (set-based, simple-history's bulk helpers) and one business event,
    ``contracting.import.applied``, on `job` (or on `organisation` without a job) listing
    the created and updated natural keys, in the same transaction (X-AUDIT).
    """
    result = Result()
    today = today or dt.date.today()
    report = progress or (lambda done, total: None)
    try:
        columns, rows, ignored = read_table(data, filename)
    except FileError as exc:
        result.error(1, "", exc)
        return result
    result.rows = len(rows)
    result.ignored_columns = ignored
    total = len(rows)
    report(0, total)
    present = set(columns)
    for required in ("lotNumber", "customerBin"):
        if required not in present:
            result.error(1, required, _("The column %(column)s is missing.") % {"column": required})
    has_lots = bool(present & LOT_COLUMNS)
    has_contracts = bool(present & CONTRACT_COLUMNS)
    wanted = (LOT_COLUMNS if has_lots else set()) | (CONTRACT_COLUMNS if has_contracts else set())
    for required in sorted(wanted - present):
        result.error(1, required, _("The column %(column)s is missing.") % {"column": required})
    if not has_lots and not has_contracts:
        result.error(1, "", _("The file has neither lot columns nor contract columns."))
    if result.error_count:
        return result

    is_all = organisation.kind == Organisation.Kind.AUTHORIZED_BODY
    # Prefetch everything the rows refer to, one query per chunk of keys.
    customer_bins = {_bin(r.get("customerBin")) for _n, r in rows}
    supplier_bins = {_bin(r.get("supplierBiin")) for _n, r in rows if has_contracts}
    bodies = {}
    for chunk in _in_chunks(customer_bins):
        bodies.update(
            Organisation.objects.filter(bin__in=chunk, kind=Organisation.Kind.STATE_BODY)
            .only("id", "bin")
            .in_bulk(field_name="bin")
        )
    ngos = {}
    for chunk in _in_chunks(b for b in supplier_bins if b):
        ngos.update(
            dict(
                Organisation.objects.filter(bin__in=chunk, kind=Organisation.Kind.NGO).values_list(
                    "bin", "id"
                )
            )
        )
    areas = dict(Area.objects.values_list("code", "id"))
    body_ids = {b.pk for b in bodies.values()}

    parsed = []
    for index, (number, raw) in enumerate(rows, 1):
        row = _check_row(
            number,
            raw,
            result,
            bodies,
            ngos,
            areas,
            organisation,
            is_all,
            has_lots,
            has_contracts,
            today,
        )
        if row is not None:
            parsed.append(row)
        if index % 1000 == 0:
            report(index // 2, total)
    report(total // 2, total)

    # Existing rows by natural key, read as plain values (the columns compared; issue 8).
    lot_numbers = {r["lot_key"][1] for r in parsed}
    trd_numbers = {r["trd"] for r in parsed if r.get("trd")}
    contract_numbers = {r["contract"]["number"] for r in parsed if r.get("contract")}
    competitions = {  # (body_id, procurement number) -> id
        key: row["pk"]
        for key, row in _stored(Competition, "procurement_number", trd_numbers, body_ids).items()
    }
    # (body_id, number) -> {"pk", "competition_id", "status", *LOT_COMPARED}
    lots = _stored(Lot, "number", lot_numbers, body_ids, "competition_id", "status", *LOT_COMPARED)
    # (body_id, number) -> {"pk", "lot_id", "starts_on", *CONTRACT_COMPARED}
    contracts = _stored(
        Contract, "number", contract_numbers, body_ids, "lot_id", "starts_on", *CONTRACT_COMPARED
    )

    # new_*: natural key -> the row to insert; changed_*: natural key -> (…, id, {field: value})
    new_competitions, new_lots, changed_lots, new_contracts, changed_contracts = {}, {}, {}, {}, {}
    seen_lot_rows, seen_contract_rows = {}, {}
    lots_with_contract = set()

    for row in parsed:
        number, body_id = row["row"], row["lot_key"][0]
        lot_key = row["lot_key"]
        if row.get("lot"):
            want = row["lot"]
            previous = seen_lot_rows.get(lot_key)
            if previous is not None:
                if previous[1] != want:
                    result.error(
                        number,
                        "lotNumber",
                        _("Lot %(lot)s is repeated with other values (first in row %(row)s).")
                        % {"lot": lot_key[1], "row": previous[0]},
                    )
                    continue
            else:
                seen_lot_rows[lot_key] = (number, want)
                comp_key = (body_id, row["trd"])
                if comp_key not in competitions and comp_key not in new_competitions:
                    new_competitions[comp_key] = {
                        "body_id": body_id,
                        "procurement_number": row["trd"],
                        "year": row["year"],
                        "title_ru": row["trd"],
                        "title_kk": row["trd"],
                    }
                    result.action(number, "create", "competition", row["trd"])
                existing = lots.get(lot_key)
                if existing is None:
                    new_lots[lot_key] = (
                        comp_key,
                        {"body_id": body_id, "number": lot_key[1], **want},
                    )
                    result.action(number, "create", "lot", lot_key[1], lot=want)
                else:
                    changes = {k: v for k, v in want.items() if existing[k] != v}
                    moved = competitions.get(comp_key) != existing["competition_id"]
                    if changes or moved:
                        changed_lots[lot_key] = (comp_key, existing["pk"], changes, moved)
                        result.action(number, "update", "lot", lot_key[1], lot=want)
        elif lot_key not in lots and lot_key not in seen_lot_rows:
            result.error(
                number,
                "lotNumber",
                _("Lot %(lot)s of this customer is neither in the system nor in the file.")
                % {"lot": lot_key[1]},
            )
            continue
        contract = row.get("contract")
        if not contract:
            continue
        key = (body_id, contract["number"])
        if key in seen_contract_rows:
            result.error(
                number,
                "contractNumber",
                _("Contract %(number)s is repeated (first in row %(row)s).")
                % {"number": contract["number"], "row": seen_contract_rows[key]},
            )
            continue
        seen_contract_rows[key] = number
        lots_with_contract.add(lot_key)
        existing = contracts.get(key)
        if existing is None:
            if contract["ends_on"] < contract["signed_on"]:
                result.error(
                    number, "planExecDate", _("The implementation cannot end before it starts.")
                )
                continue
            new_contracts[key] = (lot_key, contract)
            result.action(
                number,
                "create",
                "contract",
                contract["number"],
                lot=row.get("lot"),
                contract=contract,
            )
        else:
            if contract["ends_on"] < existing["starts_on"]:
                result.error(
                    number, "planExecDate", _("The implementation cannot end before it starts.")
                )
                continue
            changes = {k: contract[k] for k in CONTRACT_COMPARED if existing[k] != contract[k]}
            old_lot = lots.get(lot_key)
            if changes or old_lot is None or old_lot["pk"] != existing["lot_id"]:
                changed_contracts[key] = (lot_key, existing["pk"], changes)
                result.action(
                    number,
                    "update",
                    "contract",
                    contract["number"],
                    lot=row.get("lot") or lots.get(lot_key),
                    contract=contract,
                )

    # A lot with a contract has been held (C-2).
    for lot_key in lots_with_contract:
        if lot_key in new_lots:
            new_lots[lot_key][1]["status"] = Lot.Status.HELD
        elif lot_key in lots and lots[lot_key]["status"] == Lot.Status.ANNOUNCED:
            if lot_key not in changed_lots:
                changed_lots[lot_key] = (None, lots[lot_key]["pk"], {}, False)
            changed_lots[lot_key][2]["status"] = Lot.Status.HELD

    result.created = {
        "competitions": len(new_competitions),
        "lots": len(new_lots),
        "contracts": len(new_contracts),
    }
    result.updated = {"lots": len(changed_lots), "contracts": len(changed_contracts)}
    result.unchanged = max(
        0,
        len(parsed)
        - len(new_lots)
        - len(changed_lots)
        - len(new_contracts)
        - len(changed_contracts),
    )
    report(int(total * 0.6), total)
    if result.error_count or dry_run:
        return result

    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    history = {"batch_size": CHUNK, "default_user": user, "default_date": timezone.now()}
    with transaction.atomic():
        ids = copy_create(Competition, new_competitions.values(), history=history)
        competitions.update(zip(new_competitions, ids, strict=True))
        for comp_key, lot in new_lots.values():
            lot["competition_id"] = competitions[comp_key]
        ids = copy_create(Lot, [lot for _k, lot in new_lots.values()], history=history)
        lot_ids = {key: lot["pk"] for key, lot in lots.items()}
        lot_ids.update(zip(new_lots, ids, strict=True))
        report(int(total * 0.75), total)
        if changed_lots:
            _update(
                Lot,
                {
                    pk: {**changes, **({"competition_id": competitions[comp]} if moved else {})}
                    for comp, pk, changes, moved in changed_lots.values()
                },
                history,
            )
        new_rows = [
            {
                "lot_id": lot_ids[lot_key],
                "body_id": lot_key[0],
                "supplier_id": c["supplier_id"],
                "number": c["number"],
                "signed_on": c["signed_on"],
                "year": c["year"],
                "amount": c["amount"],
                "starts_on": c["signed_on"],
                "ends_on": c["ends_on"],
            }
            for lot_key, c in new_contracts.values()
        ]
        ids = copy_create(Contract, new_rows, history=history)
        report(int(total * 0.85), total)
        if changed_contracts:
            _update(
                Contract,
                {
                    pk: {**changes, "lot_id": lot_ids[lot_key]}
                    for lot_key, pk, changes in changed_contracts.values()
                },
                history,
            )
        # Report stages keep no row history of their own: they are part of the contract's
        # creation, which has its history row and is listed in the event below.
        copy_create(
            ReportStage,
            (
                {"contract_id": pk, "no": no, "kind": kind, "due_date": due}
                for pk, c in zip(ids, new_rows, strict=True)
                for no, kind, due in rules.default_schedule(c["starts_on"], c["ends_on"])
            ),
            ids=False,
        )
        result.keys = {
            "created": {
                "competitions": sorted(k[1] for k in new_competitions),
                "lots": sorted(k[1] for k in new_lots),
                "contracts": sorted(k[1] for k in new_contracts),
            },
            "updated": {
                "lots": sorted(k[1] for k in changed_lots),
                "contracts": sorted(k[1] for k in changed_contracts),
            },
        }
        log_action(
            job if job is not None else organisation,
            "contracting.import.applied",
            actor=actor,
            data={
                "file": filename,
                "created": result.created,
                "updated": result.updated,
                "keys": result.keys,
            },
        )
        result.written = True
    report(total, total)
    return result


def _stored(model, number_field, numbers, body_ids, *fields):
    """The stored rows of these bodies with these numbers, by (body_id, number): plain values
    (`pk` and `fields`), not model instances — a file of 50 000 unchanged rows builds none."""
    found = {}
    for chunk in _key_chunks(numbers):
        for row in (
            model.objects.filter(body_id__in=body_ids, **{f"{number_field}__any_of": chunk})
            .order_by()
            .values("pk", "body_id", number_field, *fields)
        ):
            found[(row["body_id"], row[number_field])] = row
    return found


def _update(model, changes, history):
    """Apply {id: {attname: value}} to the stored rows, with a history row each."""
    objs = []
    for chunk in _in_chunks(changes):
        objs.extend(model.objects.filter(pk__in=chunk))
    fields = set()
    for obj in objs:
        for attname, value in changes[obj.pk].items():
            setattr(obj, attname, value)
            fields.add(attname)
    if fields:
        bulk_update_with_history(objs, model, sorted(fields), **history)


def _check_row(
    number, raw, result, bodies, ngos, areas, organisation, is_all, has_lots, has_contracts, today
):
    errors_before = result.error_count
    lot_number = _text(raw.get("lotNumber"))
    if not lot_number:
        result.error(number, "lotNumber", _("Enter the lot number."))
    elif len(lot_number) > 64:
        result.error(number, "lotNumber", _("The lot number is too long (at most 64 characters)."))
    customer = _bin(raw.get("customerBin"))
    body = None
    if not _valid_bin(customer):
        result.error(
            number, "customerBin", _("%(value)s is not a valid BIN.") % {"value": customer or "—"}
        )
    else:
        body = bodies.get(customer)
        if body is None:
            result.error(
                number,
                "customerBin",
                _("No state body with BIN %(bin)s is registered.") % {"bin": customer},
            )
        elif not is_all and body.pk != organisation.pk:
            result.error(
                number,
                "customerBin",
                _("You import only for your own body (BIN %(own)s), not for BIN %(bin)s.")
                % {"own": organisation.bin, "bin": customer},
            )
    row = {"row": number}
    year = None
    if has_contracts and _text(raw.get("finYear")):
        try:
            year = int(_text(raw.get("finYear")))
            if not 2000 <= year <= 2100:
                raise ValueError
        except ValueError:
            result.error(number, "finYear", _("The financial year must be a year such as 2025."))
            year = None
    contract = None
    if has_contracts and _text(raw.get("contractNumber")):
        contract = {"number": _text(raw.get("contractNumber"))}
        if len(contract["number"]) > 64:
            result.error(number, "contractNumber", _("The contract number is too long."))
        amount = _money(raw.get("contractSum"))
        if amount is None:
            result.error(number, "contractSum", _("Enter the contract amount as a number."))
        elif amount <= 0:
            result.error(number, "contractSum", _("The contract amount must be more than zero."))
        contract["amount"] = amount
        try:
            signed = _date(raw.get("signDate"))
            if signed is None:
                result.error(number, "signDate", _("Enter the contract date."))
        except ValueError:
            signed = None
            result.error(number, "signDate", _("Enter a date as YYYY-MM-DD or DD.MM.YYYY."))
        contract["signed_on"] = signed
        try:
            ends = _date(raw.get("planExecDate"))
        except ValueError:
            ends = None
            result.error(number, "planExecDate", _("Enter a date as YYYY-MM-DD or DD.MM.YYYY."))
        contract["year"] = year or (signed.year if signed else None)
        if ends is None and contract["year"]:
            ends = dt.date(contract["year"], 12, 31)
        contract["ends_on"] = ends
        supplier = _bin(raw.get("supplierBiin"))
        if not _valid_bin(supplier):
            result.error(
                number,
                "supplierBiin",
                _("%(value)s is not a valid BIN.") % {"value": supplier or "—"},
            )
        elif supplier not in ngos:
            result.error(
                number,
                "supplierBiin",
                _("The supplier with BIN %(bin)s is not in the NGO registry.") % {"bin": supplier},
            )
        contract["supplier_id"] = ngos.get(supplier)
    lot = None
    trd = ""
    if has_lots and (_text(raw.get("nameRu")) or _text(raw.get("amount"))):
        trd = _text(raw.get("trdBuyNumberAnno"))
        if not trd:
            result.error(number, "trdBuyNumberAnno", _("Enter the procurement number."))
        name_ru = _text(raw.get("nameRu"))
        if not name_ru:
            result.error(number, "nameRu", _("Enter the lot name in Russian."))
        amount = _money(raw.get("amount"))
        if amount is None:
            result.error(number, "amount", _("Enter the lot amount as a number."))
        elif amount <= 0:
            result.error(number, "amount", _("The lot amount must be more than zero."))
        area_code = _text(raw.get("area"))
        area_id = None
        if area_code:
            area_id = areas.get(area_code)
            if area_id is None:
                result.error(number, "area", _("Unknown area code %(code)s.") % {"code": area_code})
        lot = {
            "name_ru": name_ru[:1000],
            "name_kk": _text(raw.get("nameKz"))[:1000],
            "description_ru": _text(raw.get("descriptionRu"))[:TEXT_MAX],
            "description_kk": _text(raw.get("descriptionKz"))[:TEXT_MAX],
            "amount": amount,
            "area_id": area_id,
            "coverage": _text(raw.get("coverage"))[:500],
        }
    if result.error_count > errors_before:
        return None
    row.update(
        {
            "lot_key": (body.pk, lot_number),
            "lot": lot,
            "trd": trd,
            "year": year or (contract["year"] if contract else None) or today.year,
            "contract": contract,
        }
    )
    return row

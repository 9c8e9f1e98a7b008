"""Set-based inserts for the bulk paths (the import): on PostgreSQL by COPY, with the primary
keys drawn from the table's sequence first, so the rows' ids are known as with bulk_create;
with a row-history row ("+") per row when asked, as simple_history's bulk_create_with_history
writes it (issue 8: the import creates 5 000 rows a second). Elsewhere (SQLite, the embedded
default) Django's bulk_create does the same work more slowly.

Rows are given as dicts of field attnames (`lot_id`, `name_ru`…), not as model instances:
building 50 000 instances cost the import more than writing them. A field a row leaves out
gets the field's default, called per row where the default is a callable (`timezone.now`).
Values go to COPY as Python values (psycopg adapts str, int, Decimal, date, datetime, UUID,
bool and None); any other field type is prepared by the field itself."""

from django.db import connection, models
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.DateField,  # DateTimeField too
    models.DecimalField,
    models.ForeignKey,
    models.UUIDField,
    models.AutoField,
    models.BigAutoField,
)


def copy_create(model, rows, *, history=None, ids=True):
    """Insert `rows` (dicts of attname → value, without the primary key) as new rows of
    `model`; `history`: {"default_user", "default_date"} to write their history rows as well.
    Returns the new rows' ids, in the order of `rows` (`ids=False`: the table's own default
    numbers them and None is returned — for rows nobody refers to in the same write)."""
    if history is None and hasattr(model, "history"):  # X-AUDIT: a kept history is written
        raise ValueError(f"{model.__name__} keeps row history: copy_create needs `history`")
    rows = list(rows)
    if not rows:
        return [] if ids else None
    if connection.vendor != "postgresql":
        objs = [model(**row) for row in rows]
        if history is not None:  # SQLite returns the new ids from a bulk insert
            bulk_create_with_history(objs, model, batch_size=1000, **_kwargs(history))
        else:
            model._default_manager.bulk_create(objs, batch_size=1000)
        return [o.pk for o in objs] if ids else None
    meta = model._meta
    fields = [f for f in meta.concrete_fields if f is not meta.pk]
    plan = _plan(fields)
    full = [_complete(plan, row) for row in rows]
    if not ids and history is None:
        _copy(meta.db_table, fields, full)
        return None
    new_ids = _next_ids(meta.db_table, meta.pk.column, len(rows))
    _copy(
        meta.db_table,
        [meta.pk, *fields],
        ([pk, *values] for pk, values in zip(new_ids, full, strict=True)),
    )
    if history is not None:
        _copy_history(model, fields, new_ids, full, **_kwargs(history))
    return new_ids if ids else None


def _kwargs(history):
    return {k: history[k] for k in ("default_user", "default_date") if k in history}


def _next_ids(table, column, n):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, column, n],
        )
        return [row[0] for row in cursor.fetchall()]


def _plan(fields):
    """Per field: (attname, the default, a default to call per row, the field's own preparation
    of a value). One write happens at one moment: `timezone.now` (and auto_now) is read once."""
    now = timezone.now()
    plan = []
    for field in fields:
        written_now = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        if written_now or (field.has_default() and field.default is timezone.now):
            default, per_row = now, None
        elif field.has_default() and callable(field.default):
            default, per_row = None, field.get_default  # uuid4, dict, …: one value a row
        else:
            default, per_row = field.get_default(), None
        prepare = None if isinstance(field, PLAIN) else field.get_db_prep_save
        plan.append((field.attname, default, per_row, prepare))
    return plan


def _complete(plan, row):
    """The row's database values, field by field, with the defaults of the fields it leaves out."""
    values = []
    for attname, default, per_row, prepare in plan:
        if attname in row:
            value = row[attname]
        elif per_row is not None:
            value = per_row()
        else:
            value = default
        if prepare is not None and value is not None:
            value = prepare(value, connection)
        values.append(value)
    return values


def _copy(table, fields, rows):
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _copy_history(model, fields, ids, full, *, default_user=None, default_date=None):
    """One "+" history row per new row, numbered by the history table itself: the historical
    model's columns are the model's own (by attname) and simple-history's."""
    historical = model.history.model
    meta = historical._meta
    own = {
        "history_date": default_date or timezone.now(),
        "history_change_reason": None,
        "history_type": "+",
        "history_user_id": getattr(default_user, "pk", None),
    }
    pk_name = model._meta.pk.attname
    by_attname = {f.attname: f for f in meta.concrete_fields if f is not meta.pk}
    # COPY names its columns, so they go in the order that makes a row cheapest to build:
    # the original's id, the row's values as they are, then the constants
    kept = [i for i, f in enumerate(fields) if f.attname in by_attname]  # excluded_fields
    mirrored = [by_attname[fields[i].attname] for i in kept]
    mirrored_names = {f.attname for f in mirrored} | {pk_name}
    constant = [f for f in by_attname.values() if f.attname not in mirrored_names]
    tail = [own.get(f.attname) for f in constant]
    pick = None if len(kept) == len(fields) else kept
    _copy(
        meta.db_table,
        [by_attname[pk_name], *mirrored, *constant],
        (
            [pk, *(values if pick is None else [values[i] for i in pick]), *tail]
            for pk, values in zip(ids, full, strict=True)
        ),
    )

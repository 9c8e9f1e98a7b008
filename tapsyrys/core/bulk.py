"""Set-based inserts for the bulk paths (the import): on PostgreSQL by COPY, with the primary
keys drawn from the table's sequence first, so the rows' ids are known as with bulk_create;
with a row-history row ("+") per row when asked, as simple_history's bulk_create_with_history
writes it (issue 8: the import creates 5 000 rows a second). Elsewhere (SQLite, the embedded
default) Django's bulk_create does the same work more slowly.

Values go to COPY as Python values (psycopg adapts str, int, Decimal, date, datetime, UUID,
bool and None); any other field type is prepared by the field itself."""

from django.db import connection, models
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


def copy_create(model, objs, *, history=None):
    """Insert `objs` (unsaved instances of `model`); `history`: {"default_user",
    "default_date"} to write their history rows as well. Returns the rows, with their ids."""
    objs = list(objs)
    if not objs:
        return objs
    if connection.vendor != "postgresql":
        if history is not None:
            return bulk_create_with_history(objs, model, batch_size=1000, **_kwargs(history))
        return model._default_manager.bulk_create(objs, batch_size=1000)
    meta = model._meta
    fresh = [o for o in objs if o.pk is None]
    for obj, pk in zip(fresh, _next_ids(meta.db_table, meta.pk.column, len(fresh)), strict=True):
        obj.pk = pk
    _copy(
        meta.db_table,
        meta.concrete_fields,
        ([_value(f, o) for f in meta.concrete_fields] for o in objs),
    )
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
    if history is not None:
        _copy_history(model, objs, **_kwargs(history))
    return objs


def _kwargs(history):
    return {k: history[k] for k in ("default_user", "default_date") if k in history}


def _next_ids(table, column, n):
    if not n:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, column, n],
        )
        return [row[0] for row in cursor.fetchall()]


def _value(field, obj):
    value = getattr(obj, field.attname)
    if isinstance(field, PLAIN) or value is None:
        return value
    return field.get_db_prep_save(value, connection)


def _copy(table, fields, rows):
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _copy_history(model, objs, *, default_user=None, default_date=None):
    from django.utils import timezone

    historical = model.history.model
    meta = historical._meta
    fields = [f for f in meta.concrete_fields if f is not meta.pk]
    when = default_date or timezone.now()
    user_id = getattr(default_user, "pk", None)
    own = {
        "history_date": lambda _obj: when,
        "history_change_reason": lambda _obj: None,
        "history_type": lambda _obj: "+",
        "history_user_id": lambda _obj: user_id,
    }

    def row(obj, history_id):
        values = [history_id]
        for f in fields:
            if f.attname in own:
                values.append(own[f.attname](obj))
            else:
                values.append(_value(f, obj) if hasattr(obj, f.attname) else None)
        return values

    ids = _next_ids(meta.db_table, meta.pk.column, len(objs))
    _copy(meta.db_table, [meta.pk, *fields], (row(o, i) for o, i in zip(objs, ids, strict=True)))

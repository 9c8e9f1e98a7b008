"""Keyset pagination (issue 8): a page starts after the previous page's last row, found by its
ordering values, so page 800 costs what page 1 costs (OFFSET reads and drops every row before
it). The registry pages and every list API use it; `count` comes from `cached_count`.

A cursor is the boundary row's ordering values and a direction, as url-safe base64 JSON. The
queryset's ordering gets the primary key appended (rows with equal names stay in one order).
An ordering the database cannot seek on — an expression, a nullable column — falls back to
OFFSET, which stays correct, only slower.
"""

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from .errors import ApplicationError
from .public_cache import cached_count

CURSOR_PARAM = "cursor"


def _plain(value):
    if isinstance(value, (dt.date, dt.datetime, Decimal, UUID)):
        return str(value)
    return value


def encode(values, *, reverse=False) -> str:
    raw = json.dumps({"v": [_plain(v) for v in values], "r": reverse}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor, width):
    """(values, reverse) of a cursor, or a translated 400 naming the parameter."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
        values, reverse = data["v"], bool(data.get("r"))
        if not isinstance(values, list) or len(values) != width or None in values:
            raise ValueError
        if not all(isinstance(v, (str, int, float, bool)) for v in values):
            raise ValueError
    except (ValueError, TypeError, KeyError, binascii.Error, UnicodeDecodeError):
        raise ApplicationError(
            _("%(param)s is not a cursor this list gave out.") % {"param": CURSOR_PARAM},
            field=CURSOR_PARAM,
        ) from None
    return values, reverse


def ordering_of(queryset):
    """[(field path, descending)] of the queryset's ordering with the primary key last, or None
    when it cannot be sought on (an expression, a nullable or an unknown field)."""
    query = queryset.query
    names = list(query.order_by or (query.get_meta().ordering if query.default_ordering else []))
    out = []
    for name in names:
        if not isinstance(name, str) or name == "?":
            return None
        desc = name.startswith("-")
        path = name.lstrip("-+")
        if path == "pk":
            path = queryset.model._meta.pk.name
        if not _seekable(queryset.model, path):
            return None
        out.append((path, desc))
    pk = queryset.model._meta.pk.name
    if not any(path == pk for path, _desc in out):
        out.append((pk, out[-1][1] if out else False))
    return out


def _seekable(model, path) -> bool:
    meta = model._meta
    parts = path.split("__")
    for i, part in enumerate(parts):
        try:
            field = meta.get_field(part)
        except FieldDoesNotExist:
            return False
        if getattr(field, "null", False) or field.many_to_many or field.one_to_many:
            return False
        if field.is_relation:
            if i == len(parts) - 1:
                return False  # ordering by a relation means its model's ordering
            meta = field.related_model._meta
        elif i != len(parts) - 1:
            return False
    return True


def _after(ordering, values, reverse):
    """Rows strictly after (before, when reverse) the boundary, in the ordering's sense:
    (a > x) or (a = x and b > y) or …, with < for a descending column."""
    q = Q()
    for i, (path, desc) in enumerate(ordering):
        forward = desc == reverse
        step = Q(**{f"{path}__{'gt' if forward else 'lt'}": values[i]})
        for j in range(i):
            step &= Q(**{ordering[j][0]: values[j]})
        q |= step
    return q


def _order_by(ordering, reverse):
    return [f"-{path}" if desc != reverse else path for path, desc in ordering]


@dataclass
class KeysetPage:
    rows: list
    next_cursor: str | None
    previous_cursor: str | None
    count: int | None
    next_query: str = ""
    previous_query: str = ""
    first_query: str = ""

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)


def keyset_page(queryset, *, cursor=None, size, count=True):
    """One page of `queryset` after (or before) `cursor`, with the cursors of its neighbours.
    Returns None when the ordering cannot be sought on (the caller pages by offset)."""
    ordering = ordering_of(queryset)
    if ordering is None:
        return None
    reverse = False
    qs = queryset
    if cursor:
        values, reverse = decode(cursor, len(ordering))
        qs = qs.filter(_after(ordering, values, reverse))
    rows = list(qs.order_by(*_order_by(ordering, reverse))[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if reverse:
        rows.reverse()
    has_next = more if not reverse else bool(cursor)
    has_previous = bool(cursor) if not reverse else more
    boundary = _boundaries(queryset, ordering, rows)
    return KeysetPage(
        rows=rows,
        next_cursor=encode(boundary[-1]) if rows and has_next else None,
        previous_cursor=encode(boundary[0], reverse=True) if rows and has_previous else None,
        count=cached_count(queryset) if count else None,
    )


def _boundaries(queryset, ordering, rows):
    """The ordering values of the first and the last row (read from the rows themselves)."""
    if not rows:
        return []
    return [_values_of(rows[0], ordering), _values_of(rows[-1], ordering)]


def _values_of(row, ordering):
    out = []
    for path, _desc in ordering:
        value = row
        for part in path.split("__"):
            value = value[part] if isinstance(value, dict) else getattr(value, part)
        out.append(value)
    return out


class CountCachedPaginator(Paginator):
    """Django's paginator with its COUNT(*) computed once per data version (issue 8)."""

    @cached_property
    def count(self):
        if hasattr(self.object_list, "query"):
            return cached_count(self.object_list)
        return super().count


def page_query(request, **changes):
    """The request's query string with `changes` applied (None removes a parameter)."""
    query = request.GET.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    return query.urlencode()


def keyset_view_page(request, queryset, *, size):
    """A list page's keyset page with its neighbours' query strings, for the templates'
    `core/_keyset_pagination.html`; a bad cursor starts at the first page."""
    try:
        page = keyset_page(queryset, cursor=request.GET.get(CURSOR_PARAM) or None, size=size)
    except ApplicationError:
        page = keyset_page(queryset, size=size)
    page.next_query = page_query(request, cursor=page.next_cursor) if page.next_cursor else ""
    page.previous_query = (
        page_query(request, cursor=page.previous_cursor) if page.previous_cursor else ""
    )
    page.first_query = page_query(request, cursor=None) if page.previous_cursor else ""
    return page

"""List APIs page by keyset: `limit` (at most MAX_LIMIT; more is capped) and the `cursor` of
the `next`/`previous` links, so a deep page costs what the first costs (issue 8). `offset`
(at most MAX_OFFSET) still works for clients that count rows themselves, and for the lists
whose ordering cannot be sought on. `count` is exact, computed once per data version
(`core.public_cache.cached_count`), never a whole-table COUNT per request."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from tapsyrys.core.pagination import CURSOR_PARAM, keyset_page
from tapsyrys.core.public_cache import cached_count

MAX_LIMIT = 500
MAX_OFFSET = 10**9  # far beyond any table here, far inside PostgreSQL's bigint


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    max_limit = MAX_LIMIT
    cursor_query_param = CURSOR_PARAM

    def get_offset(self, request):
        raw = request.query_params.get(self.offset_query_param)
        if raw is not None and raw.strip().isdigit() and int(raw) > MAX_OFFSET:
            message = _("%(param)s must be at most %(max)d.") % {
                "param": "offset",
                "max": MAX_OFFSET,
            }
            raise ValidationError({"offset": [message]})
        return super().get_offset(request)

    def paginate_queryset(self, queryset, request, view=None):
        self.keyset = None
        self.request = request
        self.limit = self.get_limit(request)
        if self.limit is None:
            return None
        offset_asked = self.offset_query_param in request.query_params
        cursor = request.query_params.get(self.cursor_query_param) or None
        if not offset_asked and hasattr(queryset, "query"):
            self.keyset = keyset_page(queryset, cursor=cursor, size=self.limit)
        if self.keyset is not None:
            self.count = self.keyset.count
            return self.keyset.rows
        if cursor:
            raise ValidationError(
                {self.cursor_query_param: [_("This list pages by offset, not by cursor.")]}
            )
        return self._offset_page(queryset, request)

    def _offset_page(self, queryset, request):
        self.count = cached_count(queryset) if hasattr(queryset, "query") else len(queryset)
        self.offset = self.get_offset(request)
        if self.count > self.limit and self.template is not None:
            self.display_page_controls = True
        if self.count == 0 or self.offset > self.count:
            return []
        return list(queryset[self.offset : self.offset + self.limit])

    def _cursor_link(self, cursor):
        if cursor is None:
            return None
        url = self.request.build_absolute_uri()
        url = remove_query_param(url, self.offset_query_param)
        return replace_query_param(url, self.cursor_query_param, cursor)

    def get_next_link(self):
        if self.keyset is not None:
            return self._cursor_link(self.keyset.next_cursor)
        return super().get_next_link()

    def get_previous_link(self):
        if self.keyset is not None:
            return self._cursor_link(self.keyset.previous_cursor)
        return super().get_previous_link()

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_schema_operation_parameters(self, view):
        params = super().get_schema_operation_parameters(view)
        for param in params:
            if param["name"] == self.limit_query_param:
                param["schema"].update({"minimum": 1, "maximum": MAX_LIMIT})
            if param["name"] == self.offset_query_param:
                param["schema"].update({"minimum": 0, "maximum": MAX_OFFSET})
        params.append(
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "The position after which the page starts, as given in the "
                "`next` and `previous` links.",
                "schema": {"type": "string", "maxLength": 2000},
            }
        )
        return params

"""List APIs page with `limit` (at most MAX_LIMIT) and `offset` (at most MAX_OFFSET)."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

MAX_LIMIT = 500
MAX_OFFSET = 10**9  # far beyond any table here, far inside PostgreSQL's bigint


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    max_limit = MAX_LIMIT

    def get_offset(self, request):
        raw = request.query_params.get(self.offset_query_param)
        if raw is not None and raw.strip().isdigit() and int(raw) > MAX_OFFSET:
            message = _("%(param)s must be at most %(max)d.") % {
                "param": "offset",
                "max": MAX_OFFSET,
            }
            raise ValidationError({"offset": [message]})
        return super().get_offset(request)

    def get_schema_operation_parameters(self, view):
        params = super().get_schema_operation_parameters(view)
        for param in params:
            if param["name"] == self.limit_query_param:
                param["schema"].update({"minimum": 1, "maximum": MAX_LIMIT})
            if param["name"] == self.offset_query_param:
                param["schema"].update({"minimum": 0, "maximum": MAX_OFFSET})
        return params

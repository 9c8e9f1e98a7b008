import datetime as dt

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from tapsyrys.api.permissions import Public
from tapsyrys.core.errors import ApplicationError

from .rules import CALENDAR_FIRST as FIRST_DATE
from .rules import CALENDAR_LAST as LAST_DATE
from .rules import MAX_WORKING_DAYS, check_working_days
from .selectors import current_calendar


def parse_date_param(value, name):
    try:
        day = dt.date.fromisoformat(value or "")
    except (TypeError, ValueError):
        message = _("%(param)s must be a date in the form YYYY-MM-DD.") % {"param": name}
        raise ApplicationError(message, field=name, code="invalid_date") from None
    if not FIRST_DATE <= day <= LAST_DATE:
        message = _("%(param)s must be a date from %(first)s to %(last)s.") % {
            "param": name,
            "first": FIRST_DATE.strftime("%d.%m.%Y"),
            "last": LAST_DATE.strftime("%d.%m.%Y"),
        }
        raise ApplicationError(message, field=name, code="date_out_of_range")
    return day


def parse_working_days(raw, name="working_days"):
    try:
        number = int(raw)
    except (TypeError, ValueError):
        message = _("%(param)s must be a whole number.") % {"param": name}
        raise ApplicationError(message, field=name) from None
    try:
        return check_working_days(number)
    except ValueError as exc:
        raise ApplicationError(str(exc), field=name) from None


class DeadlineApi(APIView):
    """The deadline after N working days (X-CAL), with the rule and the days it skipped."""

    permission_classes = [Public]

    @extend_schema(
        parameters=[
            OpenApiParameter("start", str, required=True, description="YYYY-MM-DD"),
            OpenApiParameter(
                "working_days", int, required=True, description=f"0..{MAX_WORKING_DAYS}"
            ),
        ],
        responses=inline_serializer(
            "Deadline",
            {
                "start": serializers.DateField(),
                "working_days": serializers.IntegerField(),
                "date": serializers.DateField(),
                "ends_at": serializers.DateTimeField(),
                "explanation": serializers.CharField(),
                "skipped": serializers.ListField(child=serializers.DictField()),
            },
        ),
    )
    def get(self, request):
        start = parse_date_param(request.query_params.get("start"), "start")
        n = parse_working_days(request.query_params.get("working_days"))
        deadline = current_calendar().add_working_days(start, n)
        return Response(
            {
                "start": start.isoformat(),
                "working_days": n,
                "date": deadline.date.isoformat(),
                "ends_at": deadline.ends_at.isoformat(),
                "explanation": deadline.explanation(),
                "skipped": [{"date": d.isoformat(), "reason": r} for d, r in deadline.skipped],
            }
        )

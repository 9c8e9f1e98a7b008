import datetime as dt

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from tapsyrys.api.permissions import Public
from tapsyrys.core.public_cache import public_api

from .audit import HISTORY_LIMIT, history_for, history_object
from .errors import ApplicationError
from .models import (
    Area,
    Edition,
    EvaluationCriterion,
    GrantCriterion,
    MCIRate,
    MonitoringTool,
    Organisation,
    Region,
    ServiceType,
)
from .permissions import guard
from .reference import mci_on
from .selectors import (
    organisation_public_list,
    organisation_public_rows,
    organisation_public_values,
)
from .serializers import (
    AreaSerializer,
    CodeNameSerializer,
    CriterionSerializer,
    EditionSerializer,
    GrantCriterionSerializer,
    MCIRateSerializer,
    OrganisationPublicSerializer,
    RegionSerializer,
    ServiceTypeSerializer,
)


class ReferenceListApi(generics.ListAPIView):
    permission_classes = [Public]
    pagination_class = None


class EditionListApi(ReferenceListApi):
    queryset = Edition.objects.all()
    serializer_class = EditionSerializer


class AreaListApi(ReferenceListApi):
    serializer_class = AreaSerializer

    @extend_schema(parameters=[OpenApiParameter("edition", str, description="2018, 2021, 2022")])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        qs = Area.objects.prefetch_related("edition_numbers__edition")
        edition = self.request.query_params.get("edition")
        if edition:
            if not Edition.objects.filter(code=edition).exists():
                raise ApplicationError(_("Unknown edition."), field="edition")
            qs = qs.filter(edition_numbers__edition__code=edition).order_by(
                "edition_numbers__number"
            )
        return qs


class RegionListApi(ReferenceListApi):
    queryset = Region.objects.all()
    serializer_class = RegionSerializer


class EvaluationCriterionListApi(ReferenceListApi):
    queryset = EvaluationCriterion.objects.all()
    serializer_class = CriterionSerializer


class GrantCriterionListApi(ReferenceListApi):
    queryset = GrantCriterion.objects.all()
    serializer_class = GrantCriterionSerializer


class MonitoringToolListApi(ReferenceListApi):
    queryset = MonitoringTool.objects.all()
    serializer_class = CodeNameSerializer


class ServiceTypeListApi(ReferenceListApi):
    queryset = ServiceType.objects.all()
    serializer_class = ServiceTypeSerializer


class MCIApi(generics.GenericAPIView):
    """All MCI rates, or with `?on=YYYY-MM-DD` the value used for contracts of that date (X-MCI)."""

    permission_classes = [Public]
    serializer_class = MCIRateSerializer
    pagination_class = None

    @extend_schema(
        parameters=[OpenApiParameter("on", str, description="YYYY-MM-DD")],
        responses={
            # every rate without `on`, the one value with it
            200: {
                "oneOf": [
                    {"type": "array", "items": {"type": "object"}},
                    {
                        "type": "object",
                        "properties": {
                            "date": {"type": "string", "format": "date"},
                            "value": {"type": "integer"},
                        },
                        "required": ["date", "value"],
                    },
                ]
            }
        },
    )
    def get(self, request):
        raw = request.query_params.get("on")
        if raw is None:
            return Response(MCIRateSerializer(MCIRate.objects.all(), many=True).data)
        try:
            day = dt.date.fromisoformat(raw)
        except ValueError:
            raise ApplicationError(
                _("%(param)s must be a date in the form YYYY-MM-DD.") % {"param": "on"}, field="on"
            ) from None
        return Response({"date": day.isoformat(), "value": mci_on(day)})


@public_api("core")
class OrganisationListApi(generics.ListAPIView):
    """Public registry of organisations; `kind=ngo` is the NGO registry (C-1)."""

    permission_classes = [Public]
    serializer_class = OrganisationPublicSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "kind", str, enum=["ngo", "state_body", "authorized_body", "grant_operator"]
            ),
            OpenApiParameter("q", str, description="name (kk/ru/en) or BIN prefix"),
            OpenApiParameter("region", str, description="region code"),
            OpenApiParameter("area", str, description="area code"),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        p = self.request.query_params
        kind = p.get("kind")
        if kind and kind not in Organisation.Kind.values:
            raise ApplicationError(_("Unknown kind of organisation."), field="kind")
        region = p.get("region")
        if region and not Region.objects.filter(code=region).exists():
            raise ApplicationError(_("Unknown region."), field="region")
        area = p.get("area")
        if area and not Area.objects.filter(code=area).exists():
            raise ApplicationError(_("Unknown area."), field="area")
        return organisation_public_list(kind=kind, q=p.get("q", ""), region=region, area=area)

    def list(self, request, *args, **kwargs):
        """The rows read as values and given as the serializer gives them (issue 8: the
        registry is the hottest list; a test holds the two outputs equal)."""
        page = self.paginate_queryset(organisation_public_values(self.get_queryset()))
        return self.get_paginated_response(organisation_public_rows(page))


@public_api("core")
class OrganisationDetailApi(generics.RetrieveAPIView):
    permission_classes = [Public]
    serializer_class = OrganisationPublicSerializer

    def get_queryset(self):
        return organisation_public_list()


# --- History (X-AUDIT) ----------------------------------------------------------------------------


class HistoryObjectSerializer(serializers.Serializer):
    app_label = serializers.CharField()
    model = serializers.CharField()
    pk = serializers.CharField()
    repr = serializers.CharField()


class HistoryChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField(help_text="The field's name in the request language")
    old = serializers.CharField(help_text="As shown: choice labels, dd.mm.yyyy hh:mm (Almaty)")
    new = serializers.CharField()


class HistoryEventSerializer(serializers.Serializer):
    when = serializers.DateTimeField(source="created_at")
    who = serializers.SerializerMethodField()
    action = serializers.CharField()
    action_label = serializers.CharField(help_text="The event's name in the request language")
    changes = serializers.JSONField(help_text="{field: [old, new]}")
    changes_display = HistoryChangeSerializer(many=True, help_text="The changes as shown")
    data = serializers.JSONField()

    def get_who(self, event) -> str:
        return str(event.actor) if event.actor_id else event.actor_label


class HistoryVersionSerializer(serializers.Serializer):
    when = serializers.DateTimeField()
    who = serializers.SerializerMethodField()
    type = serializers.CharField(help_text="Created, Changed or Deleted (in the request language)")
    history_type = serializers.ChoiceField(
        choices=["+", "~", "-"], help_text="+ created, ~ changed, - deleted"
    )
    changes = serializers.JSONField(help_text="{field: [old, new]} against the previous version")
    changes_display = HistoryChangeSerializer(many=True, help_text="The changes as shown")

    def get_who(self, version) -> str:
        return str(version["who"]) if version["who"] is not None else ""


class HistorySerializer(serializers.Serializer):
    object = HistoryObjectSerializer()
    limit = serializers.IntegerField(
        help_text="At most this many events and versions, newest first"
    )
    events = HistoryEventSerializer(many=True)
    versions = HistoryVersionSerializer(many=True)


class HistoryApi(APIView):
    """The business events and row versions of one object, newest first (X-AUDIT).

    What the history page `/accounts/history/<app_label>/<model>/<pk>/` shows, with the same
    permission (`core.history.view`: the object's organisations and the authorized body) and
    the same cap. Only models that opt in (`show_history`); 404 for any other model, an
    unknown object or a malformed pk."""

    @extend_schema(responses={200: HistorySerializer})
    def get(self, request, app_label, model, pk):
        obj = history_object(app_label, model, pk)
        guard(request.user, "core.history.view", obj)
        events, versions = history_for(obj, limit=HISTORY_LIMIT)
        payload = {
            "object": {
                "app_label": obj._meta.app_label,
                "model": obj._meta.model_name,
                "pk": str(obj.pk),
                "repr": str(obj),
            },
            "limit": HISTORY_LIMIT,
            "events": events,
            "versions": versions,
        }
        return Response(HistorySerializer(payload).data)

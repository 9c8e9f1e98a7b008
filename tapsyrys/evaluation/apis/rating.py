"""API of the NGO rating (E-8), public like the pages: the ratings of a year, best first, and
one NGO's rating with its history and the formula."""

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from tapsyrys.api.pagination import BoundedLimitOffsetPagination
from tapsyrys.api.permissions import Public
from tapsyrys.core.models import Organisation
from tapsyrys.core.public_cache import public_api

from ..models import NgoRating
from ..rules import rating as rules
from ..selectors import rating as selectors
from ..views.rating import parse_year

SCORE = {"type": "string", "format": "decimal", "nullable": True}


class RatingSerializer(serializers.ModelSerializer):
    ngo_name = serializers.CharField(source="ngo.short_name", read_only=True)

    class Meta:
        model = NgoRating
        fields = [
            "ngo", "ngo_name", "year", "projects", "evaluated", *rules.COMPONENTS, "score",
            "computed_at",
        ]  # fmt: skip


class HistorySerializer(serializers.ModelSerializer):
    class Meta:
        model = NgoRating
        fields = [
            "year", "projects", "evaluated", *rules.COMPONENTS, "score", "computed_at",
        ]  # fmt: skip


class FormulaSerializer(serializers.Serializer):
    scale = serializers.IntegerField()
    weights = serializers.DictField(child=serializers.IntegerField())
    description = serializers.CharField()


class NgoRatingSerializer(serializers.Serializer):
    ngo = serializers.IntegerField()
    name = serializers.CharField()
    latest = HistorySerializer(allow_null=True)
    history = HistorySerializer(many=True)
    formula = FormulaSerializer()


def formula():
    return {
        "scale": int(rules.SCALE),
        "weights": dict(rules.WEIGHTS),
        "description": " ".join(rules.__doc__.split()),
    }


@public_api("core", "evaluation")
class RatingListApi(generics.ListAPIView):
    """The NGO ratings of a financial year (by default the latest rated), best first; NGOs
    not rated yet (no report due, no Annex 8 posted) last."""

    permission_classes = [Public]
    serializer_class = RatingSerializer
    pagination_class = BoundedLimitOffsetPagination

    def get_queryset(self):
        year, error = parse_year(self.request.query_params.get("year"))
        if error:
            raise ValidationError({"year": [error]})
        if year is None:
            latest = selectors.years()[:1]
            if not latest:
                return NgoRating.objects.none()
            year = latest[0]
        return selectors.ratings_of_year(year)

    @extend_schema(
        parameters=[OpenApiParameter("year", int, description="financial year, 2000–2100")],
        responses={200: RatingSerializer(many=True), 400: OpenApiResponse(description="bad year")},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


@public_api("core", "evaluation")
class NgoRatingApi(APIView):
    """One NGO's rating: the latest year, the history by year and the formula."""

    permission_classes = [Public]

    @extend_schema(
        responses={
            200: NgoRatingSerializer,
            404: OpenApiResponse(description="no NGO with this id"),
        }
    )
    def get(self, request, pk):
        org = get_object_or_404(Organisation, pk=pk, kind=Organisation.Kind.NGO)
        rows = selectors.history(org.pk)
        return Response(
            {
                "ngo": org.pk,
                "name": org.short_name,
                "latest": HistorySerializer(rows[-1]).data if rows else None,
                "history": HistorySerializer(rows, many=True).data,
                "formula": formula(),
            }
        )


urlpatterns = [
    path("ratings/", RatingListApi.as_view(), name="evaluation-ratings"),
    path("ngos/<int:pk>/rating/", NgoRatingApi.as_view(), name="evaluation-ngo-rating"),
]

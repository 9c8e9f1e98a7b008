from rest_framework import serializers

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
from .selectors import AREA_FIELDS, PUBLIC_FIELDS


class EditionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Edition
        fields = [
            "code",
            "order_no",
            "order_date",
            "effective_from",
            "title_kk",
            "title_ru",
            "title_en",
        ]


class AreaSerializer(serializers.ModelSerializer):
    numbers = serializers.SerializerMethodField(help_text="Number of the area in each edition")

    class Meta:
        model = Area
        fields = ["id", "code", "name_kk", "name_ru", "name_en", "numbers"]

    def get_numbers(self, area) -> dict:
        return {n.edition.code: n.number for n in area.edition_numbers.all()}


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "code", "kind", "name_kk", "name_ru", "name_en"]


class MCIRateSerializer(serializers.ModelSerializer):
    class Meta:
        model = MCIRate
        fields = ["effective_from", "value_tenge", "applies_to", "note"]


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvaluationCriterion
        fields = ["no", "code", "min_score", "max_score", "name_kk", "name_ru", "name_en"]


class GrantCriterionSerializer(CriterionSerializer):
    class Meta(CriterionSerializer.Meta):
        model = GrantCriterion


class CodeNameSerializer(serializers.ModelSerializer):
    class Meta:
        model = MonitoringTool
        fields = ["code", "name_kk", "name_ru", "name_en"]


class ServiceTypeSerializer(CodeNameSerializer):
    class Meta(CodeNameSerializer.Meta):
        model = ServiceType


class AreaRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Area
        fields = list(AREA_FIELDS)


class OrganisationPublicSerializer(serializers.ModelSerializer):
    """The registry's public fields of an organisation (no people, no internal flags)."""

    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    areas = AreaRefSerializer(many=True, read_only=True)

    class Meta:
        model = Organisation
        fields = list(PUBLIC_FIELDS)  # the registry API's list reads the same (selectors)

"""API of the sheets part under /api/evaluation/ (E-2, E-3, E-4, Annex 7):

- `evaluations/`: GET the projects in evaluation the caller may see (a council member: their
  councils' — only once in evaluation; a body: its own; the authorized body: all);
  `evaluations/<id>/materials/` GET what a member reads before scoring (403 for a member
  excluded for a conflict of interest, naming the reason);
  `evaluations/<id>/conflict/` POST a member declares a conflict (excluded from the project);
- `pending/?body=&region=&year=`: GET every ended project not evaluated (the authorized
  body; a body: its own), earliest due first;
- `sheets/?evaluation=<id>`: GET the caller's sheets (a member: their own; a body: the
  signed sheets of its projects; the authorized body: all signed), POST a member's draft;
  `sheets/<id>/` GET, PATCH the draft (409 once signed); `sheets/<id>/sign/` POST.
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.permissions import guard, is_authorized_body, is_body_staff, is_signed_in
from tapsyrys.evaluation.models import AssessmentSheet, CouncilMember, Evaluation
from tapsyrys.evaluation.rules.sheets import COMMENT_MAX, CRITERIA, SCORE_MAX, SCORE_MIN
from tapsyrys.evaluation.selectors import sheets as selectors
from tapsyrys.evaluation.services import sheets as services

MAX_ID = 2**31 - 1


def _id_param(request, name, *, required=False):
    value = request.query_params.get(name)
    if value is None or value == "":
        if required:
            raise ApplicationError(_("Give a whole number."), field=name)
        return None
    if not str(value).isdecimal() or int(value) > MAX_ID:
        raise ApplicationError(_("Give a whole number."), field=name)
    return int(value)


def _evaluation(pk):
    try:
        return selectors.evaluation_get(pk)
    except Evaluation.DoesNotExist:
        from django.http import Http404

        raise Http404 from None


class EvaluationSerializer(serializers.ModelSerializer):
    contract_number = serializers.CharField(source="contract.number", read_only=True)
    body = serializers.IntegerField(source="contract.body_id", read_only=True)
    supplier = serializers.IntegerField(source="contract.supplier_id", read_only=True)
    supplier_name = serializers.CharField(source="contract.supplier.name", read_only=True)
    ends_on = serializers.DateField(source="contract.ends_on", read_only=True)

    class Meta:
        model = Evaluation
        fields = ["id", "contract", "contract_number", "body", "supplier", "supplier_name",
                  "ends_on", "council", "status", "reason", "opened_at", "due_at",
                  "completed_at"]  # fmt: skip


class SectionSerializer(serializers.Serializer):
    label = serializers.CharField()
    text = serializers.CharField()


class StageMaterialSerializer(serializers.Serializer):
    sections = SectionSerializer(many=True)
    no = serializers.IntegerField(source="stage.no")
    kind = serializers.CharField(source="stage.kind")
    due_date = serializers.DateField(source="stage.due_date")
    report = serializers.IntegerField(source="report.pk", allow_null=True, default=None)
    version = serializers.IntegerField(source="report.version", allow_null=True, default=None)
    submitted_at = serializers.DateTimeField(
        source="report.submitted_at", allow_null=True, default=None
    )


class EventMaterialSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    planned_on = serializers.DateField()
    held_on = serializers.DateField(allow_null=True)
    status = serializers.CharField()


class ExcludedSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    reason = serializers.CharField()
    details = serializers.CharField()


class MaterialsSerializer(serializers.Serializer):
    evaluation = EvaluationSerializer()
    passport_sections = SectionSerializer(many=True)
    stages = StageMaterialSerializer(many=True)
    events = EventMaterialSerializer(many=True)
    excluded = ExcludedSerializer(many=True)


class SheetSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.user.__str__", read_only=True)
    total = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = AssessmentSheet
        fields = ["id", "evaluation", "member", "member_name", *[
            f for code in CRITERIA for f in (code, f"{code}_comment")
        ], "recommendations", "total", "created_at", "signed_at"]  # fmt: skip


def _score():
    return serializers.IntegerField(
        min_value=SCORE_MIN, max_value=SCORE_MAX, required=False, allow_null=True
    )


def _comment():
    return serializers.CharField(
        required=False, allow_blank=True, default="", max_length=COMMENT_MAX
    )


class SheetInputSerializer(serializers.Serializer):
    """Four whole scores 1–5 (null while not decided), each with its explanation."""

    results = _score()
    results_comment = _comment()
    positive_effect = _score()
    positive_effect_comment = _comment()
    continuation = _score()
    continuation_comment = _comment()
    long_term_effect = _score()
    long_term_effect_comment = _comment()
    recommendations = _comment()


class SheetCreateSerializer(SheetInputSerializer):
    evaluation = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class DeclareSerializer(serializers.Serializer):
    details = serializers.CharField(max_length=COMMENT_MAX)


def sheets_for(user):
    """A member's own sheets; a body the signed sheets of its projects; the authorized body
    every signed sheet."""
    if not is_signed_in(user):
        return AssessmentSheet.objects.none()
    base = AssessmentSheet.objects.select_related("member__user").order_by("evaluation_id", "pk")
    scope = Q(member__in=CouncilMember.objects.filter(user=user).values("pk"))
    if is_authorized_body(user):
        scope |= Q(signed_at__isnull=False)
    elif user.organisation_id is not None and is_body_staff(user, user.organisation_id):
        scope |= Q(signed_at__isnull=False, evaluation__contract__body_id=user.organisation_id)
    return base.filter(scope)


class EvaluationListApi(generics.ListAPIView):
    serializer_class = EvaluationSerializer

    def get_queryset(self):
        return selectors.evaluations_for(self.request.user)

    def get(self, request, *args, **kwargs):
        guard(request.user, "evaluation.evaluations.list")
        return super().get(request, *args, **kwargs)


class MaterialsApi(APIView):
    @extend_schema(responses=MaterialsSerializer)
    def get(self, request, pk):
        evaluation = _evaluation(pk)
        guard(request.user, "evaluation.evaluation.view_materials", evaluation)
        data = selectors.materials(evaluation)
        excluded = [
            {"member": m, "reason": r, "details": d}
            for m, (r, d) in sorted(selectors.conflicts(evaluation).items())
        ]
        return Response(
            MaterialsSerializer(
                {
                    "evaluation": evaluation,
                    "stages": data["stages"],
                    "passport_sections": data["passport_sections"],
                    "events": [row["event"] for row in data["events"]],
                    "excluded": excluded,
                }  # fmt: skip
            ).data
        )


class DeclareApi(APIView):
    @extend_schema(request=DeclareSerializer, responses={201: ExcludedSerializer})
    def post(self, request, pk):
        evaluation = _evaluation(pk)
        guard(request.user, "evaluation.exclusion.declare", evaluation)
        s = DeclareSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        exclusion = services.exclusion_declare(
            actor=request.user, evaluation=evaluation, details=s.validated_data["details"]
        )
        return Response(
            {
                "member": exclusion.member_id,
                "reason": exclusion.reason,
                "details": exclusion.details,
            },  # fmt: skip
            status=status.HTTP_201_CREATED,
        )


class PendingApi(generics.ListAPIView):
    serializer_class = EvaluationSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("body", int, description="the state body's id"),
            OpenApiParameter("region", int, description="the body's region id"),
            OpenApiParameter("year", int, description="the year the project ended"),
        ]
    )
    def get(self, request, *args, **kwargs):
        guard(request.user, "evaluation.pending.list")
        self.filters = {n: _id_param(request, n) for n in ("body", "region", "year")}
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.pending_for(self.request.user, **self.filters)


class SheetListApi(generics.ListAPIView):
    serializer_class = SheetSerializer

    @extend_schema(parameters=[OpenApiParameter("evaluation", int)])
    def get(self, request, *args, **kwargs):
        self.evaluation_id = _id_param(request, "evaluation")
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        qs = sheets_for(self.request.user)
        if getattr(self, "evaluation_id", None) is not None:
            qs = qs.filter(evaluation_id=self.evaluation_id)
        return qs

    @extend_schema(request=SheetCreateSerializer, responses={201: SheetSerializer})
    def post(self, request):
        s = SheetCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        evaluation = Evaluation.objects.filter(pk=s.validated_data["evaluation"]).first()
        if evaluation is None:
            raise ApplicationError(
                _("No such evaluation: the project is not in evaluation."), field="evaluation"
            )
        sheet = services.sheet_create(
            actor=request.user, evaluation=evaluation, data=s.validated_data
        )
        return Response(SheetSerializer(sheet).data, status=status.HTTP_201_CREATED)


class SheetDetailApi(APIView):
    def _get(self, request, pk):
        sheet = get_object_or_404(
            AssessmentSheet.objects.select_related("member__user", "evaluation__contract"), pk=pk
        )
        guard(request.user, "evaluation.sheet.view", sheet)
        return sheet

    @extend_schema(responses=SheetSerializer)
    def get(self, request, pk):
        return Response(SheetSerializer(self._get(request, pk)).data)

    @extend_schema(request=SheetInputSerializer, responses=SheetSerializer)
    def patch(self, request, pk):
        sheet = self._get(request, pk)
        s = SheetInputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        current = {code: getattr(sheet, code) for code in CRITERIA}
        current.update({f"{c}_comment": getattr(sheet, f"{c}_comment") for c in CRITERIA})
        current["recommendations"] = sheet.recommendations
        given = {k: v for k, v in s.validated_data.items() if k in request.data}
        sheet = services.sheet_update(actor=request.user, sheet=sheet, data={**current, **given})
        return Response(SheetSerializer(sheet).data)


class SheetSignApi(APIView):
    @extend_schema(request=None, responses=SheetSerializer)
    def post(self, request, pk):
        sheet = get_object_or_404(
            AssessmentSheet.objects.select_related("member__user", "evaluation__contract"), pk=pk
        )
        guard(request.user, "evaluation.sheet.view", sheet)
        sheet = services.sheet_sign(actor=request.user, sheet=sheet)
        return Response(SheetSerializer(sheet).data)


urlpatterns = [
    path("evaluations/", EvaluationListApi.as_view(), name="evaluation-evaluations"),
    path("evaluations/<int:pk>/materials/", MaterialsApi.as_view(),
         name="evaluation-materials"),
    path("evaluations/<int:pk>/conflict/", DeclareApi.as_view(), name="evaluation-conflict"),
    path("pending/", PendingApi.as_view(), name="evaluation-pending"),
    path("sheets/", SheetListApi.as_view(), name="evaluation-sheets"),
    path("sheets/<int:pk>/", SheetDetailApi.as_view(), name="evaluation-sheet"),
    path("sheets/<int:pk>/sign/", SheetSignApi.as_view(), name="evaluation-sheet-sign"),
]  # fmt: skip

"""API of the control of reports and special control (M-5, M-7): the same services, selectors
and permission rules as the pages."""

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from tapsyrys.api.parsers import StrictJSONParser
from tapsyrys.contracting.models import TEXT_MAX, Contract, StageReport
from tapsyrys.core.permissions import guard

from ..models import (
    ControlDecision,
    InformationRequest,
    ReportReview,
    SpecialControlCase,
)
from ..rules import control as rules
from ..selectors import control as selectors
from ..selectors.common import positive_id
from ..services import control as services
from .common import contract_or_error

# --- Serializers ---------------------------------------------------------------------------------


class RequestFileSerializer(serializers.Serializer):
    name = serializers.CharField(source="file.original_name")
    url = serializers.CharField(source="file.get_absolute_url")


class InformationRequestSerializer(serializers.ModelSerializer):
    contract_number = serializers.CharField(source="contract.number", read_only=True)
    files = RequestFileSerializer(many=True, read_only=True)

    class Meta:
        model = InformationRequest
        fields = [
            "id", "contract", "contract_number", "subject", "text", "due_date", "status",
            "asked_at", "answer", "answered_at", "overdue_flagged_at", "files",
        ]  # fmt: skip


class InformationRequestListSerializer(InformationRequestSerializer):
    class Meta(InformationRequestSerializer.Meta):
        fields = [f for f in InformationRequestSerializer.Meta.fields if f != "files"]


class RequestCreateSerializer(serializers.Serializer):
    contract = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    subject = serializers.CharField(max_length=300)
    text = serializers.CharField(max_length=TEXT_MAX)
    due_date = serializers.DateField()


class AnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=TEXT_MAX)
    files = serializers.ListField(child=serializers.FileField(), required=False, max_length=5)


class ReviewSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(source="report.version", read_only=True)

    class Meta:
        model = ReportReview
        fields = [
            "id", "report", "version", "decision", "remarks", "incomplete_sections",
            "reviewed_at",
        ]  # fmt: skip


class ReviewCreateSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=ReportReview.Decision.choices)
    remarks = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    incomplete_sections = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, max_length=10
    )


class DecisionSerializer(serializers.ModelSerializer):
    document = serializers.SerializerMethodField()

    class Meta:
        model = ControlDecision
        fields = [
            "id",
            "kind",
            "decided_at",
            "remarks",
            "new_due_date",
            "refund_amount",
            "document",
        ]

    def get_document(self, obj) -> str | None:
        return obj.document.get_absolute_url() if obj.document_id else None


class CaseSerializer(serializers.ModelSerializer):
    contract_number = serializers.CharField(source="contract.number", read_only=True)
    body = serializers.IntegerField(source="contract.body_id", read_only=True)
    supplier = serializers.IntegerField(source="contract.supplier_id", read_only=True)
    stage = serializers.CharField(source="stage.kind", read_only=True, default=None)
    decisions = DecisionSerializer(many=True, read_only=True)

    class Meta:
        model = SpecialControlCase
        fields = [
            "id", "contract", "contract_number", "body", "supplier", "reason", "stage", "report",
            "opened_at", "closed_at", "decisions",
        ]  # fmt: skip


class DecisionCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ControlDecision.Kind.choices)
    remarks = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    new_due_date = serializers.DateField(required=False, allow_null=True)
    refund_amount = serializers.CharField(
        max_length=30, required=False, allow_null=True, allow_blank=True
    )
    document = serializers.FileField(required=False, allow_null=True)


# --- Views ---------------------------------------------------------------------------------------


class RequestListApi(generics.ListCreateAPIView):
    """GET: the requests the caller may see (`?status=open|answered`, `?overdue=1`,
    `?contract=`); POST: the monitor asks the NGO (a due item)."""

    serializer_class = InformationRequestListSerializer

    def get_queryset(self):
        guard(self.request.user, "monitoring.requests.list")
        p = self.request.query_params
        return selectors.requests_for(
            self.request.user,
            status=p.get("status", ""),
            overdue=p.get("overdue") == "1",
            contract_id=positive_id(p.get("contract")),
            today=timezone.localdate(),
        )

    @extend_schema(request=RequestCreateSerializer, responses={201: InformationRequestSerializer})
    def post(self, request, *args, **kwargs):
        s = RequestCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        contract = contract_or_error(data.pop("contract"))
        req = services.request_create(contract=contract, actor=request.user, **data)
        return Response(
            InformationRequestSerializer(selectors.request_get(req.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class RequestDetailApi(APIView):
    @extend_schema(responses=InformationRequestSerializer)
    def get(self, request, pk):
        req = get_object_or_404(InformationRequest.objects.select_related("contract"), pk=pk)
        guard(request.user, "monitoring.request.view", req)
        return Response(InformationRequestSerializer(selectors.request_get(pk)).data)


class RequestAnswerApi(APIView):
    parser_classes = [StrictJSONParser, MultiPartParser, FormParser]

    @extend_schema(request=AnswerSerializer, responses=InformationRequestSerializer)
    def post(self, request, pk):
        req = get_object_or_404(InformationRequest.objects.select_related("contract"), pk=pk)
        guard(request.user, "monitoring.request.answer", req)
        s = AnswerSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.request_answer(
            request=req,
            actor=request.user,
            answer=s.validated_data["answer"],
            uploads=s.validated_data.get("files", []),
        )
        return Response(InformationRequestSerializer(selectors.request_get(pk)).data)


class ReportReviewApi(APIView):
    """GET: the reviews of every version of the report's stage; POST: accept or return."""

    @extend_schema(responses=ReviewSerializer(many=True))
    def get(self, request, pk):
        report = get_object_or_404(StageReport.objects.select_related("contract", "stage"), pk=pk)
        guard(request.user, "monitoring.review.view", report)
        return Response(ReviewSerializer(selectors.reviews_of(report), many=True).data)

    @extend_schema(request=ReviewCreateSerializer, responses={201: ReviewSerializer})
    def post(self, request, pk):
        report = get_object_or_404(StageReport.objects.select_related("contract", "stage"), pk=pk)
        guard(request.user, "monitoring.report.review", report)
        s = ReviewCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        review = services.report_review(report=report, actor=request.user, **s.validated_data)
        return Response(ReviewSerializer(review).data, status=status.HTTP_201_CREATED)


class ContractControlApi(APIView):
    """The control form of a contract (pilot 004): stages, sections, ratings."""

    def get(self, request, pk):
        contract = get_object_or_404(Contract, pk=pk)
        guard(request.user, "monitoring.control.view", contract)
        rows, overall = selectors.control_form(contract, today=timezone.localdate())
        return Response(
            {
                "contract": contract.pk,
                "stages": [
                    {
                        "stage": r.stage.kind,
                        "due_date": r.stage.due_date,
                        "submitted_on": r.submitted_on,
                        "state": r.state,
                        "days_late": r.days_late,
                        "report": r.report.pk if r.report else None,
                        "sections": {f: ok for f, _label, ok in r.sections},
                        "review": r.review.decision if r.review else None,
                        "rating": str(r.rating) if r.rating is not None else None,
                    }
                    for r in rows
                ],
                "overall_rating": str(overall) if overall is not None else None,
                "positive": rules.is_positive(overall),
                "open_case": SpecialControlCase.objects.filter(
                    contract=contract, closed_at__isnull=True
                )
                .values_list("pk", flat=True)
                .first(),
            }
        )


class CaseListApi(generics.ListAPIView):
    """The special control cases the caller may see (`?state=open|closed`, `?reason=`,
    `?body=`, `?region=`)."""

    serializer_class = CaseSerializer

    def get_queryset(self):
        guard(self.request.user, "monitoring.special_control.list")
        p = self.request.query_params
        return selectors.cases_for(
            self.request.user,
            state=p.get("state", ""),
            reason=p.get("reason", ""),
            body_id=positive_id(p.get("body")),
            region_id=positive_id(p.get("region")),
        )


class CaseDetailApi(APIView):
    @extend_schema(responses=CaseSerializer)
    def get(self, request, pk):
        case = get_object_or_404(SpecialControlCase.objects.select_related("contract"), pk=pk)
        guard(request.user, "monitoring.case.view", case)
        return Response(CaseSerializer(selectors.cases_for(request.user).get(pk=pk)).data)


class CaseDecisionApi(APIView):
    parser_classes = [StrictJSONParser, MultiPartParser, FormParser]

    @extend_schema(request=DecisionCreateSerializer, responses={201: DecisionSerializer})
    def post(self, request, pk):
        case = get_object_or_404(SpecialControlCase.objects.select_related("contract"), pk=pk)
        guard(request.user, "monitoring.case.decide", case)
        s = DecisionCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        decision = services.decision_record(
            case=case,
            actor=request.user,
            kind=d["kind"],
            remarks=d.get("remarks", ""),
            new_due_date=d.get("new_due_date"),
            refund_amount=d.get("refund_amount") or None,
            upload=d.get("document"),
        )
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("requests/", RequestListApi.as_view(), name="monitoring-requests"),
    path("requests/<int:pk>/", RequestDetailApi.as_view(), name="monitoring-request"),
    path("requests/<int:pk>/answer/", RequestAnswerApi.as_view(), name="monitoring-request-answer"),
    path("reports/<int:pk>/review/", ReportReviewApi.as_view(), name="monitoring-report-review"),
    path(
        "contracts/<int:pk>/control/",
        ContractControlApi.as_view(),
        name="monitoring-contract-control",
    ),
    path("special-control/", CaseListApi.as_view(), name="monitoring-special-control"),
    path("special-control/<int:pk>/", CaseDetailApi.as_view(), name="monitoring-case"),
    path(
        "special-control/<int:pk>/decisions/",
        CaseDecisionApi.as_view(),
        name="monitoring-case-decisions",
    ),
]

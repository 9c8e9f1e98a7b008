"""API of the reports part under /api/evaluation/ (E-5, §19, Annex 8):

- `reports/`: GET the Annex 8 reports the caller may list (posted ones for everybody; a body's
  own also before the posting; the authorized body all), newest first, paginated;
- `reports/<id>/`: GET one (public once posted; the body, the authorized body and the
  council's members before);
- `evaluations/<id>/complete/`: POST the body closes the evaluation → 201 with the report
  (409 when already completed; 400 naming `sheets` or `council` when it cannot close yet);
- `reports/<id>/posting/`: POST the body records the posting {posted_on, portal_reference}
  (400 naming the field; 409 when already recorded).
"""

from django.http import Http404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from tapsyrys.api.permissions import Public, PublicRead
from tapsyrys.core.permissions import guard
from tapsyrys.core.public_cache import EVERY_APP, public_api

from ..models import EvaluationReport
from ..selectors import reports as selectors
from ..services import reports as services


class EvaluationReportSerializer(serializers.ModelSerializer):
    contract = serializers.IntegerField(source="evaluation.contract_id", read_only=True)
    contract_number = serializers.CharField(source="evaluation.contract.number", read_only=True)

    class Meta:
        model = EvaluationReport
        fields = [
            "id", "evaluation", "contract", "contract_number",
            "results", "results_comments", "positive_effect", "positive_effect_comments",
            "continuation", "continuation_comments", "long_term_effect",
            "long_term_effect_comments", "total", "sheets_counted", "recommendations",
            "formed_at", "posting_due_at", "posted_on", "portal_reference", "posted_at",
        ]  # fmt: skip
        read_only_fields = fields


class ReportPostingSerializer(serializers.Serializer):
    posted_on = serializers.DateField()
    portal_reference = serializers.CharField(max_length=300)


@public_api(*EVERY_APP)
class ReportListApi(generics.ListAPIView):
    permission_classes = [Public]
    serializer_class = EvaluationReportSerializer

    def get_queryset(self):
        guard(self.request.user, "evaluation.reports.list")
        return selectors.reports_for(self.request.user)


@public_api(*EVERY_APP)
class ReportDetailApi(APIView):
    permission_classes = [PublicRead]

    @extend_schema(responses=EvaluationReportSerializer)
    def get(self, request, pk):
        report = selectors.report_get(pk)
        if report is None:
            raise Http404
        guard(request.user, "evaluation.report.view", report)
        return Response(EvaluationReportSerializer(report).data)


class EvaluationCompleteApi(APIView):
    @extend_schema(request=None, responses={201: EvaluationReportSerializer})
    def post(self, request, pk):
        evaluation = selectors.evaluation_get(pk)
        if evaluation is None:
            raise Http404
        guard(request.user, "evaluation.evaluation.complete", evaluation)
        report = services.evaluation_complete(actor=request.user, evaluation=evaluation)
        return Response(
            EvaluationReportSerializer(selectors.report_get(report.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class ReportPostingApi(APIView):
    @extend_schema(request=ReportPostingSerializer, responses=EvaluationReportSerializer)
    def post(self, request, pk):
        report = selectors.report_get(pk)
        if report is None:
            raise Http404
        guard(request.user, "evaluation.report.post", report)
        s = ReportPostingSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        report = services.report_post(
            actor=request.user,
            report=report,
            posted_on=s.validated_data["posted_on"],
            portal_reference=s.validated_data["portal_reference"],
        )
        return Response(EvaluationReportSerializer(selectors.report_get(report.pk)).data)


urlpatterns = [
    path("reports/", ReportListApi.as_view(), name="evaluation-reports"),
    path("reports/<int:pk>/", ReportDetailApi.as_view(), name="evaluation-report"),
    path("reports/<int:pk>/posting/", ReportPostingApi.as_view(), name="evaluation-report-posting"),
    path(
        "evaluations/<int:pk>/complete/",
        EvaluationCompleteApi.as_view(),
        name="evaluation-evaluation-complete",
    ),
]

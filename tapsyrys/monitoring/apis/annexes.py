"""API of Annex 5 (public), Annex 9 (the body's own; the authorized body's all) and the national
summary, with the pages' permission rules. A form is a file with `?output=xlsx|pdf&lang=kk|ru`
(as formation's national Annex 3), else JSON."""

from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from tapsyrys.api.permissions import Public
from tapsyrys.contracting.models import Contract
from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.permissions import guard

from ..models import Annex9Report
from ..rules import annexes as rules
from ..selectors import annexes as selectors
from ..services import annexes as services
from ..views import annexes as views

LANG = OpenApiParameter("lang", str, enum=["kk", "ru"], description="language of the form")
OUTPUT = OpenApiParameter("output", str, enum=["xlsx", "pdf"], description="a file, not JSON")


def _output(call):
    """Run a file builder; its `format` refusal names the API's parameter, `output`."""
    try:
        return call()
    except ApplicationError as exc:
        if exc.field == "format":
            raise ApplicationError(exc.message, field="output") from exc
        raise


def _dec(value):
    """A Decimal as plain text without trailing zeros ("9480.001", "10000")."""
    if value is None:
        return None
    value = Decimal(value)
    return f"{value.normalize():f}" if value else "0"


# --- Annex 5 -------------------------------------------------------------------------------------


class Annex5Api(APIView):
    """A project's Annex 5: public (the contract page is public)."""

    permission_classes = [Public]

    @extend_schema(parameters=[LANG, OUTPUT], responses={200: dict})
    def get(self, request, pk):
        contract = get_object_or_404(Contract, pk=pk)
        output = request.query_params.get("output")
        if output:
            lang = request.query_params.get("lang", "ru")
            return _output(lambda: views.annex5_file(contract, lang=lang, fmt=output))
        data = selectors.annex5_data(contract)
        context = views.annex5_context(request, contract)
        score = selectors.average_score(contract)
        return Response(
            {
                "contract": contract.pk,
                "number": contract.number,
                "name_kk": data["name_kk"],
                "name_ru": data["name_ru"],
                "supplier_kk": data["supplier_kk"],
                "supplier_ru": data["supplier_ru"],
                "amount_thousand_tenge": _dec(data["amount"]),
                "starts_on": data["starts_on"],
                "ends_on": data["ends_on"],
                "activities": data["activities"],
                "monitoring_events": data["events"],
                "has_report": data["has_report"],
                "indicators": data["indicators"],
                "coverage": data["coverage"],
                "average_score": _dec(score),
                "score_pending": score is None,
                "published_version": context["annex5_published_version"],
            }
        )


class Annex5PublishApi(APIView):
    @extend_schema(request=None, responses={201: dict})
    def post(self, request, pk):
        contract = get_object_or_404(Contract, pk=pk)
        guard(request.user, "monitoring.annex5.publish", contract)
        entries = services.annex5_publish(actor=request.user, contract=contract)
        return Response(
            {
                "version": entries[0].version,
                "entries": [
                    {"seq": e.seq, "language": e.language, "format": e.format, "sha256": e.sha256}
                    for e in entries
                ],
            },
            status=status.HTTP_201_CREATED,
        )


# --- Annex 9 -------------------------------------------------------------------------------------


def report_json(report):
    return {
        "id": report.pk,
        "body": report.body_id,
        "body_name": report.body.name,
        "year": report.year,
        "period": report.period,
        "state": report.state,
        "due_at": report.due_at,
        "submitted_at": report.submitted_at,
        "submitted_by": report.submitted_by.display_name if report.submitted_by else None,
        "late": report.is_late,
        "head_name": report.head_name,
        "head_position": report.head_position,
        "positive_effects": report.positive_effects,
    }


class Annex9OpenSerializer(serializers.Serializer):
    year = serializers.CharField(max_length=10)
    period = serializers.CharField(max_length=10)


class Annex9SaveSerializer(serializers.Serializer):
    head_name = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    head_position = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    positive_effects = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=10000), required=False
    )


class Annex9ListApi(APIView):
    """The body's own reports (the authorized body: every body's); POST opens a period's."""

    @extend_schema(
        parameters=[OpenApiParameter("year", int), OpenApiParameter("period", str)],
        responses={200: dict},
    )
    def get(self, request):
        guard(request.user, "monitoring.annex9.list", None)
        qs = selectors.reports_for(request.user)
        if request.query_params.get("year"):
            qs = qs.filter(year=rules.check_year(request.query_params["year"]))
        if request.query_params.get("period"):
            qs = qs.filter(period=rules.check_period(request.query_params["period"]))
        return Response({"results": [report_json(r) for r in qs.order_by("-year", "period", "id")]})

    @extend_schema(request=Annex9OpenSerializer, responses={201: dict})
    def post(self, request):
        body = request.user.organisation
        guard(request.user, "monitoring.annex9.open", body)
        s = Annex9OpenSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        report = services.annex9_open(
            actor=request.user, body=body, year=s.validated_data["year"],
            period=s.validated_data["period"],
        )  # fmt: skip
        return Response(report_json(report), status=status.HTTP_201_CREATED)


def _report(request, pk, action="monitoring.annex9.view"):
    report = get_object_or_404(Annex9Report.objects.select_related("body", "submitted_by"), pk=pk)
    guard(request.user, action, report)
    return report


class Annex9DetailApi(APIView):
    @extend_schema(parameters=[LANG, OUTPUT], responses={200: dict})
    def get(self, request, pk):
        report = _report(request, pk)
        output = request.query_params.get("output")
        if output:
            lang = request.query_params.get("lang", "ru")
            return _output(lambda: views.annex9_file(report, lang=lang, fmt=output))
        rows = selectors.report_rows(report)
        return Response(
            {
                **report_json(report),
                "rows": [
                    {
                        "contract": r["contract_id"],
                        "area": r["area_id"],
                        "name_kk": r["name_kk"],
                        "name_ru": r["name_ru"],
                        "planned_thousand_tenge": _dec(r["planned"]),
                        "amount_thousand_tenge": _dec(r["amount"]),
                        "supplier_ru": r["supplier_ru"],
                        "monitoring_events": r["events"],
                        "positive_effect": r["effect"],
                        "score": _dec(r["score"]),
                    }
                    for r in rows
                ],
            }
        )

    @extend_schema(request=Annex9SaveSerializer, responses={200: dict})
    def patch(self, request, pk):
        report = _report(request, pk, "monitoring.annex9.edit")
        s = Annex9SaveSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        report = services.annex9_save(
            actor=request.user,
            report=report,
            head_name=s.validated_data.get("head_name"),
            head_position=s.validated_data.get("head_position"),
            positive_effects=s.validated_data.get("positive_effects"),
        )
        return Response(report_json(report))


class Annex9SubmitApi(APIView):
    @extend_schema(request=None, responses={200: dict})
    def post(self, request, pk):
        report = _report(request, pk, "monitoring.annex9.submit")
        report = services.annex9_submit(actor=request.user, report=report)
        return Response(report_json(report))


class Annex9NationalApi(APIView):
    """Who submitted and who is late (JSON), or the national consolidation (?output=)."""

    @extend_schema(
        parameters=[OpenApiParameter("year", int), OpenApiParameter("period", str), LANG, OUTPUT],
        responses={200: dict},
    )
    def get(self, request):
        guard(request.user, "monitoring.annex9.overview", None)
        year, period = views.year_period(request.query_params)
        output = request.query_params.get("output")
        if output:
            lang = request.query_params.get("lang", "ru")
            content, content_type = _output(
                lambda: views.national_annex9_file(year=year, period=period, lang=lang, fmt=output)
            )
            stem = f"annex9_national_{year}_{period}"
            return views.file_response(content, content_type, stem, output.strip().lower(), lang)
        data = selectors.overview(year=year, period=period, now=timezone.now())
        return Response(
            {
                "year": year,
                "period": period,
                "due_at": data["due"].ends_at,
                "submitted": data["submitted"],
                "late": data["late"],
                "bodies": [
                    {
                        "body": line["body"].pk,
                        "body_name": line["body"].name,
                        "report": line["report"].pk if line["report"] else None,
                        "due_at": line["due_at"],
                        "submitted_at": line["submitted_at"],
                        "submitted_by": line["submitted_by"].display_name
                        if line["submitted_by"]
                        else None,
                        "late": line["late"],
                    }
                    for line in data["lines"]
                ],
            }
        )


class TrackSerializer(serializers.Serializer):
    year = serializers.CharField(max_length=10)
    period = serializers.CharField(max_length=10, required=False)


class Annex9TrackApi(APIView):
    """The authorized body opens a period's deadline for every body that owes the report."""

    @extend_schema(request=TrackSerializer, responses={201: dict})
    def post(self, request):
        guard(request.user, "monitoring.annex9.overview", None)
        s = TrackSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        made = services.annex9_track(
            actor=request.user,
            year=s.validated_data["year"],
            period=s.validated_data.get("period", ""),
        )
        return Response({"opened": made}, status=status.HTTP_201_CREATED)


# --- The national summary ------------------------------------------------------------------------


def _summary_rows(rows):
    return [
        {
            "key": r["key"],
            "name_kk": r["name_kk"],
            "name_ru": r["name_ru"],
            **({"number": r["number"]} if "number" in r else {}),
            "projects": r["projects"],
            "planned_thousand_tenge": _dec(r["planned"]),
            "amount_thousand_tenge": _dec(r["amount"]),
            "coverage_planned": r["coverage_planned"],
            "coverage_reached": r["coverage_reached"],
            "average_score": _dec(r["score"]),
            "special_control_cases": r["cases"],
            "open_cases": r["open_cases"],
            "decisions": r["decision_kinds"],
        }
        for r in rows
    ]


class SummaryApi(APIView):
    @extend_schema(parameters=[OpenApiParameter("year", int), LANG, OUTPUT], responses={200: dict})
    def get(self, request):
        from tapsyrys.calendar.rules import local_date
        from tapsyrys.publishing.national_summary import render_summary

        guard(request.user, "monitoring.summary.view", None)
        year = views._summary_year(request.query_params)
        data = selectors.national_summary_shared(year=year)
        output = request.query_params.get("output")
        if output:
            lang = request.query_params.get("lang", "ru")
            content, content_type = _output(
                lambda: render_summary(
                    data, lang=lang, fmt=output, as_of=local_date(timezone.now())
                )
            )
            stem = f"national_summary_{year}"
            return views.file_response(content, content_type, stem, output.strip().lower(), lang)
        total = data["total"]
        summary = data["summary"]
        return Response(
            {
                "year": year,
                "state": summary.state if summary else "draft",
                "due_at": summary.due_at if summary else None,
                "sent_at": summary.sent_at if summary else None,
                "total": {
                    "projects": total["projects"],
                    "planned_thousand_tenge": _dec(total["planned"]),
                    "amount_thousand_tenge": _dec(total["amount"]),
                    "coverage_planned": total["coverage_planned"],
                    "coverage_reached": total["coverage_reached"],
                    "average_score": _dec(total["score"]),
                    "special_control_cases": total["cases"],
                    "open_cases": total["open_cases"],
                    "decisions": total["decision_kinds"],
                },
                "by_body": _summary_rows(data["by"]["body"]),
                "by_area": _summary_rows(data["by"]["area"]),
                "by_region": _summary_rows(data["by"]["region"]),
            }
        )


class SummaryTrackApi(APIView):
    @extend_schema(request=TrackSerializer, responses={201: dict})
    def post(self, request):
        guard(request.user, "monitoring.summary.view", None)
        s = TrackSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        summary = services.summary_track(actor=request.user, year=s.validated_data["year"])
        return Response(
            {"year": summary.year, "due_at": summary.due_at}, status=status.HTTP_201_CREATED
        )


class SummarySendSerializer(serializers.Serializer):
    year = serializers.CharField(max_length=10)


class SummarySendApi(APIView):
    @extend_schema(request=SummarySendSerializer, responses={200: dict})
    def post(self, request):
        guard(request.user, "monitoring.summary.view", None)
        s = SummarySendSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        summary = services.summary_send(actor=request.user, year=s.validated_data["year"])
        return Response({"year": summary.year, "state": summary.state, "sent_at": summary.sent_at})


urlpatterns = [
    path("contracts/<int:pk>/annex5/", Annex5Api.as_view(), name="monitoring-annex5"),
    path(
        "contracts/<int:pk>/annex5/publish/",
        Annex5PublishApi.as_view(),
        name="monitoring-annex5-publish",
    ),
    path("annex9/", Annex9ListApi.as_view(), name="monitoring-annex9-list"),
    path("annex9/national/", Annex9NationalApi.as_view(), name="monitoring-annex9-national"),
    path("annex9/track/", Annex9TrackApi.as_view(), name="monitoring-annex9-track"),
    path("annex9/<int:pk>/", Annex9DetailApi.as_view(), name="monitoring-annex9-detail"),
    path("annex9/<int:pk>/submit/", Annex9SubmitApi.as_view(), name="monitoring-annex9-submit"),
    path("summary/", SummaryApi.as_view(), name="monitoring-summary"),
    path("summary/track/", SummaryTrackApi.as_view(), name="monitoring-summary-track"),
    path("summary/send/", SummarySendApi.as_view(), name="monitoring-summary-send"),
]

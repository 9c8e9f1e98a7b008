"""Monitoring plans, events and results API (M-1, M-2, M-3, M-6) under /api/monitoring/.

The same services, selectors and rules as the pages. Lists are scoped: an expert sees only
the projects assigned to them, an NGO its own (read-only), a body its own, the authorized
body all."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from tapsyrys.contracting.models import Contract
from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.permissions import guard
from tapsyrys.monitoring.models import MonitoringEvent
from tapsyrys.monitoring.selectors import events as selectors
from tapsyrys.monitoring.services import events as services

MAX_LIST = 200


def _num(value):
    return None if value is None else str(value)


def event_summary(event):
    return {
        "id": event.pk,
        "contract": event.contract_id,
        "contract_number": event.contract.number,
        "year": event.year,
        "planned_on": event.planned_on.isoformat(),
        "held_on": event.held_on.isoformat() if event.held_on else None,
        "status": event.status,
    }


def event_detail(event):
    surveys = []
    for survey in event.surveys.all():
        bands, overall = selectors.survey_check(survey)
        surveys.append(
            {
                "form": survey.form.code,
                "respondents": survey.respondents,
                "satisfied_pct": _num(survey.satisfied_pct),
                "success_stories": survey.success_stories,
                "participants": survey.participants,
                "duration_hours": survey.duration_hours,
                "trainer_experience_years": survey.trainer_experience_years,
                "bands": bands,
                "overall": overall,
            }
        )
    return {
        **event_summary(event),
        "tools": [t.code for t in event.tools.all()],
        "findings": event.findings,
        "measures": event.measures,
        "activities": [
            {"activity": a.activity_id, "status": a.status, "evidence": a.evidence}
            for a in event.activities.all()
        ],
        "surveys": surveys,
        "coverage": [
            {"target_group": c.target_group_id, "reached": c.reached} for c in event.coverage.all()
        ],
        "compliance": [
            {
                "service_type": c.service_type_id,
                "verdict": c.verdict,
                "comment": c.comment,
            }
            for c in event.compliance.all()
        ],
        "evidence": [
            {"url": e.url or None, "file": e.file.get_absolute_url() if e.file else None}
            for e in event.evidence.all()
        ],
        "missing": [f for f, _label in selectors.completeness(event, event.contract)]
        if not event.is_completed
        else [],
    }


def _event(pk):
    try:
        return selectors.event_get(pk)
    except MonitoringEvent.DoesNotExist:
        raise Http404 from None


class PlanInSerializer(serializers.Serializer):
    planned_on = serializers.DateField()


class CompleteInSerializer(serializers.Serializer):
    held_on = serializers.DateField(required=False, allow_null=True)


class PlanApi(APIView):
    """GET: the contract's plan per year with the rule's problems; POST: plan an event."""

    def get(self, request, pk):
        contract = get_object_or_404(Contract, pk=pk)
        guard(request.user, "monitoring.plan.view", contract)
        plan = selectors.plan_of(contract)
        return Response(
            {
                "contract": contract.pk,
                "edition": plan["edition"],
                "min": plan["min"],
                "max": plan["max"],
                "years": [
                    {
                        "year": y["year"],
                        "count": y["count"],
                        "problems": y["problems"],
                        "due_on": y["due_on"].isoformat() if y["due_on"] else None,
                        "events": [event_summary(e) for e in y["events"]],
                    }
                    for y in plan["years"]
                ],
            }
        )

    @extend_schema(request=PlanInSerializer)
    def post(self, request, pk):
        contract = get_object_or_404(Contract, pk=pk)
        guard(request.user, "monitoring.event.plan", contract)
        s = PlanInSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        event = services.event_plan(
            contract=contract, actor=request.user, planned_on=s.validated_data["planned_on"]
        )
        return Response(event_summary(event), status=201)


class EventListApi(APIView):
    """The events the caller sees (?contract=, ?status=, ?year=), newest first."""

    def get(self, request):
        guard(request.user, "monitoring.plans.list")
        params = request.query_params
        contract_id = params.get("contract")
        year = params.get("year")
        if contract_id is not None and not contract_id.isdigit():
            raise ApplicationError(_("Enter a valid value."), field="contract")
        if year is not None and not (year.isdigit() and 2000 <= int(year) <= 2100):
            raise ApplicationError(_("Enter a valid value."), field="year")
        status = params.get("status")
        if status and status not in MonitoringEvent.Status.values:
            raise ApplicationError(_("Enter a valid value."), field="status")
        events = selectors.event_list(
            request.user,
            contract_id=int(contract_id) if contract_id else None,
            status=status,
            year=int(year) if year else None,
        )[:MAX_LIST]
        return Response({"results": [event_summary(e) for e in events]})


class EventApi(APIView):
    """GET: an event with its indicators; PATCH: record them (event_update's `data`)."""

    def get(self, request, pk):
        event = _event(pk)
        guard(request.user, "monitoring.event.view", event)
        return Response(event_detail(event))

    def patch(self, request, pk):
        event = _event(pk)
        guard(request.user, "monitoring.event.update", event)
        data = request.data if isinstance(request.data, dict) else None
        if data is None:
            raise ApplicationError(_("Send a JSON object."), field="data")
        services.event_update(event=event, actor=request.user, data=dict(data))
        return Response(event_detail(_event(pk)))


class EventCompleteApi(APIView):
    @extend_schema(request=CompleteInSerializer)
    def post(self, request, pk):
        event = _event(pk)
        guard(request.user, "monitoring.event.complete", event)
        s = CompleteInSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.event_complete(
            event=event, actor=request.user, held_on=s.validated_data.get("held_on")
        )
        return Response(event_detail(_event(pk)))


def _results_json(result):
    def source(s):
        return {
            "kind": s["kind"],
            "id": s["id"],
            "label": str(s["label"]),
            "date": s["date"].isoformat(),
            "value": _num(s["value"]),
        }

    return {
        "indicators": [
            {
                "id": r["id"],
                "no": r["no"],
                "name": r["name"],
                "unit": r["unit"],
                "planned": _num(r["planned"]),
                "actuals": [source(s) for s in r["actuals"]],
                "latest": _num(r["latest"]),
                "percent": _num(r["percent"]),
            }
            for r in result["indicators"]
        ],
        "target_groups": [
            {
                "id": r["id"],
                "no": r["no"],
                "name": r["name"],
                "planned": r["planned"],
                "reached": [source(s) for s in r["reached"]],
                "latest": _num(r["latest"]),
                "percent": _num(r["percent"]),
            }
            for r in result["target_groups"]
        ],
    }


class ResultsApi(APIView):
    """Planned vs actual per indicator and target group (M-6)."""

    def get(self, request, pk):
        contract = get_object_or_404(Contract, pk=pk)
        guard(request.user, "monitoring.plan.view", contract)
        return Response({"contract": contract.pk, **_results_json(selectors.results(contract))})


urlpatterns = [
    path("contracts/<int:pk>/plan/", PlanApi.as_view(), name="monitoring-plan"),
    path("contracts/<int:pk>/results/", ResultsApi.as_view(), name="monitoring-results"),
    path("events/", EventListApi.as_view(), name="monitoring-events"),
    path("events/<int:pk>/", EventApi.as_view(), name="monitoring-event"),
    path("events/<int:pk>/complete/", EventCompleteApi.as_view(), name="monitoring-event-complete"),
]

"""Monitoring plan and event pages (M-1, M-2, M-3, M-6) under /monitoring/.

- `plans`: the caller's running contracts in a year with their number of events
  (`?below=1`: only those below the minimum — the desk links here);
- `plan`: a contract's plan, per year with the rule's problems; POST plans an event;
- `event`: an event with its four indicators and the monitoring report's downloads;
- `event_record`: the four indicators form; `event_complete`: POST;
- `event_report`: the report as xlsx/PDF in kk or ru (published entry, or a live draft);
- `results`: planned vs actual per indicator and target group, with a chart."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tapsyrys.calendar.rules import local_date
from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.files import DOCUMENT_TYPES
from tapsyrys.core.permissions import check, guard
from tapsyrys.monitoring.models import EventActivity, EventCompliance, MonitoringEvent
from tapsyrys.monitoring.rules import events as rules
from tapsyrys.monitoring.selectors import events as selectors
from tapsyrys.monitoring.selectors.common import contract_or_404
from tapsyrys.monitoring.selectors.experts import who_monitors
from tapsyrys.monitoring.services import events as services

PAGE_LIMIT = 200
SURVEY_LABELS = (
    ("respondents", gettext_lazy("Respondents")),
    ("satisfied_pct", gettext_lazy("Satisfied, %")),
    ("success_stories", gettext_lazy("Success stories")),
    ("participants", gettext_lazy("Participants")),
    ("duration_hours", gettext_lazy("Duration, hours")),
    ("trainer_experience_years", gettext_lazy("Trainer experience, years")),
)


class PlanForm(forms.Form):
    planned_on = forms.DateField(
        label=gettext_lazy("Planned date"), widget=forms.DateInput(attrs={"type": "date"})
    )


class CompleteForm(forms.Form):
    held_on = forms.DateField(
        label=gettext_lazy("Held on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


def _event(pk):
    try:
        return selectors.event_get(pk)
    except MonitoringEvent.DoesNotExist:
        raise Http404 from None


def _year(request, today):
    raw = request.GET.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return today.year


def plans(request):
    guard(request.user, "monitoring.plans.list")
    today = local_date(timezone.now())
    year = _year(request, today)
    below = request.GET.get("below") == "1"
    rows = list(selectors.plan_list(request.user, year=year, below=below)[:PAGE_LIMIT])
    return render(
        request,
        "monitoring/events/plans.html",
        {"rows": rows, "year": year, "below": below, "min": rules.MIN_EVENTS},
    )


def plan(request, pk):
    contract = contract_or_404(pk)
    guard(request.user, "monitoring.plan.view", contract)
    form = PlanForm(request.POST or None)
    if request.method == "POST":
        guard(request.user, "monitoring.event.plan", contract)
        if form.is_valid():
            try:
                event = services.event_plan(
                    contract=contract,
                    actor=request.user,
                    planned_on=form.cleaned_data["planned_on"],
                )
                messages.success(request, _("The monitoring event is planned."))
                return redirect("monitoring:event", pk=event.pk)
            except ApplicationError as exc:
                form.add_error("planned_on" if exc.field == "planned_on" else None, exc.message)
    return render(
        request,
        "monitoring/events/plan.html",
        {
            "contract": contract,
            "plan": selectors.plan_of(contract),
            "form": form,
            "who_text": who_monitors(contract).explanation_in(get_language()),
            "can_plan": bool(check(request.user, "monitoring.event.plan", contract))
            and contract.status in rules.RUNNING_STATUSES,
        },
    )


def _event_context(request, event):
    contract = event.contract
    surveys = []
    for survey in event.surveys.all():
        bands, overall = selectors.survey_check(survey)
        surveys.append({"row": survey, "bands": bands, "overall": overall})
    running = contract.status in rules.RUNNING_STATUSES
    can_record = bool(check(request.user, "monitoring.event.update", event)) and running
    return {
        "event": event,
        "contract": contract,
        "surveys": surveys,
        "band_texts": rules.BAND_TEXTS,
        "missing": [] if event.is_completed else selectors.completeness(event, contract),
        "actions": {
            "record": can_record and not event.is_completed,
            "complete": can_record and not event.is_completed,
        },
        "record_refusal": None
        if can_record
        else check(request.user, "monitoring.event.update", event).reason,
        "languages": ("kk", "ru"),
        "formats": ("xlsx", "pdf"),
    }


def event(request, pk):
    item = _event(pk)
    guard(request.user, "monitoring.event.view", item)
    context = _event_context(request, item)
    context["complete_form"] = CompleteForm(
        initial={"held_on": local_date(timezone.now()).isoformat()}
    )
    return render(request, "monitoring/events/event.html", context)


def _form_data(post, contract, thresholds):
    """The record form's POST as the service's `data`."""
    data = {
        "planned_on": post.get("planned_on", ""),
        "tools": post.getlist("tools"),
        "findings": post.get("findings", ""),
        "measures": post.get("measures", ""),
        "links": post.get("links", ""),
        "activities": {
            str(a.pk): {
                "status": post.get(f"activity_{a.pk}_status", ""),
                "evidence": post.get(f"activity_{a.pk}_evidence", ""),
            }
            for a in contract.activities.all()
        },
        "surveys": {
            t.code: {
                name: post.get(f"survey_{t.code}_{name}", "") for name in selectors.SURVEY_FIELDS
            }
            for t in thresholds
        },
        "coverage": {
            str(g.pk): post.get(f"coverage_{g.pk}", "") for g in contract.target_groups.all()
        },
    }
    types = list(contract.service_types.all())
    keys = [str(t.pk) for t in types] or [services.OVERALL]
    data["compliance"] = {
        k: {
            "verdict": post.get(f"compliance_{k}_verdict", ""),
            "comment": post.get(f"compliance_{k}_comment", ""),
        }
        for k in keys
    }
    return data


def _initial(event, contract, thresholds):
    """The form's values from the stored event (the same names as the POST)."""
    values = {
        "planned_on": event.planned_on.isoformat(),
        "findings": event.findings,
        "measures": event.measures,
        "links": "",
    }
    tools = [t.code for t in event.tools.all()]
    for row in event.activities.all():
        values[f"activity_{row.activity_id}_status"] = row.status
        values[f"activity_{row.activity_id}_evidence"] = row.evidence
    for row in event.surveys.all():
        for name in selectors.SURVEY_FIELDS:
            value = getattr(row, name)
            values[f"survey_{row.form.code}_{name}"] = "" if value is None else str(value)
    for row in event.coverage.all():
        values[f"coverage_{row.target_group_id}"] = str(row.reached)
    for row in event.compliance.all():
        key = str(row.service_type_id) if row.service_type_id else services.OVERALL
        values[f"compliance_{key}_verdict"] = row.verdict
        values[f"compliance_{key}_comment"] = row.comment
    return values, tools


def event_record(request, pk):
    item = _event(pk)
    guard(request.user, "monitoring.event.update", item)
    contract = item.contract
    thresholds = selectors.thresholds()
    error = None
    if request.method == "POST":
        data = _form_data(request.POST, contract, thresholds)
        try:
            services.event_update(
                event=item,
                actor=request.user,
                data=data,
                uploads=request.FILES.getlist("files"),
            )
            messages.success(request, _("The monitoring event is saved."))
            return redirect("monitoring:event", pk=item.pk)
        except ApplicationError as exc:
            error = exc
        values = {k: v for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken",)}
        chosen = request.POST.getlist("tools")
    else:
        values, chosen = _initial(item, contract, thresholds)
    field = getattr(error, "field", None)
    message = error.message if error is not None else ""

    def cell(name, label=""):
        return {
            "name": name,
            "label": label,
            "value": values.get(name, ""),
            "error": message if field == name else "",
        }

    labels = dict(SURVEY_LABELS)
    service_types = list(contract.service_types.all())
    compliance = [(str(t.pk), t.name) for t in service_types] or [
        (services.OVERALL, _("The Standard as a whole"))
    ]
    context = {
        "event": item,
        "contract": contract,
        "planned_on": cell("planned_on", _("Planned date")),
        "findings": cell("findings", _("Findings")),
        "measures": cell("measures", _("Proposed operational measures")),
        "links": cell("links", _("Links to social-network publications, one per line")),
        "tools": [{"tool": t, "checked": t.code in chosen} for t in selectors.tools()],
        "tools_error": message if field == "tools" else "",
        "files_error": message if field == "files" else "",
        "activity_statuses": EventActivity.Status.choices,
        "verdicts": EventCompliance.Verdict.choices,
        "activity_rows": [
            {
                "activity": a,
                "status": cell(f"activity_{a.pk}_status"),
                "evidence": cell(f"activity_{a.pk}_evidence"),
            }
            for a in contract.activities.all()
        ],
        "survey_labels": [labels[f] for f in selectors.SURVEY_FIELDS],
        "survey_rows": [
            {
                "form": t,
                "cells": [cell(f"survey_{t.code}_{f}", labels[f]) for f in selectors.SURVEY_FIELDS],
            }
            for t in thresholds
        ],
        "coverage_rows": [
            {"group": g, "reached": cell(f"coverage_{g.pk}")} for g in contract.target_groups.all()
        ],
        "compliance_rows": [
            {
                "name": name,
                "verdict": cell(f"compliance_{key}_verdict"),
                "comment": cell(f"compliance_{key}_comment"),
            }
            for key, name in compliance
        ],
        "error": error,
        "file_types": ", ".join(sorted(set(DOCUMENT_TYPES.values()))),
        "file_limit_mb": services.upload_limit_mb(),
        "min_tools": rules.MIN_TOOLS,
    }
    return render(request, "monitoring/events/record.html", context, status=400 if error else 200)


@require_POST
def event_complete(request, pk):
    item = _event(pk)
    guard(request.user, "monitoring.event.complete", item)
    form = CompleteForm(request.POST)
    held_on = None
    if form.is_valid():
        held_on = form.cleaned_data["held_on"]
    try:
        if not form.is_valid():
            raise ApplicationError(_("Enter a valid date."), field="held_on")
        services.event_complete(event=item, actor=request.user, held_on=held_on)
        messages.success(request, _("The monitoring event is completed; the report is published."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("monitoring:event", pk=item.pk)


def event_report(request, pk, lang, fmt):
    from tapsyrys.publishing.annexes import render as render_form
    from tapsyrys.publishing.models import DocumentKind
    from tapsyrys.publishing.monitoring_report import monitoring_report_document
    from tapsyrys.publishing.selectors import published_entry
    from tapsyrys.publishing.views import entry_response

    if lang not in ("kk", "ru") or fmt not in ("xlsx", "pdf"):
        raise Http404
    item = _event(pk)
    guard(request.user, "monitoring.event.view", item)
    if item.is_completed:
        entry = published_entry(item, [DocumentKind.MONITORING_REPORT], language=lang, format=fmt)
        if entry is not None:
            return entry_response(entry)
    doc = monitoring_report_document(**selectors.report_data(item), lang=lang, draft=True)
    content, media_type = render_form(doc, fmt)
    response = HttpResponse(content, content_type=media_type)
    name = f"monitoring-report-{item.contract.number}-{item.pk}-draft.{lang}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def results(request, pk):
    contract = contract_or_404(pk)
    guard(request.user, "monitoring.plan.view", contract)
    result = selectors.results(contract)
    return render(
        request,
        "monitoring/events/results.html",
        {"contract": contract, "result": result, "chart": selectors.chart_data(result)},
    )


urlpatterns = [
    path("plans/", plans, name="plans"),
    path("contracts/<int:pk>/plan/", plan, name="plan"),
    path("contracts/<int:pk>/results/", results, name="results"),
    path("events/<int:pk>/", event, name="event"),
    path("events/<int:pk>/record/", event_record, name="event_record"),
    path("events/<int:pk>/complete/", event_complete, name="event_complete"),
    path("events/<int:pk>/report.<str:lang>.<str:fmt>", event_report, name="event_report"),
]

"""Reading monitoring plans, events and results, scoped to the caller (X-ACL).

An expert sees only the projects assigned to them, an NGO its own, a body its own, the
authorized body all. Lists take a constant number of queries whatever their length."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from tapsyrys.contracting.models import Contract, StageReport
from tapsyrys.core.models import Edition, MonitoringTool, Role
from tapsyrys.core.permissions import is_authorized_body, is_signed_in
from tapsyrys.monitoring.models import (
    EventActivity,
    EventCompliance,
    EventCoverage,
    EventSurvey,
    ExpertAssignment,
    MonitoringEvent,
    StandardThreshold,
)
from tapsyrys.monitoring.rules import events as rules


def visible_contracts(user):
    """Contracts whose monitoring `user` sees (the same people as `access.can_see`)."""
    if not is_signed_in(user):
        return Contract.objects.none()
    if is_authorized_body(user):
        return Contract.objects.all()
    q = Q(pk__in=[])
    if user.organisation_id is not None:
        if user.has_role(Role.STATE_BODY):
            q |= Q(body_id=user.organisation_id)
        if user.has_role(Role.NGO):
            q |= Q(supplier_id=user.organisation_id)
    if user.has_role(Role.EXPERT):
        q |= Q(Exists(ExpertAssignment.objects.filter(contract=OuterRef("pk"), expert=user)))
    return Contract.objects.filter(q)


def visible_events(user):
    return MonitoringEvent.objects.filter(contract__in=visible_contracts(user))


def event_list(user, *, contract_id=None, status=None, year=None):
    qs = visible_events(user).select_related("contract", "contract__supplier", "contract__body")
    if contract_id is not None:
        qs = qs.filter(contract_id=contract_id)
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-planned_on", "-id")


def edition_code(contract):
    """The edition of the Rules in force on the contract's date (X-EDITION), as its code."""
    edition = Edition.in_force_on(contract.signed_on)
    return edition.code if edition is not None else "2022"


def plan_of(contract):
    """The contract's monitoring plan: every year of implementation with its events and the
    rule's problems. Two queries (the edition, the events)."""
    edition = edition_code(contract)
    events = list(MonitoringEvent.objects.filter(contract=contract).order_by("planned_on", "id"))
    by_year = defaultdict(list)
    for event in events:
        by_year[event.year].append(event)
    problems = rules.plan_problems(
        {y: [e.date for e in evs] for y, evs in by_year.items()},
        edition=edition,
        starts_on=contract.starts_on,
        ends_on=contract.ends_on,
    )
    years = []
    for year, codes in problems.items():
        span = rules.year_span(year, contract.starts_on, contract.ends_on)
        years.append(
            {
                "year": year,
                "first": span[0] if span else None,
                "last": span[1] if span else None,
                "events": by_year.get(year, []),
                "count": len(by_year.get(year, [])),
                "problems": codes,
                "problem_texts": [str(rules.PROBLEM_TEXTS[c]) for c in codes],
                "due_on": rules.minimum_due_on(year, contract.starts_on, contract.ends_on)
                if span
                else None,
            }
        )
    return {
        "edition": edition,
        "min": rules.MIN_EVENTS,
        "max": rules.max_events(edition),
        "years": years,
    }


def plan_list(user, *, year, below=False):
    """Running contracts implemented in `year` that `user` sees, with their number of events
    in that year; `below`: only those with fewer than the minimum. One query."""
    qs = (
        visible_contracts(user)
        .filter(
            status__in=rules.RUNNING_STATUSES,
            starts_on__year__lte=year,
            ends_on__year__gte=year,
        )
        .select_related("supplier", "body")
        .annotate(events_in_year=Count("monitoring_events", filter=Q(monitoring_events__year=year)))
        .order_by("ends_on", "pk")
    )
    if below:
        qs = qs.filter(events_in_year__lt=rules.MIN_EVENTS)
    return qs


def below_minimum_count(user, *, year):
    """How many of the user's running contracts have fewer than 2 events planned in `year`."""
    return plan_list(user, year=year, below=True).count()


def event_get(pk):
    """One event with everything its page and report show (a constant number of queries)."""
    return (
        MonitoringEvent.objects.select_related(
            "contract", "contract__supplier", "contract__body", "contract__lot", "monitor"
        )
        .prefetch_related(
            "tools",
            Prefetch(
                "activities",
                EventActivity.objects.select_related("activity").order_by("activity__no"),
            ),
            Prefetch("surveys", EventSurvey.objects.select_related("form").order_by("form__order")),
            Prefetch(
                "coverage",
                EventCoverage.objects.select_related("target_group").order_by("target_group__no"),
            ),
            Prefetch(
                "compliance",
                EventCompliance.objects.select_related("service_type").order_by("service_type_id"),
            ),
            "evidence__file",
        )
        .get(pk=pk)
    )


def tools():
    return list(MonitoringTool.objects.order_by("id"))


def thresholds():
    return list(StandardThreshold.objects.order_by("order", "id"))


THRESHOLD_FIELDS = (
    "satisfaction_min_from", "satisfaction_max_from", "stories_min", "stories_max",
    "participants_min", "participants_max", "duration_min_hours", "duration_max_hours",
    "trainer_experience_years",
)  # fmt: skip
SURVEY_FIELDS = (
    "respondents", "satisfied_pct", "success_stories", "participants", "duration_hours",
    "trainer_experience_years",
)  # fmt: skip


def survey_check(survey):
    """{criterion: band} and the overall band of one survey against its form's thresholds."""
    threshold = {f: getattr(survey.form, f) for f in THRESHOLD_FIELDS}
    values = {f: getattr(survey, f) for f in SURVEY_FIELDS}
    bands = rules.standard_check(values, threshold)
    return bands, rules.worst_band(bands.values())


def completeness(event, contract):
    """What the event still lacks before completion (rules.missing_indicators)."""
    return rules.missing_indicators(
        activities=contract.activities.count(),
        activities_done=event.activities.count(),
        target_groups=contract.target_groups.count(),
        coverage_done=event.coverage.count(),
        service_types=contract.service_types.count(),
        compliance_done=event.compliance.count(),
        surveys=event.surveys.count(),
        tools=event.tools.count(),
    )


def _latest_reports(contract):
    """The latest submitted version of each stage report of the contract, by stage."""
    reports = (
        StageReport.objects.filter(contract=contract, status=StageReport.Status.SUBMITTED)
        .select_related("stage")
        .order_by("stage__no", "-version")
    )
    latest = {}
    for report in reports:
        latest.setdefault(report.stage_id, report)
    return sorted(latest.values(), key=lambda r: r.stage.no)


def _number(value):
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


def _percent(value, planned):
    if value is None or not planned:
        return None
    return (Decimal(value) * 100 / Decimal(planned)).quantize(Decimal("0.1"))


def results(contract):
    """The results framework of a contract (M-6): planned vs actual per indicator (from the
    latest submitted version of each stage report) and per target group (from completed
    monitoring events and stage reports), in date order; the latest value and its share of
    the plan. A constant number of queries."""
    reports = _latest_reports(contract)
    events = list(
        MonitoringEvent.objects.filter(contract=contract, status=MonitoringEvent.Status.COMPLETED)
        .prefetch_related("coverage")
        .order_by("held_on", "id")
    )
    report_sources = [
        {
            "kind": "report",
            "id": r.pk,
            "label": r.stage.get_kind_display(),
            "date": r.submitted_at.date(),
        }
        for r in reports
    ]
    event_sources = [{"kind": "event", "id": e.pk, "label": "", "date": e.held_on} for e in events]
    indicators = []
    for indicator in contract.indicators.order_by("no"):
        actuals = []
        for report, source in zip(reports, report_sources, strict=True):
            value = _number((report.indicator_actuals or {}).get(str(indicator.pk)))
            if value is not None:
                actuals.append({**source, "value": value})
        latest = actuals[-1]["value"] if actuals else None
        indicators.append(
            {
                "id": indicator.pk,
                "no": indicator.no,
                "name": indicator.name,
                "unit": indicator.unit,
                "planned": indicator.planned,
                "actuals": actuals,
                "latest": latest,
                "percent": _percent(latest, indicator.planned),
            }
        )
    groups = []
    for group in contract.target_groups.order_by("no"):
        reached = []
        sources = []
        for event, source in zip(events, event_sources, strict=True):
            for row in event.coverage.all():
                if row.target_group_id == group.pk:
                    sources.append({**source, "value": Decimal(row.reached)})
        for report, source in zip(reports, report_sources, strict=True):
            value = _number((report.coverage_reached or {}).get(str(group.pk)))
            if value is not None:
                sources.append({**source, "value": value})
        reached = sorted(sources, key=lambda s: (s["date"], s["kind"] == "event"))
        latest = reached[-1]["value"] if reached else None
        groups.append(
            {
                "id": group.pk,
                "no": group.no,
                "name": group.name,
                "planned": group.planned,
                "reached": reached,
                "latest": latest,
                "percent": _percent(latest, group.planned),
            }
        )
    return {"indicators": indicators, "target_groups": groups}


def chart_data(result):
    """The chart's data: planned vs the latest actual, per indicator and target group."""
    labels, planned, actual = [], [], []
    for row in result["indicators"]:
        labels.append(f"{row['no']}. {row['name']}"[:60])
        planned.append(float(row["planned"]))
        actual.append(float(row["latest"]) if row["latest"] is not None else 0)
    for row in result["target_groups"]:
        labels.append(f"{row['name']}"[:60])
        planned.append(float(row["planned"]))
        actual.append(float(row["latest"]) if row["latest"] is not None else 0)
    return {"labels": labels, "planned": planned, "actual": actual}


def report_data(event):
    """The monitoring report's input (publishing.monitoring_report) from an `event_get` row."""
    contract = event.contract
    surveys = []
    for survey in event.surveys.all():
        bands, overall = survey_check(survey)
        surveys.append(
            {
                "form_kk": survey.form.name_kk,
                "form_ru": survey.form.name_ru,
                "respondents": survey.respondents,
                "satisfied_pct": survey.satisfied_pct,
                "bands": bands,
                "overall": overall,
            }
        )
    planned = {g.pk: g.planned for g in contract.target_groups.all()}
    monitor = event.monitor
    return {
        "contract": {
            "number": contract.number,
            "project_kk": contract.lot.name_kk,
            "project_ru": contract.lot.name_ru,
            "supplier_kk": contract.supplier.name_kk,
            "supplier_ru": contract.supplier.name_ru,
            "body_kk": contract.body.name_kk,
            "body_ru": contract.body.name_ru,
        },
        "held_on": event.held_on or event.planned_on,
        "monitor_name": (monitor.full_name or monitor.get_full_name() or monitor.username)
        if monitor
        else "",
        "activities": [
            {"text": a.activity.text, "status": a.status, "evidence": a.evidence}
            for a in event.activities.all()
        ],
        "surveys": surveys,
        "coverage": [
            {
                "name": c.target_group.name,
                "planned": planned.get(c.target_group_id, c.target_group.planned),
                "reached": c.reached,
            }
            for c in event.coverage.all()
        ],
        "compliance": [
            {
                "service_type_kk": c.service_type.name_kk if c.service_type else "",
                "service_type_ru": c.service_type.name_ru if c.service_type else "",
                "verdict": c.verdict,
                "comment": c.comment,
            }
            for c in event.compliance.all()
        ],
        "tools": [{"name_kk": t.name_kk, "name_ru": t.name_ru} for t in event.tools.all()],
        "findings": event.findings,
        "measures": event.measures,
        "evidence": [
            {"url": e.url, "name": e.file.original_name if e.file else ""}
            for e in event.evidence.all()
        ],
    }

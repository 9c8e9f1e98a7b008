"""Reading Annex 5, Annex 9 and the national summary (M-8, M-9, M-10). Every list is scoped
(a body sees its own reports, the authorized body all) and built with a constant number of
queries whatever the number of rows.

Seams for later parts:
- `average_score(contract)` / `average_scores(ids)`: the project's Annex 8 total (the sum of
  the council's four averages, E-7) once its report is POSTED on the portal; None before
  (Annex 5 prints "pending", Annex 9's column 8 stays empty). Per dimension for the national
  summary: the mean of the year's posted totals (`average_scores_by`).
- special-control counts come from the control part's `special_control_counts`.
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, DecimalField, ExpressionWrapper, F, Max, Q, Sum

from tapsyrys.calendar.rules import local_date
from tapsyrys.contracting.models import Contract, StageReport, TargetGroup
from tapsyrys.core import bilingual
from tapsyrys.core.models import Edition, EditionArea, Organisation
from tapsyrys.core.permissions import is_authorized_body
from tapsyrys.core.public_cache import EVERY_APP, cached_value

from ..models import Annex9Report, MonitoringEvent, NationalSummary
from ..rules import annexes as rules
from .control import special_control_counts

# --- Seams ---------------------------------------------------------------------------------------


def average_score(contract):
    """The project's average assessment score (Annex 5, col. 8): its posted Annex 8 total
    (E-7); None until posted ("pending")."""
    return average_scores([contract.pk]).get(contract.pk)


def average_scores(contract_ids):
    """{contract id: Annex 8 total} of the projects whose report is posted (one query)."""
    from tapsyrys.evaluation.selectors.reports import posted_totals  # noqa: PLC0415 (no cycle)

    return posted_totals(list(contract_ids))


def average_scores_by(key, *, year):
    """{dimension value: mean posted Annex 8 total} of the year's projects (one query)."""
    from tapsyrys.evaluation.selectors.reports import posted_average_by  # noqa: PLC0415

    return posted_average_by(key, year=year)


# --- Annex 5 -------------------------------------------------------------------------------------


def _latest_report(contract_id):
    """The NGO's final report if submitted, else its latest submitted stage report."""
    reports = StageReport.objects.filter(contract_id=contract_id, status="submitted")
    return (
        reports.filter(stage__kind="final").order_by("-version", "-submitted_at").first()
        or reports.order_by("-submitted_at", "-id").first()
    )


def annex5_data(contract):
    """The texts of Annex 5 for one project, from the contract, its passport, its latest
    submitted (final) report and its completed monitoring events (a fixed number of queries)."""
    contract = Contract.objects.select_related("lot", "supplier").get(pk=contract.pk)
    lot = contract.lot
    passport = getattr(contract, "passport", None) if _has_passport(contract) else None
    report = _latest_report(contract.pk)
    actuals = (report.indicator_actuals or {}) if report else {}
    reached = (report.coverage_reached or {}) if report else {}
    goals = (passport.goals_tasks if passport else "") or ""
    return {
        "contract_id": contract.pk,
        "number": contract.number,
        "name_kk": lot.name_kk or lot.name_ru,
        "name_ru": lot.name_ru or lot.name_kk,
        "supplier_kk": contract.supplier.name_kk or contract.supplier.name_ru,
        "supplier_ru": contract.supplier.name_ru or contract.supplier.name_kk,
        "amount": rules.thousands(contract.amount),
        "goals_kk": goals or lot.description_kk or lot.description_ru,
        "goals_ru": goals or lot.description_ru or lot.description_kk,
        "starts_on": contract.starts_on,
        "ends_on": contract.ends_on,
        # X-I18N: the activities in the form's language (`activities` in the request's)
        **_activities(contract),
        "events": list(
            MonitoringEvent.objects.filter(contract=contract, status="completed")
            .order_by("held_on")
            .values_list("held_on", flat=True)
        ),
        "main_work": report.main_work if report else "",
        "has_report": report is not None,
        "report_id": report.pk if report else None,
        "results": (passport.work_done if passport else "") or "",
        "expected_results": contract.expected_results
        or ((passport.expected_results if passport else "") or ""),
        "indicators": [
            {
                "name": i.name,
                "name_kk": i.name_kk,
                "name_ru": i.name_ru,
                "unit": i.unit,
                "planned": _plain(i.planned),
                "actual": actuals.get(str(i.pk)),
            }
            for i in contract.indicators.order_by("no")
        ],
        "coverage": [
            {
                "name": g.name,
                "planned": g.planned,
                "reached": reached.get(str(g.pk), g.reached),
            }
            for g in contract.target_groups.order_by("no")
        ],
    }


def _activities(contract):
    rows = list(contract.activities.order_by("no"))
    return {
        "activities": [a.text for a in rows],
        **{
            f"activities_{lang}": [bilingual.pick(a, "text", lang) for a in rows]
            for lang in bilingual.LANGUAGES
        },
    }


def _has_passport(contract):
    from tapsyrys.contracting.models import Passport

    return Passport.objects.filter(contract_id=contract.pk).exists()


def _plain(value):
    value = Decimal(value)
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value}"


def edition_on(day):
    return Edition.in_force_on(day) or Edition.objects.order_by("-effective_from").first()


# --- Annex 9 -------------------------------------------------------------------------------------


def due_settings():
    return {
        "half_due": getattr(settings, "MONITORING_ANNEX9_HALF_YEAR_DUE", "07-05"),
        "year_due": getattr(settings, "MONITORING_ANNEX9_YEAR_DUE", "02-05"),
    }


def period_contracts(year, period, *, body_ids=None):
    """Contracts implemented in the period (their term overlaps it), by area then body."""
    start, end = rules.period_bounds(year, period)
    qs = Contract.objects.filter(starts_on__lte=end, ends_on__gte=start)
    if body_ids is not None:
        qs = qs.filter(body_id__in=list(body_ids))
    return qs


PLANNED = ExpressionWrapper(
    F("lot__amount") / F("lot__parts"), output_field=DecimalField(max_digits=18, decimal_places=2)
)


def annex9_rows(*, year, period, body_ids=None, effects=None):
    """Annex 9 rows (plain dicts with area_id) in five queries: the contracts, their completed
    events, their latest submitted reports, their scores (seam) and nothing per row.
    `effects`: {contract id (str): positive-effect text} of the year report."""
    _, end = rules.period_bounds(year, period)
    contracts = list(
        period_contracts(year, period, body_ids=body_ids)
        .select_related("lot", "body", "supplier")
        .annotate(planned=PLANNED)
        .order_by("lot__area_id", "body__name_ru", "signed_on", "id")
    )
    ids = [c.pk for c in contracts]
    events = {
        r["contract_id"]: r
        for r in MonitoringEvent.objects.filter(
            contract_id__in=ids, status="completed", held_on__lte=end
        )
        .values("contract_id")
        .annotate(n=Count("id"), last=Max("held_on"))
    }
    work = {}
    for contract_id, text in (
        StageReport.objects.filter(
            contract_id__in=ids, status="submitted", submitted_at__lt=_after(end)
        )
        .order_by("contract_id", "-submitted_at", "-id")
        .values_list("contract_id", "main_work")
    ):
        work.setdefault(contract_id, text)
    scores = average_scores(ids) if rules.shows_scores(period) else {}
    effects = effects or {}
    rows = []
    for c in contracts:
        ev = events.get(c.pk, {})
        rows.append(
            {
                "contract_id": c.pk,
                "body_id": c.body_id,
                "area_id": c.lot.area_id,
                "administrator_kk": c.body.name_kk or c.body.name_ru,
                "administrator_ru": c.body.name_ru,
                "name_kk": c.lot.name_kk or c.lot.name_ru,
                "name_ru": c.lot.name_ru or c.lot.name_kk,
                "planned": rules.thousands(c.planned),
                "amount": rules.thousands(c.amount),
                "supplier_kk": c.supplier.name_kk or c.supplier.name_ru,
                "supplier_ru": c.supplier.name_ru,
                "events": ev.get("n", 0),
                "last_event": ev.get("last"),
                "work": work.get(c.pk, ""),
                "effect": effects.get(str(c.pk), ""),
                "score": scores.get(c.pk),
            }
        )
    return rows


def _after(day):
    """The first moment after `day` ends in Asia/Almaty."""
    from tapsyrys.calendar.rules import day_end

    return day_end(day) + dt.timedelta(seconds=1)


def annex9_groups(edition, rows):
    """Every area of the edition with its rows, as Annex 3 groups them (formation's layout)."""
    from tapsyrys.formation.selectors import annex3_groups

    return annex3_groups(edition.pk if edition else None, rows)


def report_rows(report):
    return annex9_rows(
        year=report.year,
        period=report.period,
        body_ids=[report.body_id],
        effects=report.positive_effects,
    )


def reports_for(user):
    """Annex 9 reports the user may see: the body's own; the authorized body's, all."""
    qs = Annex9Report.objects.select_related("body", "submitted_by")
    if is_authorized_body(user):
        return qs
    if getattr(user, "organisation_id", None) is None:
        return qs.none()
    return qs.filter(body_id=user.organisation_id)


def national_rows(year, period):
    """The national consolidation: every submitted report's rows (with its positive effects)."""
    reports = list(
        Annex9Report.objects.filter(year=year, period=period, state="submitted").only(
            "body_id", "positive_effects"
        )
    )
    effects = {}
    for r in reports:
        effects.update(r.positive_effects or {})
    if not reports:
        return []
    rows = annex9_rows(
        year=year, period=period, body_ids=[r.body_id for r in reports], effects=effects
    )
    rows.sort(key=lambda r: (r["area_id"] or 0, r["administrator_ru"]))
    return rows


def expected_bodies(year, period):
    """State bodies that owe the report: those with a contract implemented in the period."""
    return set(period_contracts(year, period).values_list("body_id", flat=True).distinct())


def overview(*, year, period, now):
    """Who submitted, who is late, who is still within the term (three queries)."""
    from tapsyrys.calendar.selectors import current_calendar

    deadline = rules.annex9_deadline(year, period, current_calendar(), **due_settings())
    reports = {
        r.body_id: r
        for r in Annex9Report.objects.filter(year=year, period=period).select_related(
            "submitted_by"
        )
    }
    body_ids = expected_bodies(year, period) | set(reports)
    bodies = Organisation.objects.filter(pk__in=body_ids).order_by("level", "name_ru")
    lines = []
    for body in bodies:
        report = reports.get(body.pk)
        due_at = report.due_at if report and report.due_at else deadline.ends_at
        submitted_at = report.submitted_at if report else None
        late = rules.is_late(due_at=due_at, submitted_at=submitted_at, now=now)
        lines.append(
            {
                "body": body,
                "report": report,
                "due_at": due_at,
                "submitted": submitted_at is not None,
                "submitted_at": submitted_at,
                "submitted_by": report.submitted_by if report else None,
                "late": late,
            }
        )
    return {
        "year": year,
        "period": period,
        "due": deadline,
        "lines": lines,
        "submitted": sum(1 for line in lines if line["submitted"]),
        "late": sum(1 for line in lines if line["late"]),
    }


def current_periods(today):
    """The Annex 9 periods a body works on `today`: this year's half-year and year, and the
    previous year's year report until its term has passed."""
    periods = [(today.year, rules.HALF), (today.year, rules.YEAR)]
    prev_due = rules.annex9_due_date(today.year - 1, rules.YEAR, **due_settings())
    if today <= prev_due + dt.timedelta(days=10):
        periods.insert(0, (today.year - 1, rules.YEAR))
    return periods


# --- The national summary (M-10) -----------------------------------------------------------------

DIMENSIONS = {
    "body": ("body_id", "body__name_kk", "body__name_ru"),
    "area": ("lot__area_id", "lot__area__name_kk", "lot__area__name_ru"),
    "region": ("body__region_id", "body__region__name_kk", "body__region__name_ru"),
}


def _dimension(year, dim):
    key, name_kk, name_ru = DIMENSIONS[dim]
    contracts = Contract.objects.filter(year=year)
    base = {
        r[key]: r
        for r in contracts.values(key, name_kk, name_ru).annotate(
            projects=Count("id"), planned=Sum(PLANNED), amount=Sum("amount")
        )
    }
    coverage = {
        r[f"contract__{key}"]: r
        for r in TargetGroup.objects.filter(contract__year=year)
        .values(f"contract__{key}")
        .annotate(planned=Sum("planned"), reached=Sum("reached"))
    }
    control = special_control_counts(year=year, key=f"contract__{key}")
    scores = average_scores_by(key, year=year)  # E-7: the mean of the posted Annex 8 totals
    rows = []
    for value, r in base.items():
        cov = coverage.get(value, {})
        ctl = control.get(value, {"cases": 0, "open": 0, "decisions": {}})
        rows.append(
            {
                "key": value,
                "name_kk": r[name_kk] or r[name_ru] or "",
                "name_ru": r[name_ru] or r[name_kk] or "",
                "projects": r["projects"],
                "planned": rules.thousands(r["planned"] or 0),
                "amount": rules.thousands(r["amount"] or 0),
                "coverage_planned": cov.get("planned") or 0,
                "coverage_reached": cov.get("reached") or 0,
                "score": scores.get(value),
                "cases": ctl["cases"],
                "open_cases": ctl["open"],
                "decisions": sum(ctl["decisions"].values()),
                "decision_kinds": ctl["decisions"],
            }
        )
    return rows


def national_summary(*, year):
    """Totals by body, area and region of a year's contracts (M-10), a constant 12 queries."""
    by = {dim: _dimension(year, dim) for dim in DIMENSIONS}
    edition = edition_on(dt.date(year, 12, 31))
    numbers = dict(
        EditionArea.objects.filter(edition=edition).values_list("area_id", "number")
        if edition
        else []
    )
    for row in by["area"]:
        row["number"] = numbers.get(row["key"])
    by["area"].sort(key=lambda r: (r["number"] is None, r["number"] or 0))
    by["body"].sort(key=lambda r: r["name_ru"])
    by["region"].sort(key=lambda r: (r["key"] is None, r["name_ru"]))
    fields = ("projects", "planned", "amount", "coverage_planned", "coverage_reached", "cases")
    fields += ("open_cases", "decisions")
    total = {}
    for f in fields:
        total[f] = sum((r[f] for r in by["body"]), Decimal(0) if f in ("planned", "amount") else 0)
    kinds = defaultdict(int)
    for r in by["body"]:
        for kind, n in r["decision_kinds"].items():
            kinds[kind] += n
    total["decision_kinds"] = dict(kinds)
    total["score"] = rules.average(r["score"] for r in by["body"])
    total["coverage_percent"] = rules.coverage_percent(
        total["coverage_planned"], total["coverage_reached"]
    )
    summary = NationalSummary.objects.filter(year=year).first()
    return {"year": year, "by": by, "total": total, "summary": summary, "edition": edition}


def national_summary_shared(*, year):
    """`national_summary` read once per data version (of every app: it totals contracts,
    events, special control and council scores) for every authorized-body user who opens the
    page or downloads it (issue 8). Sending the summary reads it afresh."""
    return cached_value(
        f"monitoring.national_summary:{year}", EVERY_APP, lambda: national_summary(year=year)
    )


def summary_years():
    return cached_value("monitoring.summary_years", ("contracting",), _summary_years)


def _summary_years():
    years = set(Contract.objects.values_list("year", flat=True).distinct())
    return sorted(years, reverse=True)


# --- My desk -------------------------------------------------------------------------------------


def body_desk(body_id, *, now):
    """The body's Annex 9 reports of the current periods: open and late (one query)."""
    today = local_date(now)
    periods = current_periods(today)
    q = Q()
    for year, period in periods:
        q |= Q(year=year, period=period)
    return list(Annex9Report.objects.filter(q, body_id=body_id).order_by("year", "-period", "id"))

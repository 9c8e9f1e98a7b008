"""Reads of the NGO rating (E-8): what the recomputation aggregates (per NGO and financial
year, a constant number of queries for all NGOs) and the public lists. Ratings are public
(P-1): no scope.

Two paths give the same `rating_inputs`: on PostgreSQL one statement aggregates in the
database (the national recomputation in seconds); elsewhere (the embedded SQLite demo)
`rating_inputs_portable` streams the rows and classifies them with the pure rules
(`rules.rating.stage_state`, `incomplete_sections`). tests/test_rating_portable.py runs both
on PostgreSQL and holds them equal."""

import datetime as dt
from collections import defaultdict

from django.db import connection
from django.db.models import Avg, Count, DecimalField, Exists, ExpressionWrapper, F, OuterRef, Q

from tapsyrys.calendar.rules import local_date
from tapsyrys.contracting.models import (
    Contract,
    Indicator,
    ReportStage,
    StageReport,
    TargetGroup,
)
from tapsyrys.core.models import Organisation
from tapsyrys.monitoring.models import ReportReview

from ..models import EvaluationReport, NgoRating
from ..rules import rating as rules

# The required sections (rules.rating; kept in step with monitoring's `required_sections` by
# tests/test_rating_recompute.py).
TEXT_SECTIONS = rules.TEXT_SECTIONS
REQUIRED_INTERIM = rules.REQUIRED_INTERIM
REQUIRED_FINAL = rules.REQUIRED_FINAL
ENDED_EARLY = (Contract.Status.TERMINATED, Contract.Status.CLOSED)
# a text made only of the whitespace `str.strip()` removes (locale-independent, unlike
# [[:space:]]: no-break space is blank on the control form and here)
BLANK_PATTERN = f"^[{rules.WHITESPACE}]*$"


def _blank(column):
    return f"l.{column} ~ %(blank)s"


def _marked(section):
    return f"coalesce(v.incomplete_sections ? '{section}', false)"


def _incomplete_sql():
    """The number of required sections of the latest submitted version that are incomplete:
    empty, or marked so by the body's review (monitoring's control form)."""
    text = [f"({_blank(c)} OR {_marked(c)})" for c in TEXT_SECTIONS]
    indicators = (
        f"({_marked('indicator_actuals')} OR EXISTS (SELECT 1 FROM {Indicator._meta.db_table} i"
        " WHERE i.contract_id = s.contract_id"
        " AND coalesce(l.indicator_actuals ->> i.id::text, '') = ''))"
    )
    coverage = (
        f"({_marked('coverage_reached')} OR EXISTS (SELECT 1 FROM {TargetGroup._meta.db_table} g"
        " WHERE g.contract_id = s.contract_id"
        " AND coalesce(l.coverage_reached ->> g.id::text, '') = ''))"
    )
    final = (
        f"(s.kind = 'final' AND ({_blank('financial_report')} OR {_marked('financial_report')}))"
    )
    return " + ".join(f"{part}::int" for part in [*text, indicators, coverage, final])


def _stage_sql():
    """Per (NGO, year): projects, stages on time / late / missing, required and incomplete
    sections. Each step is materialised once and joined by hash (no plan per row: the daily
    job may run right after a bulk load, before the statistics are fresh)."""
    ended = ", ".join(f"'{s}'" for s in ENDED_EARLY)
    columns = ", ".join(
        f"r.{c}" for c in (*TEXT_SECTIONS, "financial_report", "indicator_actuals",
                           "coverage_reached")
    )  # fmt: skip
    return f"""
WITH latest AS MATERIALIZED (
    SELECT DISTINCT ON (r.stage_id) r.id, r.stage_id, {columns}
    FROM {StageReport._meta.db_table} r
    WHERE r.status = 'submitted'
    ORDER BY r.stage_id, r.version DESC
), stages AS MATERIALIZED (
    SELECT s.contract_id,
        CASE
            WHEN s.submitted_at IS NOT NULL THEN
                CASE WHEN (s.submitted_at AT TIME ZONE 'Asia/Almaty')::date <= s.due_date
                     THEN 'on_time' ELSE 'late' END
            WHEN s.due_date < %(today)s AND NOT (
                c.status IN ({ended})
                AND s.due_date >= (c.status_changed_at AT TIME ZONE 'Asia/Almaty')::date
            ) THEN 'missing'
        END AS state,
        CASE WHEN s.kind = 'final' THEN {REQUIRED_FINAL} ELSE {REQUIRED_INTERIM} END AS required,
        CASE
            WHEN l.id IS NULL
            THEN CASE WHEN s.kind = 'final' THEN {REQUIRED_FINAL} ELSE {REQUIRED_INTERIM} END
            ELSE {_incomplete_sql()}
        END AS incomplete
    FROM {ReportStage._meta.db_table} s
    JOIN {Contract._meta.db_table} c ON c.id = s.contract_id
    LEFT JOIN latest l ON l.stage_id = s.id
    LEFT JOIN {ReportReview._meta.db_table} v ON v.report_id = l.id
    WHERE s.submitted_at IS NOT NULL OR s.due_date < %(today)s
), per_contract AS MATERIALIZED (
    SELECT contract_id,
        count(*) FILTER (WHERE state = 'on_time') AS on_time,
        count(*) FILTER (WHERE state = 'late') AS late,
        count(*) FILTER (WHERE state = 'missing') AS missing,
        coalesce(sum(required) FILTER (WHERE state IS NOT NULL), 0) AS required,
        coalesce(sum(incomplete) FILTER (WHERE state IS NOT NULL), 0) AS incomplete
    FROM stages
    GROUP BY contract_id
)
SELECT c.supplier_id, c.year, count(*),
    coalesce(sum(p.on_time), 0), coalesce(sum(p.late), 0), coalesce(sum(p.missing), 0),
    coalesce(sum(p.required), 0), coalesce(sum(p.incomplete), 0)
FROM {Contract._meta.db_table} c
JOIN {Organisation._meta.db_table} o ON o.id = c.supplier_id AND o.kind = '{Organisation.Kind.NGO.value}'
LEFT JOIN per_contract p ON p.contract_id = c.id
GROUP BY c.supplier_id, c.year
"""


def _evaluation_rows():
    """Per (NGO, year): the posted Annex 8 reports' mean averages (one query)."""
    two = DecimalField(max_digits=6, decimal_places=3)
    return (
        EvaluationReport.objects.filter(posted_on__isnull=False)
        .values(ngo=F("evaluation__contract__supplier_id"), year=F("evaluation__contract__year"))
        .annotate(
            n=Count("id"),
            effectiveness=Avg(
                ExpressionWrapper((F("results") + F("positive_effect")) / 2, output_field=two)
            ),
            sustainability=Avg("continuation"),
            long_term=Avg("long_term_effect"),
        )
        .order_by()
    )


def _stage_rows_sql(today):
    """(ngo_id, year, projects, on_time, late, missing, required, incomplete): one statement."""
    with connection.cursor() as cursor:
        cursor.execute(_stage_sql(), {"today": today, "blank": BLANK_PATTERN})
        return cursor.fetchall()


def _stage_rows_portable(today):
    """The same rows as `_stage_sql`, from five streams (indicators, target groups, the latest
    submitted versions with their review's marks, contracts, stages due) classified in Python
    by the rules: five queries whatever the number of NGOs; a report is reduced to its number
    of incomplete sections as it streams (no texts kept)."""
    ngo = Q(supplier__kind=Organisation.Kind.NGO.value)
    of_ngo = Q(contract__supplier__kind=Organisation.Kind.NGO.value)
    indicators = defaultdict(list)
    for contract_id, pk in (
        Indicator.objects.filter(of_ngo)
        .values_list("contract_id", "id")
        .order_by()
        .iterator(chunk_size=5000)
    ):
        indicators[contract_id].append(pk)
    groups = defaultdict(list)
    for contract_id, pk in (
        TargetGroup.objects.filter(of_ngo)
        .values_list("contract_id", "id")
        .order_by()
        .iterator(chunk_size=5000)
    ):
        groups[contract_id].append(pk)

    newer = StageReport.objects.filter(
        stage_id=OuterRef("stage_id"),
        status=StageReport.Status.SUBMITTED,
        version__gt=OuterRef("version"),
    )
    reports = (
        StageReport.objects.filter(of_ngo, status=StageReport.Status.SUBMITTED)
        .filter(Q(stage__submitted_at__isnull=False) | Q(stage__due_date__lt=today))
        .filter(~Exists(newer))
        .values(
            "stage_id",
            "contract_id",
            *TEXT_SECTIONS,
            "financial_report",
            "indicator_actuals",
            "coverage_reached",
            kind=F("stage__kind"),
            marked=F("review__incomplete_sections"),
        )
        .order_by()
        .iterator(chunk_size=500)
    )
    incomplete = {  # stage id → incomplete sections of its latest submitted version
        report["stage_id"]: rules.incomplete_sections(
            report,
            final=report["kind"] == ReportStage.Kind.FINAL,
            marked=rules.marks(report["marked"]),
            indicator_ids=indicators[report["contract_id"]],
            group_ids=groups[report["contract_id"]],
        )
        for report in reports
    }

    contracts = {
        row["id"]: row
        for row in Contract.objects.filter(ngo)
        .values("id", "supplier_id", "year", "status", "status_changed_at")
        .order_by()
        .iterator(chunk_size=2000)
    }
    per_contract = defaultdict(lambda: [0, 0, 0, 0, 0])  # on time, late, missing, req., inc.
    slot = {rules.ON_TIME: 0, rules.LATE: 1, rules.MISSING: 2}
    stages = (
        ReportStage.objects.filter(of_ngo)
        .filter(Q(submitted_at__isnull=False) | Q(due_date__lt=today))
        .values("id", "contract_id", "kind", "due_date", "submitted_at")
        .order_by()
        .iterator(chunk_size=5000)
    )
    for stage in stages:
        contract = contracts[stage["contract_id"]]
        ended = contract["status"] in ENDED_EARLY
        state = rules.stage_state(
            due_date=stage["due_date"],
            submitted_on=local_date(stage["submitted_at"]) if stage["submitted_at"] else None,
            today=today,
            ended_on=local_date(contract["status_changed_at"]) if ended else None,
        )
        if state is None:
            continue
        final = stage["kind"] == ReportStage.Kind.FINAL
        sums = per_contract[stage["contract_id"]]
        sums[slot[state]] += 1
        sums[3] += rules.required_sections(final=final)
        if stage["id"] in incomplete:
            sums[4] += incomplete[stage["id"]]
        else:  # nothing submitted: every section
            sums[4] += rules.incomplete_sections(None, final=final)

    per_year = {}
    for contract_id, contract in contracts.items():
        row = per_year.setdefault((contract["supplier_id"], contract["year"]), [0] * 6)
        row[0] += 1  # projects
        for i, value in enumerate(per_contract.get(contract_id, ()), start=1):
            row[i] += value
    return [(*key, *row) for key, row in per_year.items()]


def _inputs(stage_rows):
    evaluations = {(row["ngo"], row["year"]): row for row in _evaluation_rows()}
    out = {}
    for ngo_id, year, projects, on_time, late, missing, required, incomplete in stage_rows:
        ev = evaluations.get((ngo_id, year))
        out[(ngo_id, year)] = (
            projects,
            rules.Inputs(
                on_time=on_time,
                late=late,
                missing=missing,
                sections_required=int(required),
                sections_incomplete=int(incomplete),
                evaluated=ev["n"] if ev else 0,
                effectiveness=ev["effectiveness"] if ev else None,
                sustainability=ev["sustainability"] if ev else None,
                long_term_effect=ev["long_term"] if ev else None,
            ),
        )
    return out


def rating_inputs(*, today: dt.date):
    """{(ngo_id, year): (projects, rules.Inputs)} for every NGO and year with a contract, a
    constant number of queries whatever the number of NGOs: two on PostgreSQL, six elsewhere
    (`rating_inputs_portable`)."""
    if connection.vendor != "postgresql":
        return rating_inputs_portable(today=today)
    return _inputs(_stage_rows_sql(today))


def rating_inputs_portable(*, today: dt.date):
    """`rating_inputs` on any database (streams classified in Python; six queries)."""
    return _inputs(_stage_rows_portable(today))


# --- Public reads ---------------------------------------------------------------------------


def years():
    """The years that have ratings, newest first (one query)."""
    return list(NgoRating.objects.order_by("-year").values_list("year", flat=True).distinct())


def ratings_of_year(year):
    """The year's ratings, best first (unrated last), with the NGO (one query per page)."""
    return (
        NgoRating.objects.filter(year=year)
        .select_related("ngo")
        .order_by(F("score").desc(nulls_last=True), "ngo_id")
    )


def history(ngo_id):
    """One NGO's ratings by year, oldest first (one query)."""
    return list(NgoRating.objects.filter(ngo_id=ngo_id).order_by("year"))


def chart_data(rows):
    """The line chart's series (years and one series per component and the rating)."""

    def num(value):
        return None if value is None else float(value)

    return {
        "years": [r.year for r in rows],
        "score": [num(r.score) for r in rows],
        **{name: [num(getattr(r, name)) for r in rows] for name in rules.COMPONENTS},
    }

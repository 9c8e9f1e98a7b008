"""Reads of the NGO rating (E-8): what the recomputation aggregates (in SQL, per NGO and
financial year, a constant number of queries for all NGOs) and the public lists. Ratings are
public (P-1): no scope."""

import datetime as dt

from django.db import connection
from django.db.models import Avg, Count, DecimalField, ExpressionWrapper, F

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

# The required sections of a stage report (monitoring's `required_sections`, contracting's
# C-4): the four text sections, indicator actuals, coverage reached; the financial report on
# the final one. Kept in step by tests/test_rating_recompute.py.
TEXT_SECTIONS = ("team_composition", "about_project", "main_work", "satisfaction_results")
REQUIRED_INTERIM = len(TEXT_SECTIONS) + 2
REQUIRED_FINAL = REQUIRED_INTERIM + 1
ENDED_EARLY = (Contract.Status.TERMINATED, Contract.Status.CLOSED)


def _blank(column):
    return f"l.{column} ~ '^[[:space:]]*$'"


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


def rating_inputs(*, today: dt.date):
    """{(ngo_id, year): (projects, rules.Inputs)} for every NGO and year with a contract: two
    queries whatever the number of NGOs."""
    with connection.cursor() as cursor:
        cursor.execute(_stage_sql(), {"today": today})
        stage_rows = cursor.fetchall()
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

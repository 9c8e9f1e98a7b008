"""Reading closed evaluations and their Annex 8 reports (E-5), scoped, in a constant number of
queries; the scores other apps read (E-7: Annex 5, Annex 9, the national summary)."""

from django.db.models import Avg, Count, Exists, OuterRef, Q

from tapsyrys.core.permissions import is_authorized_body, is_signed_in

from ..models import CRITERIA, AssessmentSheet, Evaluation, EvaluationReport, Exclusion


def _not_excluded(evaluation):
    """Sheets of members not excluded for a conflict: no Exclusion row, not of the NGO."""
    excluded = Exclusion.objects.filter(
        evaluation_id=evaluation.pk, member_id=OuterRef("member_id")
    )
    return (
        AssessmentSheet.objects.filter(evaluation_id=evaluation.pk)
        .exclude(Exists(excluded))
        .exclude(member__user__organisation_id=evaluation.contract.supplier_id)
    )


def counted_sheets(evaluation):
    """The sheets that count (signed, the member not excluded), in the members' order.

    The sheets part exposes the same in `selectors/sheets.py`; it is used when present (the
    lead reconciles), this local query otherwise."""
    try:
        from .sheets import counted_sheets as theirs  # noqa: PLC0415
    except ImportError:
        theirs = None
    if theirs is not None:
        return theirs(evaluation)
    return (
        _not_excluded(evaluation)
        .filter(signed_at__isnull=False)
        .select_related("member__user")
        .order_by("member_id", "id")
    )


def completion_state(evaluation):
    """{counted, drafts_pending, excluded} for the body's page and the service (2 queries)."""
    sheets = _not_excluded(evaluation).aggregate(
        counted=Count("id", filter=Q(signed_at__isnull=False)),
        drafts=Count("id", filter=Q(signed_at__isnull=True)),
    )
    excluded = Exclusion.objects.filter(evaluation_id=evaluation.pk).count()
    return {
        "counted": sheets["counted"],
        "drafts_pending": sheets["drafts"],
        "excluded": excluded,
    }


def evaluation_get(pk):
    return (
        Evaluation.objects.select_related(
            "contract__body", "contract__supplier", "contract__lot__area", "council"
        )
        .filter(pk=pk)
        .first()
    )


def report_get(pk):
    return (
        EvaluationReport.objects.select_related(
            "evaluation__contract__body",
            "evaluation__contract__supplier",
            "evaluation__contract__lot__area",
            "evaluation__council",
        )
        .filter(pk=pk)
        .first()
    )


def report_of_contract(contract):
    return (
        EvaluationReport.objects.select_related("evaluation")
        .filter(evaluation__contract_id=contract.pk)
        .first()
    )


def reports_for(user):
    """The reports a user may list: posted ones for everybody; a body's own also before the
    posting; the authorized body all. Newest first (index on posted_on / formed_at)."""
    qs = EvaluationReport.objects.select_related(
        "evaluation__contract__body", "evaluation__contract__supplier", "evaluation__contract__lot"
    ).order_by("-formed_at", "-id")
    if is_authorized_body(user):
        return qs
    visible = Q(posted_on__isnull=False)
    if is_signed_in(user) and user.organisation_id is not None:
        visible |= Q(evaluation__contract__body_id=user.organisation_id)
    return qs.filter(visible)


def report_data(report, *, excluded=None):
    """The plain dict `publishing.annex8.annex8_document` takes."""
    contract = report.evaluation.contract
    lot = contract.lot
    area = lot.area
    if excluded is None:
        excluded = Exclusion.objects.filter(evaluation_id=report.evaluation_id).count()
    return {
        "area_kk": (area.name_kk or area.name_ru) if area else "",
        "area_ru": (area.name_ru or area.name_kk) if area else "",
        "name_kk": lot.name_kk or lot.name_ru,
        "name_ru": lot.name_ru or lot.name_kk,
        "body_kk": contract.body.name_kk or contract.body.name_ru,
        "body_ru": contract.body.name_ru,
        "rows": [
            {
                "criterion": code,
                "average": getattr(report, code),
                "comments": getattr(report, f"{code}_comments"),
            }
            for code in CRITERIA
        ],
        "total": report.total,
        "recommendations": report.recommendations,
        "sheets_counted": report.sheets_counted,
        "excluded": excluded,
        "completed_on": _local_day(report.evaluation.completed_at or report.formed_at),
        "posted_on": report.posted_on,
        "portal_reference": report.portal_reference,
    }


def _local_day(moment):
    from tapsyrys.calendar.rules import local_date  # noqa: PLC0415

    return local_date(moment)


# --- E-7: the scores other apps read ---------------------------------------------------------
# A project's score is its Annex 8 total (the sum of the four averages, 4.00–20.00) once the
# report is POSTED on the portal (what is public); None before.


def posted_totals(contract_ids):
    """{contract id: Annex 8 total} of the posted reports of these projects (one query)."""
    ids = [i for i in contract_ids if i is not None]
    if not ids:
        return {}
    return dict(
        EvaluationReport.objects.filter(
            evaluation__contract_id__in=ids, posted_on__isnull=False
        ).values_list("evaluation__contract_id", "total")
    )


def posted_average_by(key, *, year):
    """{dimension value: mean Annex 8 total} of the year's posted reports, grouped by the
    contract's `key` (e.g. "body_id", "lot__area_id", "body__region_id"), one query."""
    from decimal import Decimal  # noqa: PLC0415

    from ..rules.reports import rounded  # noqa: PLC0415

    rows = (
        EvaluationReport.objects.filter(posted_on__isnull=False, evaluation__contract__year=year)
        .values(f"evaluation__contract__{key}")
        .annotate(avg=Avg("total"))
    )
    return {r[f"evaluation__contract__{key}"]: rounded(Decimal(r["avg"])) for r in rows if r["avg"]}


def _to_post_q(body_id):
    return Q(evaluation__contract__body_id=body_id, posted_on__isnull=True)


def reports_to_post(qs, user):
    """The rows of `qs` the desk's "to post" card counts: the user's body's, not posted."""
    if user.organisation_id is None:
        return qs.none()
    return qs.filter(_to_post_q(user.organisation_id))


def body_desk_counts(body_id, *, now):
    """{to_post, overdue}: the body's formed Annex 8 reports not posted yet (one query)."""
    return EvaluationReport.objects.filter(_to_post_q(body_id)).aggregate(
        to_post=Count("id"),
        overdue=Count("id", filter=Q(posting_due_at__lt=now)),
    )

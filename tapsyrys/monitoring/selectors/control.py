"""Scoped reads of the control of reports and special control (X-ACL: an expert sees only the
projects assigned to them, an NGO its own, a body its own, the authorized body all)."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from tapsyrys.calendar.rules import local_date
from tapsyrys.contracting import rules as crules
from tapsyrys.contracting.models import ReportStage, StageReport
from tapsyrys.contracting.permissions import is_body_user, is_ngo_user
from tapsyrys.core.permissions import is_authorized_body, is_signed_in
from tapsyrys.monitoring.access import is_expert

from ..models import ControlDecision, InformationRequest, ReportReview, SpecialControlCase
from ..rules import control as rules
from ..services.control import required_sections


def contract_scope(user, prefix="contract__"):
    """Q over contracts the user may see here; None when the user sees nothing."""
    if not is_signed_in(user):
        return None
    if is_authorized_body(user):
        return Q()
    if is_body_user(user):
        return Q(**{f"{prefix}body_id": user.organisation_id})
    if is_ngo_user(user):
        return Q(**{f"{prefix}supplier_id": user.organisation_id})
    if is_expert(user):
        return Q(**{f"{prefix}expert_assignment__expert_id": user.pk})
    return None


def _scoped(qs, user):
    scope = contract_scope(user)
    return qs.none() if scope is None else qs.filter(scope)


# --- Information requests ---------------------------------------------------------------------


def requests_for(user, *, status="", overdue=False, contract_id=None, today=None):
    qs = _scoped(InformationRequest.objects.all(), user).select_related(
        "contract__supplier", "contract__body", "asked_by"
    )
    if status in InformationRequest.Status.values:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(status=InformationRequest.Status.OPEN, due_date__lt=today)
    if contract_id is not None:
        qs = qs.filter(contract_id=contract_id)
    return qs.order_by("due_date", "-id")


def request_get(pk):
    return (
        InformationRequest.objects.select_related(
            "contract__supplier", "contract__body", "asked_by", "answered_by"
        )
        .prefetch_related("files__file")
        .get(pk=pk)
    )


# --- Reports to review -------------------------------------------------------------------------


def reports_to_review(user):
    """Latest submitted versions not yet reviewed, of the body's contracts."""
    if not is_body_user(user):
        return StageReport.objects.none()
    newer = StageReport.objects.filter(
        stage_id=OuterRef("stage_id"), version__gt=OuterRef("version")
    )
    return (
        StageReport.objects.filter(
            contract__body_id=user.organisation_id, status=StageReport.Status.SUBMITTED
        )
        .filter(~Exists(newer), review__isnull=True)
        .select_related("stage", "contract__supplier")
        .order_by("submitted_at", "id")
    )


def returned_reports(user):
    """The NGO's reports returned with remarks whose correction is not yet submitted."""
    if not is_ngo_user(user):
        return ReportReview.objects.none()
    newer = StageReport.objects.filter(
        stage_id=OuterRef("report__stage_id"),
        version__gt=OuterRef("report__version"),
        status=StageReport.Status.SUBMITTED,
    )
    return (
        ReportReview.objects.filter(
            contract__supplier_id=user.organisation_id, decision=ReportReview.Decision.RETURNED
        )
        .filter(~Exists(newer))
        .select_related("report__stage", "contract")
        .order_by("-reviewed_at")
    )


def reviews_of(report):
    """The reviews of every version of the report's stage, newest first."""
    return (
        ReportReview.objects.filter(report__stage_id=report.stage_id)
        .select_related("report", "reviewed_by")
        .order_by("-report__version")
    )


# --- Special control ---------------------------------------------------------------------------


def cases_for(user, *, state="", reason="", body_id=None, region_id=None, contract_id=None):
    qs = _scoped(SpecialControlCase.objects.all(), user)
    if state == "open":
        qs = qs.filter(closed_at__isnull=True)
    elif state == "closed":
        qs = qs.filter(closed_at__isnull=False)
    if reason in SpecialControlCase.Reason.values:
        qs = qs.filter(reason=reason)
    if body_id is not None:
        qs = qs.filter(contract__body_id=body_id)
    if region_id is not None:
        qs = qs.filter(contract__body__region_id=region_id)
    if contract_id is not None:
        qs = qs.filter(contract_id=contract_id)
    return (
        qs.select_related("contract__body", "contract__supplier", "stage")
        .prefetch_related(
            Prefetch("decisions", queryset=ControlDecision.objects.order_by("decided_at", "id"))
        )
        .order_by("closed_at", "-opened_at", "-id")  # open ones first (NULLS LAST on PostgreSQL)
    )


def case_get(pk):
    return SpecialControlCase.objects.select_related(
        "contract__body", "contract__supplier", "stage", "report"
    ).get(pk=pk)


def case_decisions(case):
    return case.decisions.select_related("decided_by", "document").order_by("decided_at", "id")


def special_control_counts(*, year=None, body_ids=None, key="contract__body_id"):
    """{key value: {"cases": int, "open": int, "decisions": {kind: int}}}: special-control
    cases and decisions grouped by `key` (the body by default; the national summary (M-10)
    also groups by area and region); two queries whatever the number of groups."""
    cases = SpecialControlCase.objects.all()
    decisions = ControlDecision.objects.all()
    if year is not None:
        cases = cases.filter(contract__year=year)
        decisions = decisions.filter(case__contract__year=year)
    if body_ids is not None:
        cases = cases.filter(contract__body_id__in=list(body_ids))
        decisions = decisions.filter(case__contract__body_id__in=list(body_ids))
    result = defaultdict(lambda: {"cases": 0, "open": 0, "decisions": {}})
    for row in cases.values(key).annotate(
        n=Count("id"), n_open=Count("id", filter=Q(closed_at__isnull=True))
    ):
        result[row[key]]["cases"] = row["n"]
        result[row[key]]["open"] = row["n_open"]
    decision_key = "case__" + key
    for row in decisions.values(decision_key, "kind").annotate(n=Count("id")):
        result[row[decision_key]]["decisions"][row["kind"]] = row["n"]
    return dict(result)


# --- The control form (pilot 004) ---------------------------------------------------------------


@dataclass
class StageRow:
    stage: object
    report: object  # latest submitted version or None
    state: str
    submitted_on: object
    days_late: int
    sections: list  # [(field, label, 1 | 0)]
    review: object  # ReportReview or None
    rating: object


def control_form(contract, *, today):
    """Per stage: due date, submission date, on time / late / missing, each required section
    1/0, the review and the rating; and the overall rating. Four queries."""
    stages = list(ReportStage.objects.filter(contract=contract).order_by("no"))
    reports = list(
        StageReport.objects.filter(contract=contract, status=StageReport.Status.SUBMITTED)
        .select_related("review")
        .order_by("stage_id", "-version")
    )
    latest = {}
    for r in reports:
        latest.setdefault(r.stage_id, r)
    ind_ids = list(contract.indicators.values_list("pk", flat=True))
    tg_ids = list(contract.target_groups.values_list("pk", flat=True))
    rows = []
    for stage in stages:
        report = latest.get(stage.pk)
        submitted_on = local_date(stage.submitted_at) if stage.submitted_at else None
        state = rules.timeliness(due_date=stage.due_date, submitted_on=submitted_on, today=today)
        required = required_sections(report, is_final=stage.is_final)
        review = getattr(report, "review", None) if report else None
        if report is not None:
            empty = {
                f
                for f, _l in crules.missing_sections(
                    report, indicator_ids=ind_ids, target_group_ids=tg_ids, is_final=stage.is_final
                )
            }
            marked = set(review.incomplete_sections) if review else set()
            sections = [(f, label, 0 if f in empty | marked else 1) for f, label in required]
        else:
            sections = [(f, label, 0) for f, label in required]
        incomplete = sum(1 for *_x, ok in sections if not ok)
        rating = rules.stage_rating(
            state=state,
            required=len(required),
            incomplete=incomplete,
            review=review.decision if review else None,
        )
        rows.append(
            StageRow(
                stage=stage,
                report=report,
                state=state,
                submitted_on=submitted_on,
                days_late=rules.days_late(
                    due_date=stage.due_date, submitted_on=submitted_on, today=today
                ),
                sections=sections,
                review=review,
                rating=rating,
            )
        )
    overall = rules.overall_rating([r.rating for r in rows])
    return rows, overall


def desk_counts(user, *, today):
    """The numbers of the desk cards, a constant number of queries."""
    out = defaultdict(int)
    if is_body_user(user):
        out["to_review"] = reports_to_review(user).count()
        agg = SpecialControlCase.objects.filter(contract__body_id=user.organisation_id).aggregate(
            open=Count("id", filter=Q(closed_at__isnull=True))
        )
        out["open_cases"] = agg["open"]
        out["overdue_requests"] = requests_for(user, overdue=True, today=today).count()
    if is_ngo_user(user):
        out["to_answer"] = requests_for(user, status="open").count()
        out["returned"] = returned_reports(user).count()
    if is_authorized_body(user):
        out["national_open"] = SpecialControlCase.objects.filter(closed_at__isnull=True).count()
    return out

"""Reads of the sheets part (E-2, E-3, E-4): which council evaluates a project, who is
excluded for a conflict of interest, the members' projects, the sheets that count, the
national list of projects waiting for their evaluation and a project's materials. Every list
is scoped here, with a constant number of queries."""

import datetime as dt
from collections import defaultdict

from django.db.models import OuterRef, Q, Subquery

from tapsyrys.contracting.models import Contract, ReportStage, StageReport
from tapsyrys.core.permissions import is_authorized_body, is_body_staff, is_signed_in
from tapsyrys.evaluation.models import (
    AssessmentSheet,
    CouncilMember,
    Evaluation,
    Exclusion,
    ExpertCouncil,
    MemberNotice,
)
from tapsyrys.evaluation.rules import sheets as rules

MAX_ID = 2**31 - 1


# --- The council of a project ------------------------------------------------------------------


def council_for(contract):
    """The body's APPROVED council whose term covers the year the project ends, or None.

    The councils part exposes the same function; this local query is used until it does."""
    try:
        from tapsyrys.evaluation.selectors.councils import council_for as theirs
    except ImportError:  # pragma: no cover - the councils part not merged yet
        theirs = None
    if theirs is not None:
        return theirs(contract)
    year = contract.ends_on.year
    return (
        ExpertCouncil.objects.filter(
            body_id=contract.body_id,
            status=ExpertCouncil.Status.APPROVED,
            first_year__lte=year,
            last_year__gte=year,
        )
        .order_by("-first_year")
        .first()
    )


def council_subquery():
    """For a Contract queryset: the id of its body's approved council covering its end year."""
    return Subquery(
        ExpertCouncil.objects.filter(
            body_id=OuterRef("body_id"),
            status=ExpertCouncil.Status.APPROVED,
            first_year__lte=OuterRef("ends_on__year"),
            last_year__gte=OuterRef("ends_on__year"),
        )
        .order_by("-first_year")
        .values("pk")[:1]
    )


# --- Conflicts of interest ---------------------------------------------------------------------


def conflict_map(evaluations):
    """{evaluation id: {member id: (reason, details)}} for evaluations with a council, from
    the member's organisation, their latest signed Annex 6 notice and the recorded exclusions
    (five queries, however many evaluations)."""
    evaluations = [e for e in evaluations if e.council_id is not None]
    result = {e.pk: {} for e in evaluations}
    if not evaluations:
        return result
    council_ids = {e.council_id for e in evaluations}
    latest = (
        MemberNotice.objects.filter(member=OuterRef("pk"), signed_at__isnull=False)
        .order_by("-signed_at", "-id")
        .values("pk")[:1]
    )
    members = list(
        CouncilMember.objects.filter(council_id__in=council_ids)
        .annotate(latest_notice=Subquery(latest))
        .values("pk", "council_id", "user__organisation_id", "latest_notice")
    )
    notice_ids = [m["latest_notice"] for m in members if m["latest_notice"]]
    named = defaultdict(set)
    notices = {}
    if notice_ids:
        through = MemberNotice.named_ngos.through
        for notice_id, org_id in through.objects.filter(membernotice_id__in=notice_ids).values_list(
            "membernotice_id", "organisation_id"
        ):
            named[notice_id].add(org_id)
        notices = dict(
            MemberNotice.objects.filter(pk__in=notice_ids).values_list("pk", "signed_at")
        )
    recorded = defaultdict(dict)
    for ev_id, member_id, reason, details in Exclusion.objects.filter(
        evaluation_id__in=list(result)
    ).values_list("evaluation_id", "member_id", "reason", "details"):
        recorded[ev_id][member_id] = (reason, details)
    by_council = defaultdict(list)
    for m in members:
        by_council[m["council_id"]].append(m)
    suppliers = dict(
        Contract.objects.filter(pk__in={e.contract_id for e in evaluations}).values_list(
            "pk", "supplier_id"
        )
    )
    for evaluation in evaluations:
        supplier_id = suppliers.get(evaluation.contract_id)
        found = dict(recorded[evaluation.pk])
        for m in by_council[evaluation.council_id]:
            if m["pk"] in found:
                continue
            reason = rules.conflict_reason(
                own_organisation=m["user__organisation_id"] == supplier_id,
                notice_names_ngo=supplier_id in named.get(m["latest_notice"], ()),
                declared=False,
            )
            if reason == "own_organisation":
                found[m["pk"]] = (reason, "")
            elif reason == "notice":
                signed = notices.get(m["latest_notice"])
                found[m["pk"]] = (reason, signed.date().strftime("%d.%m.%Y") if signed else "")
        result[evaluation.pk] = found
    return result


def conflicts(evaluation):
    """{member id: (reason, details)}: the members of the evaluation's council who do not
    score the project for a conflict of interest regarding its NGO."""
    return conflict_map([evaluation]).get(evaluation.pk, {})


def counted_sheets(evaluation):
    """The sheets that count for Annex 8: signed, by members not excluded."""
    excluded = list(conflicts(evaluation))
    return (
        AssessmentSheet.objects.filter(evaluation=evaluation, signed_at__isnull=False)
        .exclude(member_id__in=excluded)
        .select_related("member__user")
        .order_by("member_id")
    )


# --- One evaluation, one member ----------------------------------------------------------------


def evaluation_get(pk):
    """The evaluation with its contract, parties and council (raises DoesNotExist)."""
    if not str(pk).isdecimal() or int(pk) > MAX_ID:
        raise Evaluation.DoesNotExist
    return Evaluation.objects.select_related(
        "contract__body", "contract__supplier", "contract__lot", "council"
    ).get(pk=int(pk))


def membership(user, evaluation):
    """The user's CouncilMember row in the evaluation's council, or None."""
    if not is_signed_in(user) or evaluation.council_id is None:
        return None
    cache = getattr(evaluation, "_memberships", None)
    if cache is None:
        cache = evaluation._memberships = {}
    if user.pk not in cache:
        cache[user.pk] = CouncilMember.objects.filter(
            council_id=evaluation.council_id, user=user
        ).first()
    return cache[user.pk]


def sheet_of(member, evaluation):
    if member is None:
        return None
    return AssessmentSheet.objects.filter(evaluation=evaluation, member=member).first()


def sheet_get(pk):
    if not str(pk).isdecimal() or int(pk) > MAX_ID:
        raise AssessmentSheet.DoesNotExist
    return AssessmentSheet.objects.select_related(
        "member__user", "evaluation__contract__body", "evaluation__contract__supplier",
        "evaluation__contract__lot",
    ).get(pk=int(pk))  # fmt: skip


def sheet_rows(evaluation):
    """The council's members with their sheet and exclusion, for the body's and members'
    list (three queries + the conflicts' four)."""
    if evaluation.council_id is None:
        return []
    found = conflicts(evaluation)
    sheets = {s.member_id: s for s in AssessmentSheet.objects.filter(evaluation=evaluation)}
    rows = []
    for member in CouncilMember.objects.filter(council_id=evaluation.council_id).select_related(
        "user"
    ):
        reason = found.get(member.pk)
        rows.append(
            {
                "member": member,
                "sheet": sheets.get(member.pk),
                "excluded": reason is not None,
                "reason": dict(Exclusion.Reason.choices).get(reason[0]) if reason else "",
                "details": reason[1] if reason else "",
            }
        )
    return rows


# --- Lists -------------------------------------------------------------------------------------


def evaluations_for_member(user):
    """The projects in evaluation of the councils the user is a member of (nothing else: a
    project not in evaluation has no Evaluation row)."""
    if not is_signed_in(user):
        return Evaluation.objects.none()
    return (
        Evaluation.objects.filter(
            council__in=CouncilMember.objects.filter(user=user).values("council_id")
        )
        .select_related("contract__body", "contract__supplier", "contract__lot", "council")
        .order_by("status", "due_at", "pk")
    )


def evaluations_for(user):
    """Evaluations the user may see in the API list: a member their councils'; a body its
    own; the authorized body all."""
    if not is_signed_in(user):
        return Evaluation.objects.none()
    base = Evaluation.objects.select_related(
        "contract__body", "contract__supplier", "contract__lot", "council"
    )
    if is_authorized_body(user):
        return base.order_by("-opened_at", "-pk")
    scope = Q(council__in=CouncilMember.objects.filter(user=user).values("council_id"))
    if user.organisation_id is not None and is_body_staff(user, user.organisation_id):
        scope |= Q(contract__body_id=user.organisation_id)
    return base.filter(scope).order_by("-opened_at", "-pk")


def pending_for(user, *, body=None, region=None, year=None):
    """Projects that ended and are not evaluated (open evaluations), oldest due first: the
    authorized body every body's, a body its own. Filters: body id, region id, year (of the
    contract's end)."""
    if not is_signed_in(user):
        return Evaluation.objects.none()
    qs = Evaluation.objects.filter(status=Evaluation.Status.OPEN).select_related(
        "contract__body__region", "contract__supplier", "contract__lot", "council"
    )
    if not is_authorized_body(user):
        if user.organisation_id is None or not is_body_staff(user, user.organisation_id):
            return Evaluation.objects.none()
        qs = qs.filter(contract__body_id=user.organisation_id)
    if body is not None:
        qs = qs.filter(contract__body_id=body)
    if region is not None:
        qs = qs.filter(contract__body__region_id=region)
    if year is not None:
        if not 1 <= year <= 9999:
            return Evaluation.objects.none()
        qs = qs.filter(
            contract__ends_on__gte=dt.date(year, 1, 1), contract__ends_on__lte=dt.date(year, 12, 31)
        )
    return qs.order_by("due_at", "pk")


def pending_counts(user, *, now):
    """{"open": n, "overdue": n, "no_council": n} of the user's pending list (one query)."""
    from django.db.models import Count

    qs = pending_for(user)
    return qs.aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=Q(due_at__lt=now)),
        no_council=Count("pk", filter=Q(council__isnull=True)),
    )


# --- Materials (E-3) ---------------------------------------------------------------------------


def materials(evaluation):
    """What a member reads before scoring: the stage reports (the latest submitted version
    of each stage), the monitoring reports and events, the passport (the contract)."""
    contract = evaluation.contract
    stages = list(ReportStage.objects.filter(contract=contract).order_by("no"))
    latest = {}
    for report in StageReport.objects.filter(
        contract=contract, status=StageReport.Status.SUBMITTED
    ).order_by("stage_id", "-version"):
        latest.setdefault(report.stage_id, report)
    stage_rows = [
        {
            "stage": s,
            "report": latest.get(s.pk),
            "sections": _sections(latest.get(s.pk), REPORT_SECTIONS),
        }
        for s in stages
    ]
    from tapsyrys.contracting.models import Passport

    passport = Passport.objects.filter(contract=contract).first()
    monitoring = _monitoring_materials(contract)
    return {
        "contract": contract,
        "stages": stage_rows,
        "passport": passport,
        "passport_sections": _sections(passport, PASSPORT_SECTIONS),
        **monitoring,
    }


REPORT_SECTIONS = ("about_project", "team_composition", "main_work", "satisfaction_results",
                   "financial_report")  # fmt: skip
PASSPORT_SECTIONS = ("goals_tasks", "expected_results", "budget_notes", "work_done")
EVENT_SECTIONS = ("findings", "measures")


def _sections(obj, fields):
    """[{label, text}] of the filled text fields of `obj` (read-only materials)."""
    if obj is None:
        return []
    rows = []
    for name in fields:
        value = getattr(obj, name, "")
        if value:
            rows.append({"label": str(obj._meta.get_field(name).verbose_name), "text": value})
    return rows


def _monitoring_materials(contract):
    """The monitoring events of the project (each completed one is a monitoring report)."""
    from tapsyrys.monitoring.models import MonitoringEvent

    events = list(
        MonitoringEvent.objects.filter(contract=contract)
        .select_related("monitor")
        .order_by("year", "planned_on", "pk")[:200]
    )
    return {"events": [{"event": e, "sections": _sections(e, EVENT_SECTIONS)} for e in events]}


def contracts_to_enter(*, today):
    """Contracts that enter evaluation now and have none: ended (`ends_on` < today) or with
    the final report accepted, not terminated. A queryset annotated with `final_accepted` and
    `council_id_found`."""
    from django.db.models import Exists

    from tapsyrys.monitoring.models import ReportReview

    final_accepted = Exists(
        ReportReview.objects.filter(
            contract_id=OuterRef("pk"),
            decision=ReportReview.Decision.ACCEPTED,
            report__stage__kind=ReportStage.Kind.FINAL,
        )
    )
    return (
        Contract.objects.exclude(status__in=rules.NEVER_EVALUATED)
        .filter(~Exists(Evaluation.objects.filter(contract_id=OuterRef("pk"))))
        .annotate(final_accepted=final_accepted, council_id_found=council_subquery())
        .filter(Q(ends_on__lt=today) | Q(final_accepted=True))
        .only("pk", "body_id", "supplier_id", "ends_on", "status")
        .order_by("pk")
    )

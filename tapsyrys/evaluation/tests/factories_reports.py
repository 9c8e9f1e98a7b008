"""Builders for the reports part's tests: a project in evaluation with an approved council and
SIGNED Annex 7 sheets.

The councils and sheets parts' services are not on main while this part is built, so the
council, its members, the evaluation and the sheets are written directly as rows here (tests
only; the lead reconciles them with `factories_councils` / `factories_sheets`). The closing and
the posting go through this part's services (`close`, `post`)."""

import datetime as dt
import itertools

from django.utils import timezone

from tapsyrys.contracting.tests.factories import contract_make, lot_make
from tapsyrys.core.models import Area, Role
from tapsyrys.core.tests.factories import UserFactory
from tapsyrys.evaluation.models import (
    CRITERIA,
    AssessmentSheet,
    CouncilMember,
    Evaluation,
    Exclusion,
    ExpertCouncil,
)
from tapsyrys.evaluation.services import reports as services

ISSUE_SHEETS = ((5, 4, 3, 4), (4, 4, 4, 5), (3, 5, 4, 4))  # → 4.00, 4.33, 3.67, 4.33; 16.33
_n = itertools.count(1)


def council_make(body, *, first_year=2025):
    existing = ExpertCouncil.objects.filter(body=body, first_year=first_year).first()
    if existing:
        return existing
    now = timezone.now()
    return ExpertCouncil.objects.create(
        body=body,
        first_year=first_year,
        last_year=first_year + 2,
        status=ExpertCouncil.Status.APPROVED,
        announcement="Объявление",
        announced_at=now,
        formed_by=ExpertCouncil.FormedBy.BODY,
        formed_at=now,
        approved_on=dt.date(first_year, 1, 20),
        approval_reference="Протокол № 1",
        approved_at=now,
    )


def member_make(council, user=None):
    user = user or UserFactory(roles=[Role.COUNCIL_MEMBER], username=f"member{next(_n)}")
    return CouncilMember.objects.create(council=council, user=user)


def sheet_make(evaluation, member, scores, *, signed=True, note=""):
    values = dict(zip(CRITERIA, scores, strict=True))
    comments = {f"{c}_comment": f"{note or member.user.username}: {c}" for c in CRITERIA}
    return AssessmentSheet.objects.create(
        evaluation=evaluation,
        member=member,
        recommendations=f"{note or member.user.username}: продолжить",
        signed_at=timezone.now() if signed else None,
        **values,
        **comments,
    )


def evaluation_make(
    body_user,
    ngo,
    *,
    scores=ISSUE_SHEETS,
    drafts=(),
    excluded=(),
    contract=None,
    council=True,
):
    """A project in evaluation with `scores` as signed sheets, `drafts` as unsigned ones, and
    `excluded` members (with an Exclusion, a sheet each if scores are given for them)."""
    if contract is None:
        area = Area.objects.order_by("id").first()
        contract = contract_make(
            body_user,
            ngo,
            lot=lot_make(body_user, area=area),
            starts=dt.date(2025, 1, 10),
            ends=dt.date(2025, 11, 20),
        )
    c = council_make(body_user.organisation) if council else None
    evaluation = Evaluation.objects.create(
        contract=contract, council=c, reason=Evaluation.Reason.ENDED
    )
    for s in scores:
        sheet_make(evaluation, member_make(c), s)
    for s in drafts:
        sheet_make(evaluation, member_make(c), s, signed=False)
    for s in excluded:
        member = member_make(c)
        Exclusion.objects.create(
            evaluation=evaluation, member=member, reason=Exclusion.Reason.DECLARED
        )
        if s is not None:
            sheet_make(evaluation, member, s, note="excluded")
    return evaluation


def close(body_user, evaluation, **kw):
    return services.evaluation_complete(actor=body_user, evaluation=evaluation, **kw)


def post(body_user, report, *, posted_on=None, reference="GZ-8-1", **kw):
    return services.report_post(
        actor=body_user,
        report=report,
        posted_on=posted_on or timezone.localdate(),
        portal_reference=reference,
        **kw,
    )


def posted_report(body_user, ngo, **kw):
    """A project whose Annex 8 report is formed and posted."""
    report = close(body_user, evaluation_make(body_user, ngo, **kw))
    return post(body_user, report)

"""Builders for the sheets part's objects (evaluations, sheets, exclusions), through its
services; other parts may import them.

`council_make` builds an approved council with members: through the councils part's
factories when they are on the branch, else (until the lead merges them) as plain rows — the
councils part owns those services."""

import datetime as dt
from itertools import count

from django.utils import timezone

from tapsyrys.core.models import Role
from tapsyrys.core.tests.factories import UserFactory
from tapsyrys.evaluation.models import CouncilMember, ExpertCouncil, MemberNotice
from tapsyrys.evaluation.services import sheets as services

_n = count(1)
WHEN = dt.datetime(2026, 1, 12, 10, 0, tzinfo=dt.UTC)  # a Monday, after the 2025 projects
SCORES = {"results": 5, "positive_effect": 4, "continuation": 3, "long_term_effect": 4}


def member_user(**fields):
    n = next(_n)
    fields.setdefault("username", f"member{n}")
    fields.setdefault("roles", [Role.COUNCIL_MEMBER])
    return UserFactory(**fields)


def council_make(body, users, *, first_year=2025, approved_on=dt.date(2024, 12, 20)):
    """The body's approved council for first_year..first_year+2 with `users` as members."""
    now = timezone.now()
    council = ExpertCouncil.objects.create(
        body=body,
        first_year=first_year,
        last_year=first_year + 2,
        status=ExpertCouncil.Status.APPROVED,
        announcement="Объявление о формировании экспертного совета",
        announced_at=now,
        formed_by=ExpertCouncil.FormedBy.BODY,
        formed_at=now,
        approved_on=approved_on,
        approval_reference="Протокол № 1",
        approved_at=now,
    )
    for user in users:
        CouncilMember.objects.create(council=council, user=user)
    return council


def member_of(council, user):
    return CouncilMember.objects.get(council=council, user=user)


def notice_naming(council, user, ngo, *, signed_at=None):
    """A signed Annex 6 notice of the member naming `ngo` (question 1)."""
    member = member_of(council, user)
    notice = MemberNotice.objects.create(
        member=member, declares_conflict=True, signed_at=signed_at or timezone.now()
    )
    notice.named_ngos.set([ngo])
    notice.member_ngos.set([ngo])
    return notice


def evaluation_make(contract, *, now=WHEN, reason="ended"):
    return services.evaluation_enter(contract, reason=reason, now=now)


def sheet_make(user, evaluation, scores=None, *, sign=True, now=WHEN):
    data = dict(SCORES if scores is None else scores)
    for code in list(data):
        data.setdefault(f"{code}_comment", f"Пояснение: {code}")
    sheet = services.sheet_create(actor=user, evaluation=evaluation, data=data, now=now)
    if sign:
        sheet = services.sheet_sign(actor=user, sheet=sheet, now=now)
    return sheet

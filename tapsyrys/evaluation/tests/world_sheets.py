"""The sheets part's objects in the X-ACL world.

`actors["council_member"]` sits on the body's approved council for 2025–2027 (the councils
part's world may have made it; otherwise it is made here). Three of the body's contracts
with `w.contract.supplier` ended in 2025 and are in evaluation:
- `w.ev_draft`: the member's draft sheet `w.sheet_draft` (four scores: signable);
- `w.ev_signed`: the member's signed sheet `w.sheet_signed`;
- `w.ev_empty`: no sheet yet (the member may create one).
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from tapsyrys.contracting import services as cs
from tapsyrys.contracting.tests.factories import contract_make
from tapsyrys.evaluation.models import CouncilMember, ExpertCouncil
from tapsyrys.evaluation.services import sheets as services

WHEN = dt.datetime(2026, 1, 12, 10, 0, tzinfo=dt.UTC)
SCORES = {"results": 5, "positive_effect": 4, "continuation": 3, "long_term_effect": 4}


def _council(body, user):
    council = ExpertCouncil.objects.filter(
        body=body, status=ExpertCouncil.Status.APPROVED, first_year__lte=2025,
        last_year__gte=2025,
    ).first()  # fmt: skip
    if council is None:
        now = timezone.now()
        council = ExpertCouncil.objects.create(
            body=body, first_year=2025, last_year=2027, status=ExpertCouncil.Status.APPROVED,
            announcement="Объявление", announced_at=now, formed_by=ExpertCouncil.FormedBy.BODY,
            formed_at=now, approved_on=dt.date(2024, 12, 20), approval_reference="Протокол № 1",
            approved_at=now,
        )  # fmt: skip
    CouncilMember.objects.get_or_create(council=council, user=user)
    return council


def _ended_contract(w, body_user, number):
    lot = cs.lot_create(
        actor=body_user, competition=w.competition, number=f"LOT-{number}",
        name_ru=f"Проект {number}", name_kk=f"Жоба {number}", amount=Decimal("2000000"),
        description_kk="Жоба сипаттамасы", description_ru="Описание проекта",
    )  # fmt: skip
    return contract_make(
        body_user, w.contract.supplier, lot=lot, number=f"C-{number}",
        amount=Decimal("2000000"), activities=(), indicators=(), target_groups=(),
    )  # fmt: skip


def extend(w, actors):
    body_user, member = actors["body_user"], actors["council_member"]
    w.sheets_council = _council(w.contract.body, member)
    evaluations = []
    for number in ("S1", "S2", "S3"):
        contract = _ended_contract(w, body_user, number)
        evaluations.append(services.evaluation_enter(contract, reason="ended", now=WHEN))
    w.ev_draft, w.ev_signed, w.ev_empty = evaluations
    w.sheet_draft = services.sheet_create(
        actor=member, evaluation=w.ev_draft, data=SCORES, now=WHEN
    )
    w.sheet_signed = services.sheet_sign(
        actor=member,
        sheet=services.sheet_create(actor=member, evaluation=w.ev_signed, data=SCORES, now=WHEN),
        now=WHEN,
    )

"""The experts part's objects in the X-ACL world.

- `w.contract` (4 900 000,50 tenge of 10.01.2025; 500 × 3 932 = 1 966 000) needs an expert:
  `actors["assigned_expert"]` files and signs `w.notice` for it and is assigned by the body
  (`w.assignment`);
- `w.open_contract` (the body's, with `w.ngo`, 3 000 000 tenge) needs an expert and has none:
  `actors["expert"]` has a signed notice for it (`w.expert_notice`, assignable) and a draft
  on `w.open_contract2` (`w.expert_draft`), the one it may edit and sign.
"""

import datetime as dt
from decimal import Decimal

from tapsyrys.contracting import services as cs
from tapsyrys.contracting.tests.factories import contract_make
from tapsyrys.monitoring.services import experts as services

NO_CONFLICT = {q: {"answer": False} for q in ("member", "governing", "payments", "family", "other")}
WHEN = dt.datetime(2025, 1, 20, 10, 0, tzinfo=dt.UTC)


def _lot(w, body_user, number, amount):
    return cs.lot_create(
        actor=body_user,
        competition=w.competition,
        number=number,
        name_ru=f"Проект {number}",
        name_kk=f"Жоба {number}",
        description_kk="Жоба сипаттамасы",
        description_ru="Описание проекта",
        amount=amount,
    )


def extend(w, actors):
    body_user = actors["body_user"]
    w.expert_user = actors["expert"]
    assigned = actors["assigned_expert"]
    expert = actors["expert"]
    w.notice = services.notice_file(
        actor=assigned, contract=w.contract, answers=NO_CONFLICT, now=WHEN
    )
    w.notice = services.notice_sign(actor=assigned, notice=w.notice, now=WHEN)
    w.assignment = services.expert_assign(
        actor=body_user, contract=w.contract, expert=assigned, now=WHEN
    )
    w.expert_contract = w.contract
    w.open_contract = contract_make(
        body_user, w.contract.supplier, lot=_lot(w, body_user, "LOT-E1", Decimal("3000000")),
        number="C-E1", amount=Decimal("3000000"), activities=(), indicators=(),
        target_groups=(),
    )  # fmt: skip
    w.open_contract2 = contract_make(
        body_user, w.contract.supplier, lot=_lot(w, body_user, "LOT-E2", Decimal("2500000")),
        number="C-E2", amount=Decimal("2500000"), activities=(), indicators=(),
        target_groups=(),
    )  # fmt: skip
    w.expert_notice = services.notice_sign(
        actor=expert,
        notice=services.notice_file(actor=expert, contract=w.open_contract, answers=NO_CONFLICT),
    )
    w.expert_draft = services.notice_file(
        actor=expert, contract=w.open_contract2, answers=NO_CONFLICT
    )

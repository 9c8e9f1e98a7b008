"""Contracting test builders: a competition, a lot and a contract made through the services
(so every test's contract has its stages, history and events, as a real one)."""

import datetime as dt
import itertools
from decimal import Decimal

from tapsyrys.contracting import services
from tapsyrys.contracting.models import Competition

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

_numbers = itertools.count(1)


def competition_for(body_user, *, procurement_number="ANNO-1", year=2025):
    """The body's competition with that number (made once, through the service)."""
    existing = Competition.objects.filter(
        body=body_user.organisation, procurement_number=procurement_number
    ).first()
    return existing or services.competition_create(
        actor=body_user,
        body=body_user.organisation,
        procurement_number=procurement_number,
        year=year,
    )


def lot_make(body_user, *, competition=None, number=None, amount=Decimal("5000000"), **fields):
    n = next(_numbers)
    fields.setdefault("name_ru", f"Проект {n}")
    fields.setdefault("name_kk", f"Жоба {n}")
    fields.setdefault("description_kk", f"Жоба {n}: іс-шаралар және оқыту")
    fields.setdefault("description_ru", f"Проект {n}: мероприятия и обучение")
    return services.lot_create(
        actor=body_user,
        competition=competition or competition_for(body_user),
        number=number or f"LOT-{n}",
        amount=amount,
        **fields,
    )


def contract_make(
    body_user,
    supplier,
    *,
    lot=None,
    number=None,
    starts=dt.date(2025, 1, 10),
    ends=dt.date(2025, 12, 20),
    signed_on=None,
    amount=Decimal("4900000.50"),
    activities=("Семинары",),
    indicators=(("Проведено семинаров", "ед.", Decimal("5")),),
    target_groups=(("Молодёжь", 100),),
    schedule=None,
):
    """A contract of body_user's body with `supplier`, registered through the services.

    `schedule` is the report schedule [(no, kind, due_date)] (None: the rules' default)."""
    lot = lot or lot_make(body_user)
    return services.contract_create(
        actor=body_user,
        lot=lot,
        supplier=supplier,
        number=number or f"C-{lot.number.removeprefix('LOT-')}",
        signed_on=signed_on or starts,
        amount=amount,
        starts_on=starts,
        ends_on=ends,
        activities=list(activities),
        indicators=list(indicators),
        target_groups=list(target_groups),
        schedule=schedule,
    )


def complete_fields(contract, *, final=False):
    """Every section of a stage report filled (the financial report for the final one)."""
    fields = {
        "team_composition": "Руководитель, два тренера",
        "about_project": "О проекте",
        "main_work": "Проведены семинары",
        "satisfaction_results": "Удовлетворены 90 %",
        "indicator_actuals": {str(i.pk): "5" for i in contract.indicators.all()},
        "coverage_reached": {str(g.pk): 80 for g in contract.target_groups.all()},
    }
    if final:
        fields["financial_report"] = "Смета исполнена"
    return fields


def act_make(body_user, contract, *, signed_on=None, portal_reference="GZ-ACT-1"):
    """The contract's act of services rendered through the service, with no other app's gate
    (contracting's own tests; evaluation's tests post Annex 8 first)."""
    from tapsyrys.contracting import gates

    with gates.without_gates():
        return services.act_record(
            actor=body_user,
            contract=contract,
            signed_on=signed_on or dt.date.today(),
            portal_reference=portal_reference,
        )

import datetime as dt
import itertools
from decimal import Decimal

import pytest

from tapsyrys.contracting import services
from tapsyrys.contracting.models import Competition

_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def english(settings):
    """Messages are asserted in English (the catalogues translate them to kk and ru)."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def make_contract():
    """make_contract(body_user, supplier, **overrides) → a contract made through the services."""

    def make(
        body_user,
        supplier,
        *,
        starts=dt.date(2025, 1, 10),
        ends=dt.date(2025, 12, 20),
        schedule=None,
        indicators=(("Проведено семинаров", "ед.", Decimal("5")),),
        target_groups=(("Молодёжь", 100),),
    ):
        n = next(_numbers)
        competition, _ = Competition.objects.get_or_create(
            body=body_user.organisation, procurement_number="ANNO-1", defaults={"year": 2025}
        )
        lot = services.lot_create(
            actor=body_user,
            competition=competition,
            number=f"LOT-{n}",
            name_ru=f"Проект {n}",
            name_kk=f"Жоба {n}",
            amount=Decimal("5000000"),
        )
        return services.contract_create(
            actor=body_user,
            lot=lot,
            supplier=supplier,
            number=f"C-{n}",
            signed_on=starts,
            amount=Decimal("4900000.50"),
            starts_on=starts,
            ends_on=ends,
            activities=["Семинары"],
            indicators=list(indicators),
            target_groups=list(target_groups),
            schedule=schedule,
        )

    return make


def complete_fields(contract, *, final=False):
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

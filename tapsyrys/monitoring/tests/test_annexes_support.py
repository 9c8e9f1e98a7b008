"""Builders shared by the annexes tests (no tests here): contracts in two areas, a report."""

import datetime as dt
from decimal import Decimal

from tapsyrys.contracting.tests.factories import contract_make, lot_make
from tapsyrys.core.models import Edition, EditionArea

Y = 2026
AFTER_HALF = dt.datetime(2026, 7, 20, 6, 0, tzinfo=dt.UTC)


def areas(n=2):
    """The first areas of the 2022 edition, in its numbering."""
    edition = Edition.objects.get(code="2022")
    return [
        ea.area for ea in EditionArea.objects.filter(edition=edition).select_related("area")[:n]
    ]


def contract_in(body_user, ngo, area, *, amount, planned, number, starts=None, ends=None):
    lot = lot_make(body_user, area=area, amount=Decimal(planned))
    return contract_make(
        body_user,
        ngo,
        lot=lot,
        number=number,
        starts=starts or dt.date(Y, 2, 1),
        ends=ends or dt.date(Y, 11, 30),
        amount=Decimal(amount),
    )


def three_contracts(body_user, ngo):
    """Area 1: 1 500 000,00 + 2 250 000,50 tenge (planned 1 600 000 + 2 400 000); area 2:
    990 000 tenge (planned 1 000 000)."""
    a1, a2 = areas()
    return [
        contract_in(body_user, ngo, a1, amount="1500000", planned="1600000", number="A-1"),
        contract_in(body_user, ngo, a1, amount="2250000.50", planned="2400000", number="A-2"),
        contract_in(body_user, ngo, a2, amount="990000", planned="1000000", number="B-1"),
    ]

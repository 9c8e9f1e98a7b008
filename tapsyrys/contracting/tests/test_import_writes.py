"""What the import writes (issue 8: rows go to the database as plain values by COPY, not as model
instances): the new rows carry every default the models give, the report schedule and their
history rows; a second file moves a lot to another competition, re-points a contract and marks
an announced lot held, each with an update history row."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tapsyrys.contracting.importer import run_import
from tapsyrys.contracting.models import Competition, Contract, Lot, ReportStage

from .test_import import HEADER

pytestmark = pytest.mark.django_db

LOT_ONLY_HEADER = "lotNumber,nameRu,amount,customerBin,trdBuyNumberAnno\n"


def _import(body, text, **kwargs):
    result = run_import(
        data=text.encode("utf-8"), filename="x.csv", organisation=body, dry_run=False, **kwargs
    )
    assert result.error_count == 0, result.errors
    return result


def test_new_rows_carry_the_models_defaults_the_schedule_and_history(body, ngo, body_user):
    before = timezone.now()
    _import(
        body,
        HEADER + f"L1,Проект,Описание,1000000.50,{body.bin},ANNO-1,D1,990000,2025-02-01,"
        f"2025-11-30,{ngo.bin},2025\n",
        actor=body_user,
    )
    contract = Contract.objects.get(number="D1")
    assert contract.status == Contract.Status.ACTIVE
    assert contract.starts_on == dt.date(2025, 2, 1) and contract.ends_on == dt.date(2025, 11, 30)
    assert contract.amount == Decimal("990000.00") and contract.year == 2025
    assert contract.created_at >= before and contract.status_changed_at >= before
    assert contract.expected_results == "" and contract.spec_document_id is None
    lot = contract.lot
    assert (lot.status, lot.parts, lot.topic_id, lot.area_id) == (Lot.Status.HELD, 1, None, None)
    assert (lot.name_ru, lot.name_kk, lot.description_ru) == ("Проект", "", "Описание")
    assert lot.competition.procurement_number == "ANNO-1" and lot.competition.year == 2025
    # C-4's default schedule over 1 Feb – 30 Nov 2025 (302 days): day 100, day 201, the last day
    assert sorted(
        ReportStage.objects.filter(contract=contract).values_list("no", "kind", "due_date")
    ) == [
        (1, "first_interim", dt.date(2025, 5, 12)),
        (2, "second_interim", dt.date(2025, 8, 21)),
        (3, "final", dt.date(2025, 11, 30)),
    ]
    for model, key in ((Competition, {"procurement_number": "ANNO-1"}), (Lot, {"number": "L1"})):
        (row,) = model.history.filter(**key)
        assert row.history_type == "+" and row.history_user == body_user
    (row,) = Contract.history.filter(number="D1")
    assert (row.id, row.lot_id, row.amount, row.status) == (
        contract.pk,
        lot.pk,
        contract.amount,
        "active",
    )


def test_a_lot_without_a_contract_stays_announced_until_a_contract_names_it(body, ngo):
    _import(body, LOT_ONLY_HEADER + f"L7,Проект 7,500000,{body.bin},ANNO-7\n")
    lot = Lot.objects.get(number="L7")
    assert lot.status == Lot.Status.ANNOUNCED
    # a contract-only file: the lot is in the system, so it becomes held (C-2)
    result = _import(
        body,
        "lotNumber,customerBin,contractNumber,contractSum,signDate,supplierBiin\n"
        f"L7,{body.bin},D7,450000,2025-03-01,{ngo.bin}\n",
    )
    assert result.created["contracts"] == 1 and result.updated == {"lots": 1, "contracts": 0}
    lot.refresh_from_db()
    assert lot.status == Lot.Status.HELD
    assert Contract.objects.get(number="D7").lot_id == lot.pk
    assert [h.history_type for h in Lot.history.filter(number="L7").order_by("history_date")] == [
        "+",
        "~",
    ]


def test_a_second_file_moves_a_lot_and_updates_a_contract_with_history(body, ngo, other_ngo):
    row = "L1,Проект,Описание,1000000,{bin},{anno},D1,{sum},2025-02-01,2025-11-30,{ngo},2025\n"
    _import(body, HEADER + row.format(bin=body.bin, anno="ANNO-1", sum="900000", ngo=ngo.bin))
    first_competition = Lot.objects.get(number="L1").competition_id

    result = _import(
        body, HEADER + row.format(bin=body.bin, anno="ANNO-2", sum="950000", ngo=other_ngo.bin)
    )
    assert result.created == {"competitions": 1, "lots": 0, "contracts": 0}
    assert result.updated == {"lots": 1, "contracts": 1}
    lot = Lot.objects.get(number="L1")
    assert (
        lot.competition.procurement_number == "ANNO-2" and lot.competition_id != first_competition
    )
    contract = Contract.objects.get(number="D1")
    assert (contract.amount, contract.supplier_id) == (Decimal("950000.00"), other_ngo.pk)
    assert contract.lot_id == lot.pk
    assert (
        Lot.history.filter(number="L1", history_type="~").get().competition_id == lot.competition_id
    )
    updated = Contract.history.filter(number="D1", history_type="~").get()
    assert (updated.amount, updated.supplier_id) == (Decimal("950000.00"), other_ngo.pk)
    # and the same file once more changes nothing
    again = _import(
        body, HEADER + row.format(bin=body.bin, anno="ANNO-2", sum="950000", ngo=other_ngo.bin)
    )
    assert again.updated == {"lots": 0, "contracts": 0} and again.unchanged == 1  # one row

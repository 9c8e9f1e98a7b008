"""Plausibility (issue 7, item 5): dates of contracts, evidence and competitions within
01.01.2000 … the end of next year, a contract signed on or after its competition and ending
after it starts, counts that are whole numbers, one contract per lot unless it is split."""

import datetime as dt

import pytest

from tapsyrys.calendar.rules import date_problem
from tapsyrys.contracting import rules, services
from tapsyrys.contracting.models import Contract, ReportStage
from tapsyrys.core.errors import ApplicationError

from .factories import contract_make, lot_make

TODAY = dt.date(2026, 6, 15)


@pytest.mark.parametrize(
    ("day", "ok"),
    [
        (dt.date(1999, 12, 31), False),
        (dt.date(2000, 1, 1), True),
        (dt.date(2026, 6, 15), True),
        (dt.date(2027, 12, 31), True),
        (dt.date(2028, 1, 1), False),
        (dt.date(1, 1, 1), False),
        (dt.date(9999, 12, 31), False),
        (None, True),
    ],
)
def test_date_problem(day, ok):
    message = date_problem(day, TODAY)
    assert (message is None) is ok
    if not ok:
        assert str(message) == "The date must be from 01.01.2000 to 31.12.2027."


def test_date_problem_with_a_later_last_day():
    assert date_problem(dt.date(2029, 12, 31), TODAY, last=dt.date(2029, 12, 31)) is None
    assert date_problem(dt.date(2030, 1, 1), TODAY, last=dt.date(2029, 12, 31)) is not None


D = dt.date
GOOD = {
    "signed_on": D(2026, 2, 1),
    "starts_on": D(2026, 2, 2),
    "ends_on": D(2026, 12, 20),
    "competition_held_on": D(2026, 1, 20),
}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({}, None),
        ({"competition_held_on": None}, None),
        ({"signed_on": D(2026, 1, 20)}, None),  # on the competition's day
        ({"signed_on": D(2026, 1, 19)}, "signed_on"),  # before its competition
        ({"signed_on": D(9999, 12, 31)}, "signed_on"),
        ({"signed_on": D(1999, 12, 31), "competition_held_on": None}, "signed_on"),
        ({"starts_on": D(2028, 1, 1)}, "starts_on"),
        ({"ends_on": D(2029, 12, 31)}, None),  # a long-term contract: three years on
        ({"ends_on": D(2030, 1, 1)}, "ends_on"),
        ({"ends_on": D(2026, 2, 2)}, "ends_on"),  # ends the day it starts
        ({"ends_on": D(2026, 2, 3)}, None),
        ({"ends_on": D(2026, 2, 1)}, "ends_on"),
    ],
)
def test_contract_dates_problem(changes, field):
    problem = rules.contract_dates_problem(**{**GOOD, **changes}, today=TODAY)
    assert (problem[0] if problem else None) == field


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, 0),
        (42, 42),
        ("42", 42),
        (" 7 ", 7),
        (3.0, 3),
        (2_147_483_647, 2_147_483_647),
        (2_147_483_648, ValueError),
        (10**30, ValueError),
        (1.5, ValueError),
        ("1.5", ValueError),
        ("1,5", ValueError),
        ("١٢", ValueError),  # Arabic-Indic digits
        (-1, ValueError),
        ("-1", ValueError),
        (True, ValueError),
        (None, ValueError),
        ([1], ValueError),
        ("", ValueError),
    ],
)
def test_parse_count(value, expected):
    if expected is ValueError:
        with pytest.raises(ValueError):
            rules.parse_count(value)
    else:
        assert rules.parse_count(value) == expected


# --- through the services ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_contract_signed_before_its_competition_is_refused(body_user, ngo):
    competition = services.competition_create(
        actor=body_user,
        body=body_user.organisation,
        procurement_number="ANNO-77",
        year=2025,
        held_on=D(2025, 3, 1),
    )
    lot = lot_make(body_user, competition=competition)
    with pytest.raises(ApplicationError) as exc:
        contract_make(body_user, ngo, lot=lot, signed_on=D(2023, 1, 1), starts=D(2025, 3, 5))
    assert exc.value.field == "signed_on"
    assert not Contract.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("held_on", [D(1, 1, 1), D(9999, 12, 31)])
def test_a_competition_far_in_time_is_refused(body_user, held_on):
    with pytest.raises(ApplicationError) as exc:
        services.competition_create(
            actor=body_user,
            body=body_user.organisation,
            procurement_number="ANNO-F",
            year=2025,
            held_on=held_on,
        )
    assert exc.value.field == "held_on"


@pytest.mark.django_db
def test_a_contract_dated_9999_is_refused(body_user, ngo):
    with pytest.raises(ApplicationError) as exc:
        contract_make(body_user, ngo, signed_on=D(9999, 1, 1))
    assert exc.value.field == "signed_on"


@pytest.mark.django_db
def test_a_second_contract_on_a_lot_is_refused_with_409(body_user, ngo, other_ngo, api_for):
    lot = lot_make(body_user)
    contract_make(body_user, ngo, lot=lot)
    response = api_for(body_user).post(
        "/api/contracting/contracts/",
        {
            "lot": lot.pk,
            "supplier_bin": other_ngo.bin,
            "number": "C-SECOND",
            "signed_on": "2025-01-10",
            "amount": "1000000",
            "starts_on": "2025-01-10",
            "ends_on": "2025-12-20",
        },
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["field"] == "lot"
    assert lot.contracts.count() == 1


@pytest.mark.django_db
def test_a_lot_split_explicitly_takes_one_contract_per_part(body_user, ngo, other_ngo):
    lot = lot_make(body_user, parts=2)
    contract_make(body_user, ngo, lot=lot, number="C-P1")
    contract_make(body_user, other_ngo, lot=lot, number="C-P2")
    with pytest.raises(ApplicationError) as exc:
        contract_make(body_user, ngo, lot=lot, number="C-P3")
    assert exc.value.status_code == 409
    assert lot.contracts.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("day", [D(1, 1, 1), D(1999, 12, 31), D(9999, 12, 31)])
def test_evidence_far_in_time_is_refused(body_user, day):
    from tapsyrys.formation.models import Evidence
    from tapsyrys.formation.tests.factories import evidence_make

    with pytest.raises(ApplicationError) as exc:
        evidence_make(body_user, date=day)
    assert exc.value.field == "date"
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_evidence_dated_0001_is_400_on_the_api(body_user, api_for):
    response = api_for(body_user).post(
        "/api/formation/evidence/",
        {"kind": "needs_assessment", "title": "Old", "date": "0001-01-01"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "date"


@pytest.mark.django_db
@pytest.mark.parametrize("value", [1.5, "1.5", 10**30])
def test_report_coverage_is_a_whole_number(body_user, ngo_user, api_for, value):
    contract = contract_make(body_user, ngo_user.organisation)
    stage = contract.stages.get(kind=ReportStage.Kind.FIRST_INTERIM)
    report = services.report_start(stage=stage, actor=ngo_user)
    group = contract.target_groups.get()
    response = api_for(ngo_user).patch(
        f"/api/contracting/reports/{report.pk}/",
        {"coverage_reached": {str(group.pk): value}},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "coverage_reached"
    report.refresh_from_db()
    assert report.coverage_reached in ({}, None)


@pytest.mark.django_db
def test_report_coverage_whole_number_is_kept(body_user, ngo_user, api_for):
    contract = contract_make(body_user, ngo_user.organisation)
    stage = contract.stages.get(kind=ReportStage.Kind.FIRST_INTERIM)
    report = services.report_start(stage=stage, actor=ngo_user)
    group = contract.target_groups.get()
    response = api_for(ngo_user).patch(
        f"/api/contracting/reports/{report.pk}/",
        {"coverage_reached": {str(group.pk): 12}},
        format="json",
    )
    assert response.status_code == 200, response.json()
    report.refresh_from_db()
    assert report.coverage_reached == {str(group.pk): 12}

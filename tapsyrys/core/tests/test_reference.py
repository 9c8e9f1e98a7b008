"""X-MCI, X-AREA, X-EDITION: reference data loaded by migration and its lookups."""

import datetime as dt

import pytest

from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.models import (
    Area,
    Edition,
    EditionArea,
    EvaluationCriterion,
    GrantCriterion,
    MCIRate,
    MonitoringTool,
    Region,
    ServiceType,
)
from tapsyrys.core.reference import area_in_edition, edition_areas, edition_on, mci_on

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.mark.parametrize(
    ("day", "value"),
    [
        (D(2018, 1, 1), 2405),
        (D(2019, 12, 31), 2525),
        (D(2020, 3, 31), 2651),
        (D(2020, 4, 1), 2778),  # raised from 1 April 2020 for all payments
        (D(2021, 6, 15), 2917),
        (D(2022, 3, 31), 3063),
        (D(2022, 6, 1), 3063),  # not 3180: that value applied to social payments only
        (D(2022, 12, 31), 3063),
        (D(2023, 1, 1), 3450),
        (D(2024, 5, 4), 3692),
        (D(2025, 12, 31), 3932),
        (D(2026, 1, 1), 4325),
        (D(2030, 1, 1), 4325),
    ],
)
def test_x_mci_on(day, value):
    assert mci_on(day) == value


@pytest.mark.parametrize("day", [D(2017, 12, 31), D(2000, 1, 1)])
def test_x_mci_before_2018_is_refused(day):
    with pytest.raises(ApplicationError) as info:
        mci_on(day)
    assert info.value.field == "on"
    assert day.strftime("%d.%m.%Y") in str(info.value.message)


def test_x_mci_social_payments_row_is_kept_but_not_used():
    social = MCIRate.objects.get(applies_to=MCIRate.AppliesTo.SOCIAL)
    assert (social.effective_from, social.value_tenge) == (D(2022, 4, 1), 3180)
    assert MCIRate.objects.filter(applies_to=MCIRate.AppliesTo.ALL).count() == 10


def test_x_area_reference_migration_loaded_19_areas_numbered_per_edition():
    assert Area.objects.count() == 19
    assert all(a.name_kk and a.name_ru for a in Area.objects.all())
    numbers = {
        code: sorted(
            EditionArea.objects.filter(edition__code=code).values_list("number", flat=True)
        )
        for code in ("2018", "2021", "2022")
    }
    assert numbers["2022"] == list(range(1, 20))
    assert numbers["2021"] == list(range(1, 18))
    assert numbers["2018"] == list(range(1, 18))


def test_x_edition_reference_migration_loaded_three_editions():
    assert list(Edition.objects.values_list("code", flat=True)) == ["2018", "2021", "2022"]
    assert all(e.title_kk and e.title_ru for e in Edition.objects.all())


@pytest.mark.parametrize(
    ("day", "code"),
    [
        (D(2018, 9, 10), "2018"),
        (D(2021, 9, 9), "2018"),
        (D(2021, 9, 10), "2021"),
        (D(2022, 10, 10), "2022"),
        (D(2030, 1, 1), "2022"),
    ],
)
def test_x_edition_in_force_on(day, code):
    assert edition_on(day).code == code


def test_x_edition_before_the_first_is_refused():
    with pytest.raises(ApplicationError):
        edition_on(D(2018, 9, 9))


def test_x_area_edition_areas_in_edition_order():
    rows = edition_areas(Edition.objects.get(code="2021"))
    assert [r.number for r in rows] == list(range(1, 18))
    only_2022 = set(
        EditionArea.objects.filter(edition__code="2022").values_list("area_id", flat=True)
    ) - {r.area_id for r in rows}
    assert len(only_2022) == 2
    new_area = only_2022.pop()
    assert area_in_edition(new_area, Edition.objects.get(code="2022"))
    assert not area_in_edition(new_area, Edition.objects.get(code="2021"))


def test_x_org_reference_migration_loaded_20_regions():
    assert Region.objects.count() == 20
    assert Region.objects.filter(kind=Region.Kind.CITY).count() == 3
    assert set(Region.objects.filter(kind=Region.Kind.CITY).values_list("code", flat=True)) >= {
        "astana",
        "almaty",
    }
    assert all(r.name_kk and r.name_ru for r in Region.objects.all())


def test_x_eval_reference_migration_loaded_criteria_1_to_5():
    criteria = list(EvaluationCriterion.objects.all())
    assert [c.no for c in criteria] == [1, 2, 3, 4]
    assert all((c.min_score, c.max_score) == (1, 5) for c in criteria)
    assert GrantCriterion.objects.count() == 5
    assert all(c.min_score <= c.max_score for c in GrantCriterion.objects.all())
    assert MonitoringTool.objects.count() == 7
    assert ServiceType.objects.count() == 6

"""X-CAL: the decree table (WorkdayOverride) on top of the package, through current_calendar()."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from tapsyrys.calendar.models import WorkdayOverride
from tapsyrys.calendar.selectors import current_calendar

pytestmark = pytest.mark.django_db

D = dt.date
SATURDAY, WEDNESDAY = D(2026, 4, 4), D(2026, 4, 8)


def decree_rows():
    WorkdayOverride.objects.create(date=SATURDAY, is_working=True, decree="Decree No. 1")
    return WorkdayOverride.objects.create(
        date=WEDNESDAY,
        is_working=False,
        reason_kk="Демалыс күні (04.04.2026 күнінен ауыстырылған)",
        reason_ru="Выходной день (перенесён с 04.04.2026)",
        reason_en="Day off (moved from 04.04.2026)",
        decree="Decree No. 1",
    )


def test_x_cal_db_override_makes_a_saturday_working_and_a_weekday_off():
    assert not current_calendar().is_working_day(SATURDAY)
    assert current_calendar().is_working_day(WEDNESDAY)
    decree_rows()
    calendar = current_calendar()
    assert calendar.is_working_day(SATURDAY)
    assert not calendar.is_working_day(WEDNESDAY)
    assert calendar.add_working_days(D(2026, 4, 3), 1).date == SATURDAY
    assert calendar.add_working_days(D(2026, 4, 6), 2).date == D(2026, 4, 9)


@pytest.mark.parametrize(
    ("language", "reason"),
    [
        ("kk", "Демалыс күні (04.04.2026 күнінен ауыстырылған)"),
        ("ru", "Выходной день (перенесён с 04.04.2026)"),
        ("en", "Day off (moved from 04.04.2026)"),
    ],
)
def test_x_cal_db_override_reason_in_the_active_language(language, reason):
    decree_rows()
    with translation.override(language):
        assert current_calendar().day_off_reason(WEDNESDAY) == reason


def test_x_cal_db_override_reason_falls_back_to_russian():
    WorkdayOverride.objects.create(date=WEDNESDAY, is_working=False, reason_ru="Выходной")
    with translation.override("en"):
        assert current_calendar().day_off_reason(WEDNESDAY) == "Выходной"
    with translation.override("kk"):
        assert current_calendar().day_off_reason(WEDNESDAY) == "Выходной"


def test_x_cal_db_overrides_are_cached(django_assert_num_queries):
    decree_rows()
    with django_assert_num_queries(1):
        current_calendar()
    with django_assert_num_queries(0):
        assert current_calendar().is_working_day(SATURDAY)
    # A change that bypasses the model (no signal) is not seen: the cache is really used.
    WorkdayOverride.objects.filter(date=SATURDAY).update(is_working=False, reason_ru="x")
    assert current_calendar().is_working_day(SATURDAY)


def test_x_cal_db_override_cache_is_invalidated_on_save_and_delete():
    calendar = current_calendar()  # fills the cache with the empty table
    assert not calendar.is_working_day(SATURDAY)

    override = WorkdayOverride.objects.create(date=SATURDAY, is_working=True)
    assert current_calendar().is_working_day(SATURDAY)

    override.is_working = False
    override.reason_ru = "Отменено"
    override.save()
    assert not current_calendar().is_working_day(SATURDAY)
    with translation.override("ru"):
        assert current_calendar().day_off_reason(SATURDAY) == "Отменено"

    override.delete()
    with translation.override("en"):
        assert current_calendar().day_off_reason(SATURDAY) == "Saturday"


def test_x_cal_db_override_cache_is_invalidated_again_at_commit(
    django_capture_on_commit_callbacks,
):
    current_calendar()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        WorkdayOverride.objects.create(date=SATURDAY, is_working=True)
        current_calendar()  # a read inside the transaction caches the uncommitted table
    assert callbacks, "the cache must also be dropped when the transaction commits"
    WorkdayOverride.objects.filter(date=SATURDAY).update(is_working=False, reason_ru="x")
    for callback in callbacks:
        callback()
    assert not current_calendar().is_working_day(SATURDAY)


def test_x_cal_db_override_day_off_needs_a_reason():
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkdayOverride.objects.create(date=WEDNESDAY, is_working=False)
    assert not WorkdayOverride.objects.exists()


def test_x_cal_db_override_one_row_per_date():
    WorkdayOverride.objects.create(date=SATURDAY, is_working=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkdayOverride.objects.create(date=SATURDAY, is_working=True)


def test_x_cal_db_override_keeps_history():
    override = WorkdayOverride.objects.create(date=SATURDAY, is_working=True)
    override.is_working = False
    override.reason_ru = "Отменено"
    override.save()
    assert override.history.count() == 2


def test_x_cal_admin_adds_a_decree_transfer(client_for, admin_user):
    client = client_for(admin_user)
    response = client.post(
        "/admin/workcalendar/workdayoverride/add/",
        {
            "date": "2026-04-04",
            "is_working": "on",
            "reason_kk": "",
            "reason_ru": "",
            "reason_en": "",
            "decree": "Decree No. 1",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    assert WorkdayOverride.objects.get(date=SATURDAY).is_working
    assert current_calendar().is_working_day(SATURDAY)


@pytest.mark.parametrize("who", ["body_user", "authorized_user", "ngo_user"])
def test_x_cal_only_admin_edits_the_decree_table(request, client_for, who):
    user = request.getfixturevalue(who)
    user.is_staff = True  # even with admin-site access, not the admin role
    user.save()
    client = client_for(user)
    response = client.post(
        "/admin/workcalendar/workdayoverride/add/",
        {"date": "2026-04-04", "is_working": "on", "decree": "x"},
    )
    assert response.status_code == 403
    assert not WorkdayOverride.objects.exists()

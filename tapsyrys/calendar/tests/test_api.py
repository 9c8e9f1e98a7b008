"""X-CAL / X-API: GET /api/calendar/deadline/."""

import datetime as dt

import pytest

from tapsyrys.calendar.models import WorkdayOverride
from tapsyrys.calendar.rules import MAX_WORKING_DAYS

pytestmark = pytest.mark.django_db

URL = "/api/calendar/deadline/"


def test_x_cal_api_deadline_discussion_over_nauryz(api_for):
    response = api_for().get(URL, {"start": "2025-03-14", "working_days": "10"})
    assert response.status_code == 200
    body = response.json()
    assert body["start"] == "2025-03-14"
    assert body["working_days"] == 10
    assert body["date"] == "2025-04-02"
    assert dt.datetime.fromisoformat(body["ends_at"]) == dt.datetime(
        2025, 4, 2, 18, 59, 59, tzinfo=dt.UTC
    )
    assert [s["date"] for s in body["skipped"]] == [
        "2025-03-15",
        "2025-03-16",
        "2025-03-21",
        "2025-03-22",
        "2025-03-23",
        "2025-03-24",
        "2025-03-25",
        "2025-03-29",
        "2025-03-30",
    ]
    assert all(s["reason"] for s in body["skipped"])
    assert "02.04.2025" in body["explanation"]
    assert "21.03.2025" in body["explanation"]


def test_x_cal_api_deadline_explanation_in_the_requested_language(api_for):
    response = api_for().get(
        URL, {"start": "2025-12-31", "working_days": "10"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["date"] == "2026-01-19"
    assert "working days" in body["explanation"]


def test_x_cal_api_deadline_uses_the_decree_table(api_for):
    WorkdayOverride.objects.create(date=dt.date(2026, 4, 4), is_working=True)
    response = api_for().get(URL, {"start": "2026-04-03", "working_days": "1"})
    assert response.json()["date"] == "2026-04-04"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "14.03.2025", "working_days": "10"}, "start"),
        ({"start": "not-a-date", "working_days": "10"}, "start"),
        ({"start": "2025-02-30", "working_days": "10"}, "start"),
        ({"start": "", "working_days": "10"}, "start"),
        ({"working_days": "10"}, "start"),
        ({"start": "2025-03-14", "working_days": "-1"}, "working_days"),
        ({"start": "2025-03-14", "working_days": "ten"}, "working_days"),
        ({"start": "2025-03-14", "working_days": "2.5"}, "working_days"),
        ({"start": "2025-03-14", "working_days": ""}, "working_days"),
        ({"start": "2025-03-14"}, "working_days"),
        ({"start": "2025-03-14", "working_days": str(MAX_WORKING_DAYS + 1)}, "working_days"),
        ({"start": "2025-03-14", "working_days": "9" * 30}, "working_days"),
        ({"start": "2025-03-14", "working_days": "9" * 5000}, "working_days"),
        ({"start": "9999-12-31", "working_days": "1"}, "start"),
        ({"start": "0001-01-01", "working_days": "1"}, "start"),
    ],
)
def test_x_cal_api_deadline_bad_parameters_answer_400_naming_the_field(api_for, params, field):
    response = api_for().get(URL, params)
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == field
    assert body["detail"]
    assert field in body["errors"]


def test_x_cal_api_deadline_huge_count_says_the_cap(api_for):
    response = api_for().get(
        URL, {"start": "2025-03-14", "working_days": "5000"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert str(MAX_WORKING_DAYS) in response.json()["detail"]


def test_x_cal_api_deadline_maximum_is_accepted(api_for):
    response = api_for().get(URL, {"start": "2025-03-14", "working_days": str(MAX_WORKING_DAYS)})
    assert response.status_code == 200
    assert response.json()["working_days"] == MAX_WORKING_DAYS

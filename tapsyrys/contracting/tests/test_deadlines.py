"""The daily job flags missing reports once and notifies the NGO and the body once (M-7)."""

import datetime as dt

import pytest

from tapsyrys.contracting import deadlines
from tapsyrys.contracting.models import ReportStage
from tapsyrys.core.models import Notification

pytestmark = pytest.mark.django_db


def test_missing_reports_flagged_and_notified_once(body_user, ngo_user, make_contract):
    contract = make_contract(body_user, ngo_user.organisation)
    first = contract.stages.get(no=1)
    now = dt.datetime.combine(first.due_date + dt.timedelta(days=1), dt.time(9), tzinfo=dt.UTC)
    assert deadlines.run(now=now) == {"contracting.reports_missing": 1}
    assert deadlines.run(now=now) == {"contracting.reports_missing": 0}
    key = f"contracting.report.missing:{first.pk}"
    assert Notification.objects.filter(key=key, recipient=ngo_user).count() == 1
    assert Notification.objects.filter(key=key, recipient=body_user).count() == 1
    assert ReportStage.objects.get(pk=first.pk).missing_flagged_at is not None


def test_report_due_today_is_not_missing(body_user, ngo, make_contract):
    contract = make_contract(body_user, ngo)
    first = contract.stages.get(no=1)
    now = dt.datetime.combine(first.due_date, dt.time(18), tzinfo=dt.UTC)  # 23:00 in Almaty
    assert deadlines.run(now=now) == {"contracting.reports_missing": 0}

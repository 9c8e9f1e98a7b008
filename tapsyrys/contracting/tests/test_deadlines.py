"""The daily job flags missing reports once and notifies the NGO and the body once (M-7)."""

import datetime as dt

import pytest

from tapsyrys.contracting.deadlines import STAGE_REPORT
from tapsyrys.contracting.models import ReportStage
from tapsyrys.core import due
from tapsyrys.core.models import AuditEvent, DueItem, Notification

pytestmark = pytest.mark.django_db


def test_missing_reports_flagged_and_notified_once(body_user, ngo_user, make_contract):
    contract = make_contract(body_user, ngo_user.organisation)
    first = contract.stages.get(no=1)
    now = dt.datetime.combine(first.due_date + dt.timedelta(days=1), dt.time(9), tzinfo=dt.UTC)
    assert due.run(now=now)[STAGE_REPORT] == 1
    assert due.run(now=now)[STAGE_REPORT] == 0
    key = f"contracting.report.missing:{first.pk}"
    assert Notification.objects.filter(key=key, recipient=ngo_user).count() == 1
    assert Notification.objects.filter(key=key, recipient=body_user).count() == 1
    assert ReportStage.objects.get(pk=first.pk).missing_flagged_at is not None
    assert AuditEvent.objects.filter(action="contracting.report.missing").count() == 1
    assert due.due_for(first, STAGE_REPORT).state == DueItem.State.NOTIFIED


def test_report_due_today_is_not_missing(body_user, ngo, make_contract):
    contract = make_contract(body_user, ngo)
    first = contract.stages.get(no=1)
    now = dt.datetime.combine(first.due_date, dt.time(18), tzinfo=dt.UTC)  # 23:00 in Almaty
    assert due.run(now=now)[STAGE_REPORT] == 0
    assert due.due_for(first, STAGE_REPORT).state == DueItem.State.OPEN

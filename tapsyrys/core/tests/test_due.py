"""Due items and the daily runner (X-CAL, X-NOTIFY): claimed once by a conditional UPDATE,
the whole backlog in one run, each notice exactly once — run twice, or twice at once."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tapsyrys.calendar.rules import ALMATY
from tapsyrys.contracting.deadlines import STAGE_REPORT
from tapsyrys.contracting.models import ReportStage
from tapsyrys.contracting.tests.factories import contract_make
from tapsyrys.core import due, events
from tapsyrys.core.models import AuditEvent, DueItem, Notification, Outbox

AFTER_ALL = dt.datetime(2026, 1, 5, 9, 0, tzinfo=ALMATY)  # every stage of a 2025 contract due


@pytest.fixture
def make_contract(db):
    return contract_make


def missing_keys():
    return list(
        Notification.objects.filter(key__startswith="contracting.report.missing:").values_list(
            "recipient_id", "key"
        )
    )


@pytest.mark.django_db
def test_each_stage_gets_a_fixed_due_item_copied_to_its_due_date(body_user, ngo, make_contract):
    contract = make_contract(body_user, ngo)
    for stage in contract.stages.all():
        item = due.due_for(stage, STAGE_REPORT)
        assert item.state == DueItem.State.OPEN and item.method == DueItem.Method.FIXED
        assert item.date == stage.due_date
        assert item.due_at == dt.datetime.combine(stage.due_date, dt.time(23, 59, 59), ALMATY)
        assert stage.due_date.strftime("%d.%m.%Y") in item.explanation_kk


@pytest.mark.django_db
def test_the_daily_job_twice_in_a_row_tells_each_person_once(
    body_user, ngo_user, make_contract, django_capture_on_commit_callbacks
):
    make_contract(body_user, ngo_user.organisation)
    make_contract(body_user, ngo_user.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        first = due.run(now=AFTER_ALL)
    with django_capture_on_commit_callbacks(execute=True):
        second = due.run(now=AFTER_ALL)
    assert first[STAGE_REPORT] == 6 and second[STAGE_REPORT] == 0
    keys = missing_keys()
    assert len(keys) == len(set(keys)) == 12  # 6 stages × (the NGO user + the body user)
    assert AuditEvent.objects.filter(action="contracting.report.missing").count() == 6
    assert not ReportStage.objects.filter(missing_flagged_at__isnull=True).exists()
    past = DueItem.objects.filter(due_at__lte=AFTER_ALL)  # sync steps open later items too
    assert set(past.values_list("state", flat=True)) == {DueItem.State.NOTIFIED}


@pytest.mark.django_db
def test_the_backlog_drains_in_one_run_in_batches(body_user, ngo, make_contract, monkeypatch):
    for _ in range(3):
        make_contract(body_user, ngo)
    claimed = []
    original = due._claim

    def claim(now, limit):
        claimed.append(original(now, limit))
        return claimed[-1]

    monkeypatch.setattr(due, "_claim", claim)
    report = due.run(now=AFTER_ALL, batch_size=2)  # 9 stage items (and others' kinds), one run
    assert report[STAGE_REPORT] == 9
    sizes = [len(ids) for ids in claimed]
    total = sum(sizes)  # monitoring's plan years of these contracts fall due too
    assert total == DueItem.objects.filter(due_at__lte=AFTER_ALL).count() >= 9
    assert sizes == [2] * (total // 2) + [1] * (total % 2) + [0]  # full batches, the rest, none
    assert not DueItem.objects.filter(state=DueItem.State.OPEN, due_at__lte=AFTER_ALL).exists()


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_the_number_of_due_items(
    body_user, ngo_user, make_contract
):
    make_contract(body_user, ngo_user.organisation)
    with CaptureQueriesContext(connection) as few:
        assert due.run(now=AFTER_ALL)[STAGE_REPORT] == 3
    # what the first run's sync steps opened (the project's evaluation, E-2) falls due here
    due.run(now=dt.datetime(2026, 6, 1, 9, 0, tzinfo=ALMATY))
    for _ in range(4):
        make_contract(
            body_user,
            ngo_user.organisation,
            starts=dt.date(2026, 1, 10),
            ends=dt.date(2026, 12, 20),
        )
    with CaptureQueriesContext(connection) as many:
        assert due.run(now=AFTER_ALL.replace(year=2027))[STAGE_REPORT] == 12
    assert len(many) == len(few)


@pytest.mark.django_db(transaction=True)
def test_the_daily_job_in_two_processes_at_once_tells_each_person_once(
    body_user, ngo_user, make_contract
):
    for _ in range(4):
        make_contract(body_user, ngo_user.organisation)
    barrier = threading.Barrier(2)
    reports, errors = [], []

    def worker():
        try:
            barrier.wait(timeout=30)
            reports.append(due.run(now=AFTER_ALL, batch_size=1))
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors
    assert sum(r[STAGE_REPORT] for r in reports) == 12  # each item handled by one of them
    keys = missing_keys()
    assert len(keys) == len(set(keys)) == 24
    assert AuditEvent.objects.filter(action="contracting.report.missing").count() == 12
    assert Outbox.objects.filter(delivered_at__isnull=True).count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("moment", "claimed"),
    [
        ((23, 59, 58), 0),
        ((23, 59, 59), 0),  # the last second of the due day is still on time
        ((24, 0, 0), 1),  # 00:00:00 the next day it is overdue
        ((24, 0, 1), 1),
    ],
)
def test_the_last_second_of_the_day_in_almaty(body_user, ngo, make_contract, moment, claimed):
    contract = make_contract(body_user, ngo)
    first = contract.stages.get(no=1)
    hours, minutes, seconds = moment
    now = dt.datetime.combine(first.due_date, dt.time(0), ALMATY) + dt.timedelta(
        hours=hours, minutes=minutes, seconds=seconds
    )
    assert due.due_for(first, STAGE_REPORT).is_overdue(now) is bool(claimed)
    assert due.run(now=now)[STAGE_REPORT] == claimed
    assert (ReportStage.objects.get(pk=first.pk).missing_flagged_at is not None) is bool(claimed)


@pytest.mark.django_db
def test_a_submitted_report_is_met_and_never_flagged(body_user, ngo_user, make_contract):
    contract = make_contract(body_user, ngo_user.organisation)
    first = contract.stages.get(no=1)
    due.due_met(first, STAGE_REPORT)
    assert due.due_for(first, STAGE_REPORT).state == DueItem.State.MET
    assert due.run(now=AFTER_ALL)[STAGE_REPORT] == 2
    assert ReportStage.objects.get(pk=first.pk).missing_flagged_at is None


@pytest.mark.django_db
def test_stages_written_without_the_service_get_their_items(body_user, ngo, make_contract):
    contract = make_contract(body_user, ngo)
    DueItem.objects.all().delete()  # as a bulk path (the import, the demo) leaves them
    report = due.run(now=AFTER_ALL)
    assert report[STAGE_REPORT] == 3
    assert DueItem.objects.filter(object_id__in=contract.stages.values("pk")).count() == 3


# --- Bad input: unknown kinds fail at start-up ----------------------------------------------


@pytest.mark.django_db
def test_an_unknown_stored_kind_fails_the_checks_and_the_runner(body_user, ngo, make_contract):
    stage = make_contract(body_user, ngo).stages.first()
    DueItem.objects.filter(object_id=stage.pk).update(kind="contracting.typo")
    ids = [e.id for e in due.check_registries(databases=["default"])]
    assert ids == ["due.E001"]
    with pytest.raises(SystemCheckError):
        call_command("check", databases=["default"])
    with pytest.raises(ImproperlyConfigured):
        due.run(now=AFTER_ALL)
    assert missing_keys() == []


def test_an_unknown_kind_cannot_be_opened():
    with pytest.raises(ImproperlyConfigured):
        due.get_kind("formation.no_such_deadline")


def test_a_kind_notifying_an_unregistered_notification_fails_the_checks(monkeypatch):
    monkeypatch.setitem(
        due._KINDS,
        "formation.extra",
        due.DueKind("formation.extra", lambda items, now: None, "formation.Cycle",
                    notifies=("formation.nobody.told",)),
    )  # fmt: skip
    assert [e.id for e in due.check_registries()] == ["due.E003"]


def test_a_notification_of_an_unknown_app_fails_the_checks(monkeypatch):
    monkeypatch.setitem(
        events._KINDS, "grantz.thing.done", events.NotificationKind("grantz.thing.done", list)
    )
    assert [e.id for e in due.check_registries()] == ["notify.E001"]


def test_the_registries_are_complete_and_the_check_passes():
    assert due.check_registries() == []
    assert {"formation.discussion_end", "contracting.report_stage"} <= set(due.load())
    assert {"formation.comment.posted", "contracting.report.missing"} <= set(events.kinds())

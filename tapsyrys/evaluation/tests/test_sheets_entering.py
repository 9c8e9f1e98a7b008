"""E-2: a project enters evaluation when it ends or its final report is accepted; set-based,
idempotent, audited; the due item; waiting for a council; the single-contract service."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType

from tapsyrys.contracting.models import Contract
from tapsyrys.contracting.tests.factories import contract_make
from tapsyrys.core.audit import AuditEvent
from tapsyrys.core.due import DueItem, due_for
from tapsyrys.core.due import sync as due_sync
from tapsyrys.evaluation.models import Evaluation, Exclusion
from tapsyrys.evaluation.services import sheets as services

from .factories_sheets import WHEN, council_make, member_user

pytestmark = pytest.mark.django_db
# 12.01.2026 (Monday): 10 working days later is 26.01.2026 (no holiday in between)
DUE = dt.date(2026, 1, 26)


def _ended(body_user, ngo, **kw):
    kw.setdefault("ends", dt.date(2025, 12, 20))
    return contract_make(body_user, ngo, **kw)


def test_ended_contracts_enter_once_with_due_item_and_audit(body_user, ngo):
    ended = _ended(body_user, ngo)
    running = _ended(body_user, ngo, ends=dt.date(2026, 3, 1))
    today_end = _ended(body_user, ngo, ends=dt.date(2026, 1, 12))  # ends today: not yet
    made = services.evaluations_enter(now=WHEN)
    assert made == 1
    evaluation = Evaluation.objects.get()
    assert evaluation.contract_id == ended.pk
    assert evaluation.reason == "ended" and evaluation.status == "open"
    assert evaluation.council_id is None  # no approved council: it waits
    item = due_for(evaluation, services.DUE_KIND)
    assert item.date == DUE and item.working_days == 10
    assert evaluation.due_at == item.due_at
    assert evaluation.history.count() == 1
    assert AuditEvent.objects.filter(action="evaluation.evaluation.opened").count() == 1
    # idempotent
    assert services.evaluations_enter(now=WHEN) == 0
    assert Evaluation.objects.count() == 1
    assert not Evaluation.objects.filter(contract__in=[running, today_end]).exists()
    # the next day the one ending on 12.01 enters
    assert services.evaluations_enter(now=WHEN + dt.timedelta(days=1)) == 1


def test_terminated_contract_never_enters(body_user, ngo):
    contract = _ended(body_user, ngo)
    Contract.objects.filter(pk=contract.pk).update(status=Contract.Status.TERMINATED)
    assert services.evaluations_enter(now=WHEN) == 0
    assert services.evaluation_enter(contract, now=WHEN) is None


def test_multi_year_project_once_at_its_end(body_user, ngo):
    contract = _ended(body_user, ngo, starts=dt.date(2024, 2, 1), ends=dt.date(2026, 6, 30))
    assert services.evaluations_enter(now=WHEN) == 0  # the first years' end changes nothing
    later = dt.datetime(2026, 7, 1, 10, tzinfo=dt.UTC)
    assert services.evaluations_enter(now=later) == 1
    assert services.evaluations_enter(now=later + dt.timedelta(days=400)) == 0
    assert Evaluation.objects.get().contract_id == contract.pk


def test_council_attached_later_and_exclusions_recorded(body_user, body, ngo):
    _ended(body_user, ngo)
    services.evaluations_enter(now=WHEN)
    own = member_user(organisation=ngo)
    council = council_make(body, [member_user(), own])
    due_sync(now=WHEN)  # the daily job's sync step
    evaluation = Evaluation.objects.get()
    assert evaluation.council_id == council.pk
    exclusion = Exclusion.objects.get()
    assert exclusion.reason == "own_organisation" and exclusion.member.user_id == own.pk
    due_sync(now=WHEN)
    assert Exclusion.objects.count() == 1


def test_council_of_another_term_or_body_is_not_used(body_user, body, other_body, ngo):
    _ended(body_user, ngo)
    council_make(body, [member_user()], first_year=2026)  # 2026–2028: not 2025
    council_make(other_body, [member_user()], first_year=2025)
    services.evaluations_enter(now=WHEN)
    assert Evaluation.objects.get().council_id is None


def test_set_based_constant_queries(body_user, body, ngo, django_assert_max_num_queries):
    council_make(body, [member_user(), member_user(organisation=ngo)])
    _ended(body_user, ngo)
    with django_assert_max_num_queries(40) as one:
        services.evaluations_enter(now=WHEN)
    for _i in range(6):
        _ended(body_user, ngo)
    with django_assert_max_num_queries(len(one.captured_queries)):
        services.evaluations_enter(now=WHEN)
    assert Evaluation.objects.count() == 7
    assert Exclusion.objects.count() == 7
    ct = ContentType.objects.get_for_model(Evaluation)
    assert DueItem.objects.filter(content_type=ct, kind=services.DUE_KIND).count() == 7


def test_single_contract_service(body_user, body, ngo):
    council = council_make(body, [member_user()])
    contract = _ended(body_user, ngo, ends=dt.date(2026, 3, 1))
    evaluation = services.evaluation_enter(contract, reason="final_report", now=WHEN)
    assert evaluation.reason == "final_report" and evaluation.council_id == council.pk
    assert due_for(evaluation, services.DUE_KIND).date == DUE
    assert AuditEvent.objects.filter(action="evaluation.evaluation.open").count() == 1
    assert services.evaluation_enter(contract, now=WHEN).pk == evaluation.pk
    assert Evaluation.objects.count() == 1


def test_accepting_the_final_report_enters_evaluation(body_user, ngo_user, body):
    from tapsyrys.contracting import services as cs
    from tapsyrys.contracting.models import ReportStage
    from tapsyrys.contracting.tests.factories import complete_fields
    from tapsyrys.monitoring.services import control

    council = council_make(body, [member_user()])
    contract = contract_make(body_user, ngo_user.organisation)
    stage = contract.stages.get(kind=ReportStage.Kind.FINAL)
    report = cs.report_start(stage=stage, actor=ngo_user)
    cs.report_save_draft(
        report=report, actor=ngo_user, fields=complete_fields(contract, final=True)
    )
    moment = dt.datetime.combine(stage.due_date, dt.time(10), tzinfo=dt.UTC)
    report = cs.report_submit(report=report, actor=ngo_user, now=moment)
    control.report_review(report=report, actor=body_user, decision="accepted", now=moment)
    evaluation = Evaluation.objects.get(contract=contract)
    assert (evaluation.reason, evaluation.council_id) == ("final_report", council.pk)
    # before its end date: the daily job adds nothing
    assert services.evaluations_enter(now=moment) == 0


def test_overdue_evaluation_tells_the_body_once(body_user, ngo):
    from tapsyrys.core import due
    from tapsyrys.core.outbox import Outbox

    _ended(body_user, ngo)
    services.evaluations_enter(now=WHEN)
    on_time = dt.datetime(2026, 1, 26, 18, 0, tzinfo=dt.UTC)  # 23:00 Almaty on the due day
    due.run(now=on_time)
    assert not AuditEvent.objects.filter(action="evaluation.evaluation.overdue").exists()
    late = dt.datetime(2026, 1, 27, 4, 0, tzinfo=dt.UTC)
    due.run(now=late)
    due.run(now=late)
    assert AuditEvent.objects.filter(action="evaluation.evaluation.overdue").count() == 1
    notes = Outbox.objects.filter(recipient=body_user, key__startswith="evaluation.evaluation")
    assert notes.filter(channel="in_app").count() == 1

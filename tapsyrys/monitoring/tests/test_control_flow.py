"""Control of NGO reports and the special control group (M-5, M-7): the daily job, the review,
the decisions, information requests, and the other organisation."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from tapsyrys.calendar.rules import ALMATY
from tapsyrys.contracting import services as cs
from tapsyrys.contracting.models import Contract, ReportStage, StageReport
from tapsyrys.contracting.tests.factories import complete_fields, contract_make
from tapsyrys.core import due
from tapsyrys.core.errors import ApplicationError, NotPermitted
from tapsyrys.core.models import AuditEvent, DueItem
from tapsyrys.core.outbox import Outbox
from tapsyrys.monitoring.deadlines.control import CORRECTION_DUE, REQUEST_DUE
from tapsyrys.monitoring.models import (
    ControlDecision,
    InformationRequest,
    ReportReview,
    SpecialControlCase,
)
from tapsyrys.monitoring.services import control as services

pytestmark = pytest.mark.django_db

IN_APP = Outbox.objects.filter(channel="in_app")  # one in-app row per recipient and notice
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def at(day, hour=10):
    return dt.datetime.combine(day, dt.time(hour), tzinfo=ALMATY)


@pytest.fixture
def contract(body_user, ngo_user):
    return contract_make(body_user, ngo_user.organisation)


def first_stage(contract):
    return contract.stages.get(kind=ReportStage.Kind.FIRST_INTERIM)


def submit(contract, ngo_user, *, version_of=None, moment=None):
    stage = first_stage(contract)
    if version_of is None:
        report = cs.report_start(stage=stage, actor=ngo_user)
    else:
        report = cs.report_correct(report=version_of, actor=ngo_user)
    cs.report_save_draft(report=report, actor=ngo_user, fields=complete_fields(contract))
    return cs.report_submit(report=report, actor=ngo_user, now=moment or at(stage.due_date))


# --- The due-yesterday case ------------------------------------------------------------------


def test_report_due_yesterday_puts_the_project_in_special_control_once(
    contract, body_user, ngo_user
):
    stage = first_stage(contract)
    now = at(stage.due_date + dt.timedelta(days=1), 9)  # the day after the due date
    before = set(Outbox.objects.values_list("pk", flat=True))  # the contract's registration
    due.run(now=now)
    due.run(now=now)  # the daily job twice
    cases = SpecialControlCase.objects.filter(contract=contract)
    assert cases.count() == 1
    case = cases.get()
    assert (case.reason, case.stage_id, case.closed_at) == ("overdue", stage.pk, None)
    assert AuditEvent.objects.filter(action="monitoring.case.opened").count() == 1
    for user in (ngo_user, body_user):  # exactly one notification each, about that report
        notes = IN_APP.filter(recipient=user).exclude(pk__in=before)
        assert notes.count() == 1, list(notes.values_list("key", flat=True))
        assert notes.get().key == f"contracting.report.missing:{stage.pk}"
    body = IN_APP.filter(recipient=ngo_user).exclude(pk__in=before).get().body
    with translation.override(ngo_user.language):
        assert body.endswith(translation.gettext("The project is in the special control group."))


def test_report_due_today_is_not_in_special_control(contract):
    stage = first_stage(contract)
    due.run(now=at(stage.due_date, 23))  # 23:00 Almaty on the due date
    assert not SpecialControlCase.objects.exists()


def test_a_project_already_in_special_control_keeps_its_one_open_case(
    contract, body_user, ngo_user
):
    stage = first_stage(contract)
    submitted = submit(contract, ngo_user, moment=at(stage.due_date - dt.timedelta(days=5)))
    services.report_review(
        report=submitted, actor=body_user, decision="returned", remarks="Нет списков"
    )
    second = contract.stages.get(kind=ReportStage.Kind.SECOND_INTERIM)
    due.run(now=at(second.due_date + dt.timedelta(days=1)))
    assert SpecialControlCase.objects.filter(contract=contract).count() == 1
    assert SpecialControlCase.objects.get().reason == "returned"


# --- Review: return, correct, review again, accept -----------------------------------------------


def test_return_opens_a_case_notifies_the_ngo_and_the_ngo_corrects(
    contract, body_user, ngo_user, client_for
):
    v1 = submit(contract, ngo_user)
    review = services.report_review(
        report=v1, actor=body_user, decision="returned", remarks="Нет списков участников"
    )
    case = SpecialControlCase.objects.get(contract=contract)
    assert (case.reason, case.report_id, case.stage_id) == ("returned", v1.pk, v1.stage_id)
    assert AuditEvent.objects.filter(action="monitoring.report.reviewed").count() == 1
    note = IN_APP.get(recipient=ngo_user, kind="monitoring.report.reviewed")
    assert note.url == reverse("monitoring:report_review", args=[v1.pk])
    assert "Нет списков участников" in note.body
    assert not IN_APP.filter(recipient=body_user, kind__startswith="monitoring.").exists()
    # the NGO sees the remarks and corrects the report: a new version, reviewed again
    page = client_for(ngo_user).get(reverse("monitoring:report_review", args=[v1.pk]))
    assert "Нет списков участников" in page.content.decode()
    v2 = submit(contract, ngo_user, version_of=v1)
    assert v2.version == 2
    with pytest.raises(ApplicationError) as exc:  # the old version is not reviewed again
        services.report_review(report=v1, actor=body_user, decision="accepted")
    assert exc.value.field == "decision"
    services.report_review(report=v2, actor=body_user, decision="accepted")
    assert ReportReview.objects.get(report=v2).decision == "accepted"
    assert review.pk != ReportReview.objects.get(report=v2).pk


def test_return_with_incomplete_sections_is_an_incomplete_case(contract, body_user, ngo_user):
    v1 = submit(contract, ngo_user)
    services.report_review(
        report=v1,
        actor=body_user,
        decision="returned",
        remarks="Описание работ формальное",
        incomplete_sections=["main_work"],
    )
    assert SpecialControlCase.objects.get().reason == "incomplete"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"decision": "returned", "remarks": ""}, "remarks"),
        ({"decision": "maybe"}, "decision"),
        ({"decision": "returned", "remarks": "x", "incomplete_sections": ["nope"]},
         "incomplete_sections"),
        ({"decision": "accepted", "incomplete_sections": ["main_work"]}, "incomplete_sections"),
        ({"decision": "returned", "remarks": "x", "incomplete_sections": "main_work"},
         "incomplete_sections"),
    ],
)  # fmt: skip
def test_bad_reviews_are_refused_with_the_field(contract, body_user, ngo_user, kwargs, field):
    v1 = submit(contract, ngo_user)
    with pytest.raises(ApplicationError) as exc:
        services.report_review(report=v1, actor=body_user, **kwargs)
    assert exc.value.field == field
    assert not ReportReview.objects.exists()
    assert not SpecialControlCase.objects.exists()


def test_only_the_contract_body_reviews(contract, other_body_user, ngo_user, authorized_user):
    v1 = submit(contract, ngo_user)
    for user in (other_body_user, ngo_user, authorized_user):
        with pytest.raises(NotPermitted):
            services.report_review(report=v1, actor=user, decision="accepted")
    assert not ReportReview.objects.exists()


# --- Decisions ---------------------------------------------------------------------------------


@pytest.fixture
def case(contract, body_user, ngo_user):
    v1 = submit(contract, ngo_user)
    services.report_review(report=v1, actor=body_user, decision="returned", remarks="Замечания")
    return SpecialControlCase.objects.get(contract=contract)


NOW = at(dt.date(2025, 6, 1))


@pytest.mark.parametrize(
    ("kind", "extra", "status", "open"),
    [
        ("request_correction", {"new_due_date": dt.date(2025, 6, 15)}, "active", True),
        ("accept", {}, "active", False),
        ("suspend", {}, "suspended", True),
        ("terminate", {}, "terminated", True),
        ("refund", {"refund_amount": "1 000 000,50"}, "active", True),
    ],
)
def test_each_decision_is_audited_and_visible_to_the_ngo(
    case, body_user, ngo_user, client_for, kind, extra, status, open
):
    decision = services.decision_record(
        case=case, actor=body_user, kind=kind, remarks="Решение комиссии", now=NOW, **extra
    )
    event = AuditEvent.objects.get(action="monitoring.decision.recorded")
    assert event.data["kind"] == kind and event.object_id == str(decision.pk)
    assert Contract.objects.get(pk=case.contract_id).status == status
    case.refresh_from_db()
    assert case.is_open is open
    assert AuditEvent.objects.filter(action="monitoring.case.closed").count() == (not open)
    note = IN_APP.get(recipient=ngo_user, kind="monitoring.decision.recorded")
    assert note.url == reverse("monitoring:case", args=[case.pk])
    page = client_for(ngo_user).get(reverse("monitoring:case", args=[case.pk]))
    assert page.status_code == 200
    assert "Решение комиссии" in page.content.decode()
    api = client_for(ngo_user).get(f"/api/monitoring/special-control/{case.pk}/")
    assert [d["kind"] for d in api.json()["decisions"]] == [kind]


def test_refund_amount_is_stored(case, body_user):
    decision = services.decision_record(
        case=case, actor=body_user, kind="refund", refund_amount="1 000 000,50", now=NOW
    )
    assert ControlDecision.objects.get(pk=decision.pk).refund_amount == Decimal("1000000.50")


def test_close_needs_a_completed_or_terminated_contract(case, body_user):
    with pytest.raises(ApplicationError) as exc:
        services.decision_record(case=case, actor=body_user, kind="close", now=NOW)
    assert exc.value.field == "kind"
    assert not ControlDecision.objects.exists()
    services.decision_record(case=case, actor=body_user, kind="terminate", now=NOW)
    services.decision_record(case=case, actor=body_user, kind="close", now=NOW)
    case.refresh_from_db()
    assert not case.is_open
    assert Contract.objects.get(pk=case.contract_id).status == "closed"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"kind": "refund", "refund_amount": "4900000.51"}, "refund_amount"),  # > the contract
        ({"kind": "refund", "refund_amount": "0"}, "refund_amount"),
        ({"kind": "refund", "refund_amount": "много"}, "refund_amount"),
        ({"kind": "refund"}, "refund_amount"),
        ({"kind": "request_correction"}, "new_due_date"),
        ({"kind": "request_correction", "new_due_date": dt.date(2025, 5, 31)}, "new_due_date"),
        ({"kind": "forgive"}, "kind"),
    ],
)
def test_bad_decisions_are_refused_with_the_field_and_write_nothing(case, body_user, extra, field):
    events = AuditEvent.objects.count()
    with pytest.raises(ApplicationError) as exc:
        services.decision_record(case=case, actor=body_user, now=NOW, **extra)
    assert exc.value.field == field
    assert not ControlDecision.objects.exists()
    assert AuditEvent.objects.count() == events


def test_refund_larger_than_the_contract_on_the_page_names_the_field(case, body_user, client_for):
    with translation.override("en"):
        response = client_for(body_user).post(
            reverse("monitoring:case", args=[case.pk]),
            {"kind": "refund", "refund_amount": "4900000.51"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200
    assert 'data-field="refund_amount"' in response.content.decode()
    assert not ControlDecision.objects.exists()


def test_refund_larger_than_the_contract_via_the_api_is_400(case, body_user, api_for):
    response = api_for(body_user).post(
        f"/api/monitoring/special-control/{case.pk}/decisions/",
        {"kind": "refund", "refund_amount": "4900000.51"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "refund_amount"
    assert not ControlDecision.objects.exists()


def test_a_closed_case_takes_no_decision(case, body_user):
    services.decision_record(case=case, actor=body_user, kind="accept", now=NOW)
    with pytest.raises(ApplicationError) as exc:
        services.decision_record(case=case, actor=body_user, kind="suspend", now=NOW)
    assert exc.value.field == "kind"
    assert Contract.objects.get(pk=case.contract_id).status == "active"


def test_correction_due_is_a_due_item_notified_once_unless_corrected(case, body_user, ngo_user):
    decision = services.decision_record(
        case=case,
        actor=body_user,
        kind="request_correction",
        new_due_date=dt.date(2025, 6, 15),
        now=NOW,
    )
    item = due.due_for(decision, CORRECTION_DUE)
    assert item.state == DueItem.State.OPEN and item.date == dt.date(2025, 6, 15)
    later = at(dt.date(2025, 6, 16))
    due.run(now=later)
    due.run(now=later)
    key = f"monitoring.correction.overdue:{decision.pk}"
    assert IN_APP.filter(key=key, recipient=ngo_user).count() == 1
    assert IN_APP.filter(key=key, recipient=body_user).count() == 1


def test_correction_submitted_in_time_is_not_flagged(case, body_user, ngo_user):
    decision = services.decision_record(
        case=case,
        actor=body_user,
        kind="request_correction",
        new_due_date=dt.date(2025, 6, 15),
        now=NOW,
    )
    v1 = StageReport.objects.get(stage=case.stage, version=1)
    submit(case.contract, ngo_user, version_of=v1, moment=at(dt.date(2025, 6, 10)))
    due.run(now=at(dt.date(2025, 6, 16)))
    assert not IN_APP.filter(kind="monitoring.correction.overdue").exists()
    assert ControlDecision.objects.get(pk=decision.pk).correction_flagged_at is None


def test_only_the_body_decides(case, other_body_user, ngo_user, authorized_user):
    for user in (other_body_user, ngo_user, authorized_user):
        with pytest.raises(NotPermitted):
            services.decision_record(case=case, actor=user, kind="accept", now=NOW)
    assert not ControlDecision.objects.exists()


# --- Information requests (M-5) -----------------------------------------------------------------


def test_request_answered_with_files_is_met(contract, body_user, ngo_user):
    req = services.request_create(
        contract=contract,
        actor=body_user,
        subject="Списки участников",
        text="Просим представить списки",
        due_date=dt.date(2025, 6, 10),
        now=NOW,
    )
    assert due.due_for(req, REQUEST_DUE).date == dt.date(2025, 6, 10)
    assert IN_APP.filter(recipient=ngo_user, kind="monitoring.request.created")
    services.request_answer(
        request=req,
        actor=ngo_user,
        answer="Списки прилагаются",
        uploads=[SimpleUploadedFile("list.pdf", PDF, content_type="application/pdf")],
        now=at(dt.date(2025, 6, 5)),
    )
    req.refresh_from_db()
    assert req.status == "answered" and req.files.count() == 1
    assert due.due_for(req, REQUEST_DUE).state == DueItem.State.MET
    assert IN_APP.filter(recipient=body_user, kind="monitoring.request.answered")
    due.run(now=at(dt.date(2025, 6, 11)))
    assert not IN_APP.filter(kind="monitoring.request.overdue").exists()
    with pytest.raises(NotPermitted):  # answered once
        services.request_answer(request=req, actor=ngo_user, answer="Ещё")


def test_overdue_request_is_flagged_and_notified_once(contract, body_user, ngo_user):
    req = services.request_create(
        contract=contract,
        actor=body_user,
        subject="Фотоотчёт",
        text="Фото мероприятий",
        due_date=dt.date(2025, 6, 10),
        now=NOW,
    )
    # the last second of the due day in Asia/Almaty (18:59:59 UTC) is still in time
    due.run(now=dt.datetime(2025, 6, 10, 23, 59, 59, tzinfo=ALMATY))
    assert InformationRequest.objects.get(pk=req.pk).overdue_flagged_at is None
    due.run(now=dt.datetime(2025, 6, 11, 0, 0, 0, tzinfo=ALMATY))  # the next second: overdue
    due.run(now=at(dt.date(2025, 6, 11), 2))  # the job again: nothing more
    assert InformationRequest.objects.get(pk=req.pk).overdue_flagged_at is not None
    key = f"monitoring.request.overdue:{req.pk}"
    assert IN_APP.filter(key=key, recipient=ngo_user).count() == 1
    assert IN_APP.filter(key=key, recipient=body_user).count() == 1


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"subject": ""}, "subject"),
        ({"text": "   "}, "text"),
        ({"due_date": dt.date(2025, 5, 31)}, "due_date"),
        ({"due_date": "завтра"}, "due_date"),
        ({"subject": "x" * 301}, "subject"),
    ],
)
def test_bad_requests_are_refused_with_the_field(contract, body_user, kwargs, field):
    data = {"subject": "Тема", "text": "Текст", "due_date": dt.date(2025, 6, 10), **kwargs}
    with pytest.raises(ApplicationError) as exc:
        services.request_create(contract=contract, actor=body_user, now=NOW, **data)
    assert exc.value.field == field
    assert not InformationRequest.objects.exists()


def test_the_assigned_expert_asks_and_another_expert_may_not(
    contract, body_user, assigned_expert, expert, ngo_user
):
    from tapsyrys.monitoring.models import ExpertAssignment, ExpertNotice

    notice = ExpertNotice.objects.create(expert=assigned_expert, contract=contract, signed_at=NOW)
    ExpertAssignment.objects.create(
        contract=contract, expert=assigned_expert, notice=notice, assigned_by=body_user
    )
    contract = Contract.objects.get(pk=contract.pk)
    data = {"subject": "Тема", "text": "Текст", "due_date": dt.date(2025, 6, 10), "now": NOW}
    services.request_create(contract=contract, actor=assigned_expert, **data)
    for user in (expert, ngo_user):
        with pytest.raises(NotPermitted):
            services.request_create(contract=contract, actor=user, **data)
    assert InformationRequest.objects.count() == 1


# --- The other organisation ---------------------------------------------------------------------


def test_other_organisations_do_not_see_cases_or_requests(
    case, body_user, other_body_user, other_ngo_user, expert, authorized_user, api_for, client_for
):
    services.request_create(
        contract=case.contract,
        actor=body_user,
        subject="Тема",
        text="Текст",
        due_date=dt.date(2025, 6, 10),
        now=NOW,
    )
    for user in (other_body_user, other_ngo_user, expert):
        assert api_for(user).get("/api/monitoring/special-control/").json()["results"] == []
        assert api_for(user).get("/api/monitoring/requests/").json()["results"] == []
        page = client_for(user).get(reverse("monitoring:special_control"))
        assert f"№ {case.contract.number}" not in page.content.decode()
        assert client_for(user).get(reverse("monitoring:case", args=[case.pk])).status_code == 403
    ids = [
        c["id"]
        for c in api_for(authorized_user).get("/api/monitoring/special-control/").json()["results"]
    ]
    assert ids == [case.pk]
    own = api_for(body_user).get("/api/monitoring/special-control/?state=open").json()["results"]
    assert [c["id"] for c in own] == [case.pk]
    national = client_for(authorized_user).get(
        reverse("monitoring:special_control_national") + f"?body={case.contract.body_id}"
    )
    assert f"№ {case.contract.number}" in national.content.decode()
    assert (
        client_for(body_user).get(reverse("monitoring:special_control_national")).status_code == 403
    )

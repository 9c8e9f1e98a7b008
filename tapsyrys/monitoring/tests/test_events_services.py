"""Monitoring plans and events through the services, the pages and the API (M-1, M-2, M-3,
M-6): refusals name the field and write nothing; who may record; the report; the results; the
daily job's plan-minimum item."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from tapsyrys.contracting import services as cs
from tapsyrys.contracting.models import ReportStage
from tapsyrys.contracting.tests.factories import complete_fields, contract_make
from tapsyrys.core import due
from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.models import AuditEvent, DueItem, Notification, Outbox, Role
from tapsyrys.core.permissions import NotPermitted
from tapsyrys.core.tests.factories import UserFactory
from tapsyrys.monitoring.deadlines.events import PLAN_MINIMUM
from tapsyrys.monitoring.models import (
    EventCoverage,
    EventEvidence,
    MonitoringEvent,
    MonitoringPlanYear,
)
from tapsyrys.monitoring.services import events as services
from tapsyrys.publishing.models import DocumentKind, LedgerEntry

from .world_events import assign_expert, complete_data

pytestmark = pytest.mark.django_db

SMALL = Decimal("900000")  # under 500 MCI of 2025 (500 × 3 932 = 1 966 000): the body monitors
LARGE = Decimal("4900000.50")  # more than 500 MCI: an independent expert


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def small(body_user, ngo):
    return contract_make(body_user, ngo, amount=SMALL)


@pytest.fixture
def large(body_user, ngo):
    return contract_make(body_user, ngo, amount=LARGE)


def plan(contract, user, *days):
    return [services.event_plan(contract=contract, actor=user, planned_on=d) for d in days]


def writes():
    return (
        MonitoringEvent.objects.count(),
        EventCoverage.objects.count(),
        EventEvidence.objects.count(),
        AuditEvent.objects.filter(action__startswith="monitoring.").count(),
    )


# --- M-1: the plan --------------------------------------------------------------------------


def test_a_sixth_event_in_a_year_is_refused(small, body_user):
    plan(small, body_user, *[dt.date(2025, m, 1) for m in range(2, 7)])
    before = writes()
    with pytest.raises(ApplicationError) as exc:
        services.event_plan(contract=small, actor=body_user, planned_on=dt.date(2025, 11, 1))
    assert exc.value.field == "planned_on"
    assert "at most 5" in str(exc.value.message)
    assert writes() == before


def test_a_sixth_event_is_refused_by_the_api_naming_the_field(small, body_user, api_for):
    plan(small, body_user, *[dt.date(2025, m, 1) for m in range(2, 7)])
    before = writes()
    response = api_for(body_user).post(
        f"/api/monitoring/contracts/{small.pk}/plan/", {"planned_on": "2025-11-02"}, format="json"
    )
    assert response.status_code in (400, 409)
    assert response.json()["field"] == "planned_on"
    assert writes() == before


@pytest.mark.parametrize("day", [dt.date(2025, 1, 9), dt.date(2025, 12, 21)])
def test_an_event_outside_the_period_is_refused(small, body_user, day):
    before = writes()
    with pytest.raises(ApplicationError) as exc:
        services.event_plan(contract=small, actor=body_user, planned_on=day)
    assert exc.value.field == "planned_on"
    assert writes() == before


def test_the_period_edges_are_accepted(small, body_user):
    first, last = plan(small, body_user, dt.date(2025, 1, 10), dt.date(2025, 12, 20))
    assert (first.year, last.year) == (2025, 2025)
    assert MonitoringPlanYear.objects.filter(contract=small).count() == 1


def test_the_plan_page_shows_a_year_below_the_minimum(small, body_user, client_for):
    plan(small, body_user, dt.date(2025, 3, 1))
    page = client_for(body_user).get(reverse("monitoring:plan", args=[small.pk]))
    assert page.status_code == 200
    assert "fewer than 2 monitoring events in the year" in page.content.decode()
    plan(small, body_user, dt.date(2025, 4, 1))
    page = client_for(body_user).get(reverse("monitoring:plan", args=[small.pk]))
    assert "fewer than 2 monitoring events" not in page.content.decode()


def test_the_plan_page_refuses_a_sixth_at_the_field(small, body_user, client_for):
    plan(small, body_user, *[dt.date(2025, m, 1) for m in range(2, 7)])
    before = writes()
    page = client_for(body_user).post(
        reverse("monitoring:plan", args=[small.pk]), {"planned_on": "2025-11-02"}
    )
    assert page.status_code == 200
    assert "at most 5" in page.content.decode()
    assert writes() == before


# --- M-3 and M-2: recording -------------------------------------------------------------------


def test_one_tool_is_refused(small, body_user):
    (event,) = plan(small, body_user, dt.date(2025, 3, 1))
    before = writes()
    with pytest.raises(ApplicationError) as exc:
        services.event_update(event=event, actor=body_user, data={"tools": ["survey"]})
    assert exc.value.field == "tools"
    assert writes() == before
    assert event.tools.count() == 0


def test_an_unknown_tool_is_refused(small, body_user):
    (event,) = plan(small, body_user, dt.date(2025, 3, 1))
    with pytest.raises(ApplicationError) as exc:
        services.event_update(event=event, actor=body_user, data={"tools": ["survey", "magic"]})
    assert exc.value.field == "tools"


def test_a_coverage_that_is_not_a_number_is_refused(small, body_user):
    (event,) = plan(small, body_user, dt.date(2025, 3, 1))
    group = small.target_groups.get()
    before = writes()
    data = complete_data(small)
    data["coverage"] = {str(group.pk): "сто"}
    with pytest.raises(ApplicationError) as exc:
        services.event_update(event=event, actor=body_user, data=data)
    assert exc.value.field == f"coverage_{group.pk}"
    assert writes() == before


def test_the_record_page_shows_a_non_number_at_its_field(small, body_user, client_for):
    (event,) = plan(small, body_user, dt.date(2025, 3, 1))
    group = small.target_groups.get()
    before = writes()
    page = client_for(body_user).post(
        reverse("monitoring:event_record", args=[event.pk]),
        {"tools": ["survey", "interview"], f"coverage_{group.pk}": "abc", "findings": "X"},
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert f'data-testid="error-coverage_{group.pk}"' in html
    assert "Enter a number." in html
    assert writes() == before


def test_the_api_refuses_a_non_number_naming_the_field(small, body_user, api_for):
    (event,) = plan(small, body_user, dt.date(2025, 3, 1))
    before = writes()
    response = api_for(body_user).patch(
        f"/api/monitoring/events/{event.pk}/",
        {"surveys": {"seminar": {"respondents": "many", "satisfied_pct": "90"}}},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "survey_seminar_respondents"
    assert writes() == before


@pytest.mark.parametrize(
    ("value", "field"),
    [("101", "survey_seminar_satisfied_pct"), ("1e400", "survey_seminar_satisfied_pct")],
)
def test_out_of_range_numbers_are_refused(small, body_user, value, field):
    (event,) = plan(small, body_user, dt.date(2025, 3, 1))
    with pytest.raises(ApplicationError) as exc:
        services.event_update(
            event=event,
            actor=body_user,
            data={"surveys": {"seminar": {"respondents": "3", "satisfied_pct": value}}},
        )
    assert exc.value.field == field


def test_a_link_that_is_not_a_url_is_refused(small, body_user):
    (event,) = plan(small, body_user, dt.date(2025, 3, 1))
    before = writes()
    with pytest.raises(ApplicationError) as exc:
        services.event_update(event=event, actor=body_user, data={"links": ["javascript:x"]})
    assert exc.value.field == "links"
    assert writes() == before


def test_evidence_files_are_stored_and_bad_types_refused(small, body_user):
    (event,) = plan(small, body_user, dt.date(2025, 3, 1))
    pdf = SimpleUploadedFile("act.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    services.event_update(event=event, actor=body_user, data={}, uploads=[pdf])
    assert event.evidence.filter(file__isnull=False).count() == 1
    before = writes()
    exe = SimpleUploadedFile("x.exe", b"MZ\x90\x00" + b"\x00" * 200)
    with pytest.raises(ApplicationError) as exc:
        services.event_update(event=event, actor=body_user, data={}, uploads=[exe])
    assert exc.value.field == "files"
    assert writes() == before


def test_completing_requires_every_indicator_and_two_tools(small, body_user):
    (event,) = plan(small, body_user, dt.date(2025, 3, 1))
    data = complete_data(small)
    del data["coverage"]
    services.event_update(event=event, actor=body_user, data=data)
    with pytest.raises(ApplicationError) as exc:
        services.event_complete(event=event, actor=body_user, held_on=dt.date(2025, 3, 1))
    assert exc.value.field == "coverage"
    event.refresh_from_db()
    assert event.status == "planned" and event.held_on is None
    assert not LedgerEntry.objects.filter(kind=DocumentKind.MONITORING_REPORT).exists()


def test_completing_writes_held_on_publishes_the_report_and_tells_the_ngo(
    small, body_user, ngo_user
):
    (event,) = plan(small, body_user, dt.date(2025, 3, 1))
    services.event_update(event=event, actor=body_user, data=complete_data(small))
    done = services.event_complete(event=event, actor=body_user, held_on=dt.date(2025, 3, 2))
    assert (done.status, done.held_on) == ("completed", dt.date(2025, 3, 2))
    entries = LedgerEntry.objects.filter(kind=DocumentKind.MONITORING_REPORT)
    assert sorted(entries.values_list("language", "format")) == [
        ("kk", "pdf"), ("kk", "xlsx"), ("ru", "pdf"), ("ru", "xlsx"),
    ]  # fmt: skip
    assert AuditEvent.objects.filter(action="monitoring.event.completed").count() == 1
    notices = Outbox.objects.filter(kind="monitoring.event.completed", recipient=ngo_user)
    assert notices.exists()
    assert all(str(small.number) in n.body for n in notices)
    with pytest.raises(ApplicationError):
        services.event_update(event=done, actor=body_user, data={"findings": "later"})


def test_held_on_in_the_future_is_refused(body_user, ngo):
    contract = contract_make(
        body_user, ngo, amount=SMALL, starts=dt.date(2026, 1, 10), ends=dt.date(2027, 6, 1)
    )
    (event,) = plan(contract, body_user, dt.date(2026, 3, 1))
    services.event_update(event=event, actor=body_user, data=complete_data(contract))
    with pytest.raises(ApplicationError) as exc:
        services.event_complete(event=event, actor=body_user, held_on=dt.date(2027, 1, 5))
    assert exc.value.field == "held_on"


# --- the report -------------------------------------------------------------------------------


def _completed(contract, user):
    (event,) = plan(contract, user, dt.date(2025, 3, 1))
    services.event_update(event=event, actor=user, data=complete_data(contract))
    return services.event_complete(event=event, actor=user, held_on=dt.date(2025, 3, 1))


@pytest.mark.parametrize(
    ("lang", "headers"),
    [
        ("kk", ["№", "Көрсеткіш", "Жоспар", "Нақты", "Ескертпе"]),
        ("ru", ["№", "Показатель", "План", "Факт", "Примечание"]),
    ],
)
def test_the_report_xlsx_has_the_headers_of_its_language(
    small, body_user, client_for, lang, headers
):
    event = _completed(small, body_user)
    response = client_for(body_user).get(
        reverse("monitoring:event_report", args=[event.pk, lang, "xlsx"])
    )
    assert response.status_code == 200
    assert response["X-Content-SHA256"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert headers in rows
    text = " ".join(str(c) for row in rows for c in row)
    group = "1) Жоспарды орындау процесі" if lang == "kk" else "1) Процесс исполнения плана"
    assert group in text


def test_the_report_pdf_renders_and_a_draft_is_served_live(small, body_user, client_for):
    event = _completed(small, body_user)
    pdf = client_for(body_user).get(
        reverse("monitoring:event_report", args=[event.pk, "kk", "pdf"])
    )
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    (planned,) = plan(small, body_user, dt.date(2025, 5, 1))
    draft = client_for(body_user).get(
        reverse("monitoring:event_report", args=[planned.pk, "ru", "xlsx"])
    )
    assert draft.status_code == 200
    assert "draft" in draft["Content-Disposition"]
    missing = client_for(body_user).get(f"/monitoring/events/{planned.pk}/report.en.xlsx")
    assert missing.status_code == 404


# --- M-4: who records ------------------------------------------------------------------------


def test_the_body_cannot_record_when_an_expert_is_needed_and_none_is_assigned(
    large, body_user, api_for
):
    (event,) = plan(large, body_user, dt.date(2025, 3, 1))  # planning is the body's
    before = writes()
    with pytest.raises(NotPermitted) as exc:
        services.event_update(event=event, actor=body_user, data=complete_data(large))
    assert "assign an independent expert" in str(exc.value.message)
    response = api_for(body_user).patch(
        f"/api/monitoring/events/{event.pk}/", {"findings": "x"}, format="json"
    )
    assert response.status_code == 403
    assert "assign an independent expert" in response.json()["detail"]
    assert writes() == before


def test_once_assigned_only_the_expert_records(large, body_user, assigned_expert, expert):
    (event,) = plan(large, body_user, dt.date(2025, 3, 1))
    assign_expert(large, assigned_expert, by=body_user)
    event = MonitoringEvent.objects.get(pk=event.pk)
    with pytest.raises(NotPermitted) as exc:
        services.event_update(event=event, actor=body_user, data={"findings": "x"})
    assert "only the assigned independent expert" in str(exc.value.message)
    with pytest.raises(NotPermitted):
        services.event_update(event=event, actor=expert, data={"findings": "x"})
    services.event_update(event=event, actor=assigned_expert, data=complete_data(large))
    done = services.event_complete(event=event, actor=assigned_expert, held_on=dt.date(2025, 3, 1))
    assert done.monitor == assigned_expert
    # the expert may also plan
    plan(large, assigned_expert, dt.date(2025, 6, 1))


# --- X-ACL: other organisations -------------------------------------------------------------


def test_others_can_neither_act_nor_see(
    small, body_user, other_body_user, other_ngo_user, expert, ngo_user, client_for, api_for
):
    (event,) = plan(small, body_user, dt.date(2025, 3, 1))
    for user in (other_body_user, other_ngo_user, expert):
        with pytest.raises(NotPermitted):
            services.event_plan(contract=small, actor=user, planned_on=dt.date(2025, 4, 1))
        with pytest.raises(NotPermitted):
            services.event_update(event=event, actor=user, data={"findings": "x"})
        assert client_for(user).get(reverse("monitoring:event", args=[event.pk])).status_code == 403
        assert client_for(user).get(reverse("monitoring:plan", args=[small.pk])).status_code == 403
        ids = [e["id"] for e in api_for(user).get("/api/monitoring/events/").json()["results"]]
        assert event.pk not in ids
        listing = client_for(user).get(reverse("monitoring:plans") + "?year=2025")
        assert f"plan-row-{small.pk}" not in listing.content.decode()
    # the NGO reads, but does not plan or record
    assert client_for(ngo_user).get(reverse("monitoring:event", args=[event.pk])).status_code == 200
    with pytest.raises(NotPermitted):
        services.event_plan(contract=small, actor=ngo_user, planned_on=dt.date(2025, 4, 1))
    with pytest.raises(NotPermitted):
        services.event_update(event=event, actor=ngo_user, data={"findings": "x"})
    ids = [e["id"] for e in api_for(ngo_user).get("/api/monitoring/events/").json()["results"]]
    assert ids == [event.pk]


def test_an_expert_sees_only_assigned_projects(body_user, ngo, assigned_expert, api_for):
    mine = contract_make(body_user, ngo, amount=LARGE)
    other = contract_make(body_user, ngo, amount=LARGE)
    assign_expert(mine, assigned_expert)
    (a,) = plan(mine, body_user, dt.date(2025, 3, 1))
    plan(other, body_user, dt.date(2025, 3, 1))
    ids = [
        e["id"] for e in api_for(assigned_expert).get("/api/monitoring/events/").json()["results"]
    ]
    assert ids == [a.pk]


# --- M-6: results -----------------------------------------------------------------------------


def test_results_api_numbers_equal_the_inputs(small, body_user, ngo_user, api_for):
    indicator = small.indicators.get()
    group = small.target_groups.get()
    stage = small.stages.get(kind=ReportStage.Kind.FIRST_INTERIM)
    report = cs.report_start(stage=stage, actor=ngo_user)
    fields = complete_fields(small)
    fields["indicator_actuals"] = {str(indicator.pk): "3.5"}
    fields["coverage_reached"] = {str(group.pk): 40}
    cs.report_save_draft(report=report, actor=ngo_user, fields=fields)
    cs.report_submit(report=report, actor=ngo_user, now=dt.datetime(2025, 3, 1, tzinfo=dt.UTC))
    (event,) = plan(small, body_user, dt.date(2025, 4, 1))
    services.event_update(event=event, actor=body_user, data=complete_data(small, reached=55))
    services.event_complete(event=event, actor=body_user, held_on=dt.date(2025, 4, 2))

    data = api_for(ngo_user).get(f"/api/monitoring/contracts/{small.pk}/results/").json()
    (ind,) = data["indicators"]
    assert (ind["planned"], ind["latest"], ind["percent"]) == ("5.00", "3.5", "70.0")
    assert [a["value"] for a in ind["actuals"]] == ["3.5"]
    (tg,) = data["target_groups"]
    assert tg["planned"] == 100
    assert [(s["kind"], s["value"]) for s in tg["reached"]] == [("report", "40"), ("event", "55")]
    assert (tg["latest"], tg["percent"]) == ("55", "55.0")


def test_results_page_has_the_chart_data_and_no_inline_script(small, body_user, client_for):
    page = client_for(body_user).get(reverse("monitoring:results", args=[small.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="results-data" type="application/json"' in html
    assert "monitoring/events/results.js" in html


# --- the daily job ----------------------------------------------------------------------------


def test_the_plan_minimum_flags_once_when_the_job_runs_twice(small, body_user):
    plan(small, body_user, dt.date(2025, 3, 1))
    full = contract_make(body_user, small.supplier, amount=SMALL)
    plan(full, body_user, dt.date(2025, 3, 1), dt.date(2025, 11, 1))
    after = dt.datetime(2025, 12, 2, 9, 0, tzinfo=dt.UTC)
    due.run(now=after)
    due.run(now=after)
    flagged = MonitoringPlanYear.objects.filter(flagged_at__isnull=False)
    assert list(flagged.values_list("contract_id", "year")) == [(small.pk, 2025)]
    assert flagged.get().problems == ["below_minimum"]
    events = AuditEvent.objects.filter(action="monitoring.plan.below_minimum")
    assert events.count() == 1
    assert (
        Notification.objects.filter(recipient=body_user, key__startswith="monitoring.plan").count()
        == 1
    )
    item = DueItem.objects.get(kind=PLAN_MINIMUM, object_id=flagged.get().pk)
    assert item.state == DueItem.State.NOTIFIED


def test_the_plan_minimum_is_not_due_before_1_december(small, body_user):
    plan(small, body_user, dt.date(2025, 3, 1))
    due.run(now=dt.datetime(2025, 11, 30, 12, 0, tzinfo=dt.UTC))
    assert not MonitoringPlanYear.objects.filter(flagged_at__isnull=False).exists()


def test_sync_gives_contracts_without_events_their_plan_years(body_user, ngo):
    contract = contract_make(
        body_user, ngo, amount=SMALL, starts=dt.date(2025, 10, 1), ends=dt.date(2026, 2, 1)
    )
    due.run(now=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    years = MonitoringPlanYear.objects.filter(contract=contract).order_by("year")
    assert [(p.year, p.due_on) for p in years] == [
        (2025, dt.date(2025, 12, 1)),
        (2026, dt.date(2026, 2, 1)),
    ]


def test_a_body_user_of_another_body_is_not_told(small, body_user, other_body_user):
    plan(small, body_user, dt.date(2025, 3, 1))
    due.run(now=dt.datetime(2025, 12, 2, 9, 0, tzinfo=dt.UTC))
    assert not Notification.objects.filter(recipient=other_body_user).exists()
    assert UserFactory(roles=[Role.STATE_BODY]).notifications.count() == 0

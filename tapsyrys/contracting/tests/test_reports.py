"""C-4: passports and stage reports; object-level permissions in views and API (X-ACL)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tapsyrys.contracting import services
from tapsyrys.contracting.models import ReportStage, StageReport
from tapsyrys.core.errors import ApplicationError, NotPermitted
from tapsyrys.core.models import AuditEvent, Notification

from .conftest import PDF, complete_fields

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")


@pytest.fixture
def contract(body_user, ngo_user, make_contract):
    return make_contract(body_user, ngo_user.organisation)


@pytest.fixture
def draft(contract, ngo_user):
    stage = contract.stages.get(kind=ReportStage.Kind.FIRST_INTERIM)
    return services.report_start(stage=stage, actor=ngo_user)


def _submit_at(report, user, moment):
    report = services.report_save_draft(
        report=report, actor=user, fields=complete_fields(report.contract)
    )
    return services.report_submit(report=report, actor=user, now=moment)


def test_default_schedule_three_reports(contract):
    kinds = list(contract.stages.order_by("no").values_list("kind", "due_date"))
    assert [k for k, _d in kinds] == ["first_interim", "second_interim", "final"]
    assert kinds[-1][1] == contract.ends_on


def test_submitted_at_235959_almaty_on_due_date_is_on_time(draft, ngo_user):
    due = draft.stage.due_date
    moment = dt.datetime.combine(due, dt.time(23, 59, 59), tzinfo=ALMATY)
    report = _submit_at(draft, ngo_user, moment)
    assert report.on_time is True and report.status == StageReport.Status.SUBMITTED


def test_submitted_one_second_later_is_late(draft, ngo_user):
    due = draft.stage.due_date
    moment = dt.datetime.combine(due, dt.time(23, 59, 59), tzinfo=ALMATY) + dt.timedelta(seconds=1)
    report = _submit_at(draft, ngo_user, moment.astimezone(dt.UTC))
    assert report.on_time is False


def test_incomplete_report_cannot_be_submitted_and_names_sections(draft, ngo_user):
    services.report_save_draft(report=draft, actor=ngo_user, fields={"about_project": "x"})
    with pytest.raises(ApplicationError) as exc:
        services.report_submit(report=draft, actor=ngo_user)
    assert exc.value.field == "team_composition"
    assert "indicator_actuals" in exc.value.extra["missing"]
    draft.refresh_from_db()
    assert draft.status == StageReport.Status.DRAFT and draft.submitted_at is None


def test_final_report_needs_the_financial_report(contract, ngo_user):
    stage = contract.stages.get(kind=ReportStage.Kind.FINAL)
    report = services.report_start(stage=stage, actor=ngo_user)
    services.report_save_draft(report=report, actor=ngo_user, fields=complete_fields(contract))
    with pytest.raises(ApplicationError) as exc:
        services.report_submit(report=report, actor=ngo_user)
    assert exc.value.field == "financial_report"


def test_submitted_report_is_immutable_and_correction_is_a_new_version(
    draft, ngo_user, body_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = _submit_at(draft, ngo_user, dt.datetime(2025, 2, 1, 10, tzinfo=ALMATY))
    with pytest.raises(NotPermitted):
        services.report_save_draft(report=report, actor=ngo_user, fields={"main_work": "new"})
    # the body was notified as the report arrived
    assert Notification.objects.filter(
        recipient=body_user, key=f"contracting.report.submitted:{report.pk}"
    ).exists()
    assert AuditEvent.objects.filter(
        action="contracting.report.submitted", object_id=str(report.pk)
    ).exists()
    correction = services.report_correct(report=report, actor=ngo_user)
    assert correction.version == 2 and correction.status == StageReport.Status.DRAFT
    assert correction.main_work == report.main_work
    report.refresh_from_db()
    assert report.status == StageReport.Status.SUBMITTED


def test_body_sees_submitted_report_not_draft(
    draft, ngo_user, body_user, other_body_user, client_for
):
    assert client_for(body_user).get(f"/contracting/reports/{draft.pk}/").status_code == 403
    report = _submit_at(draft, ngo_user, dt.datetime(2025, 2, 1, 10, tzinfo=ALMATY))
    assert client_for(body_user).get(f"/contracting/reports/{report.pk}/").status_code == 200
    inbox = client_for(body_user).get("/contracting/reports/")
    assert report in list(inbox.context["page"])
    assert client_for(other_body_user).get(f"/contracting/reports/{report.pk}/").status_code == 403
    assert report not in list(
        client_for(other_body_user).get("/contracting/reports/").context["page"]
    )


def test_other_ngo_cannot_read_draft_or_edit_passport_views(
    draft, contract, other_ngo_user, client_for
):
    client = client_for(other_ngo_user)
    assert client.get(f"/contracting/reports/{draft.pk}/").status_code == 403
    assert client.post(f"/contracting/reports/{draft.pk}/", {"main_work": "x"}).status_code == 403
    assert client.get(f"/contracting/contracts/{contract.pk}/passport/edit/").status_code == 403
    assert (
        client.post(
            f"/contracting/contracts/{contract.pk}/passport/edit/", {"goals_tasks": "x"}
        ).status_code
        == 403
    )
    draft.refresh_from_db()
    assert draft.main_work == ""


def test_other_ngo_cannot_read_draft_or_edit_passport_api(draft, contract, other_ngo_user, api_for):
    api = api_for(other_ngo_user)
    assert api.get(f"/api/contracting/reports/{draft.pk}/").status_code == 403
    assert (
        api.patch(
            f"/api/contracting/reports/{draft.pk}/", {"main_work": "x"}, format="json"
        ).status_code
        == 403
    )
    assert (
        api.put(
            f"/api/contracting/contracts/{contract.pk}/passport/",
            {"goals_tasks": "x"},
            format="json",
        ).status_code
        == 403
    )
    assert api.get("/api/contracting/reports/").json()["count"] == 0
    assert api.get("/api/contracting/contracts/").json()["count"] == 0


def test_ngo_fills_passport_via_api_and_public_sees_name_and_role_only(contract, ngo_user, api_for):
    group = contract.target_groups.get()
    data = {
        "goals_tasks": "Цели и задачи",
        "team": [{"name": "Айжан", "role": "Тренер", "experience": "5 лет"}],
        "publications": [
            {"outlet": "Егемен Қазақстан", "title": "Жоба", "published_on": "2025-03-01", "url": ""}
        ],
        "reached": {str(group.pk): 42},
        "proposals": ["Медиаграмотность пожилых людей"],
    }
    response = api_for(ngo_user).put(
        f"/api/contracting/contracts/{contract.pk}/passport/", data, format="json"
    )
    assert response.status_code == 200, response.json()
    group.refresh_from_db()
    assert group.reached == 42
    public = api_for(None).get(f"/api/contracting/contracts/{contract.pk}/passport/").json()
    assert public["team"] == [{"name": "Айжан", "role": "Тренер"}]
    from tapsyrys.formation.models import TopicProposal

    assert TopicProposal.objects.filter(
        body=contract.body, text="Медиаграмотность пожилых людей"
    ).exists()


def test_passport_page_form_saves(contract, ngo_user, client_for):
    response = client_for(ngo_user).post(
        f"/contracting/contracts/{contract.pk}/passport/edit/",
        {
            "goals_tasks": "Цели",
            "team": "Айжан; Тренер; 5 лет",
            "publications": "Хабар; Репортаж; 01.03.2025; https://khabar.kz/a",
            "attachment": SimpleUploadedFile("plan.pdf", PDF),
        },
    )
    assert response.status_code == 302
    page = client_for(ngo_user).get(f"/contracting/contracts/{contract.pk}/passport/")
    assert "Репортаж" in page.content.decode() and "plan.pdf" in page.content.decode()


def test_passport_bad_publication_date_is_named(contract, ngo_user, client_for):
    response = client_for(ngo_user).post(
        f"/contracting/contracts/{contract.pk}/passport/edit/",
        {"publications": "Хабар; Репортаж; 2025/99/99; "},
    )
    assert response.status_code == 200
    assert "publications" in response.context["form"].errors


def test_report_page_submit_with_file(draft, ngo_user, client_for):
    contract = draft.contract
    indicator, group = contract.indicators.get(), contract.target_groups.get()
    response = client_for(ngo_user).post(
        f"/contracting/reports/{draft.pk}/",
        {
            "team_composition": "Команда",
            "about_project": "О проекте",
            "main_work": "Работы",
            "satisfaction_results": "90 %",
            f"ind_{indicator.pk}": "5",
            f"tg_{group.pk}": "90",
            "attachment": SimpleUploadedFile("report.pdf", PDF),
            "action": "submit",
        },
    )
    # the first click saves the draft and asks once more (issue 13)
    assert response.status_code == 302
    assert response["Location"] == f"/contracting/reports/{draft.pk}/?confirm=submit#submit-confirm"
    draft.refresh_from_db()
    assert draft.status == StageReport.Status.DRAFT and draft.files.count() == 1
    page = client_for(ngo_user).get(response["Location"]).content.decode()
    assert 'data-testid="confirm"' in page
    response = client_for(ngo_user).post(
        f"/contracting/reports/{draft.pk}/", {"action": "submit", "confirmed": "yes"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == StageReport.Status.SUBMITTED and draft.files.count() == 1
    stored = draft.files.get().file
    assert stored.owner_org_id == contract.supplier_id and stored.viewer_org_id == contract.body_id


@pytest.mark.parametrize(
    ("value", "ok"),
    [("x" * 20_000, True), ("x" * 20_001, False), (["a list"], False), ({"a": 1}, False)],
)
def test_c4_report_text_sections_are_strings_of_bounded_length(api_for, ngo_user, draft, value, ok):
    response = api_for(ngo_user).patch(
        f"/api/contracting/reports/{draft.pk}/", {"main_work": value}, format="json"
    )
    draft.refresh_from_db()
    if ok:
        assert response.status_code == 200
        assert draft.main_work == value
    else:
        assert response.status_code == 400
        assert response.json()["field"] == "main_work"
        assert draft.main_work != value

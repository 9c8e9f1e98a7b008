"""X-AUDIT in the admin: no delete for what users submitted; admin edits leave history + event."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import get_resolver

from tapsyrys.contracting import services
from tapsyrys.contracting.models import (
    Competition,
    Contract,
    ImportJob,
    Lot,
    ReportStage,
    StageReport,
)
from tapsyrys.core.models import AuditEvent, Notification, Organisation, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(body_user, ngo_user):
    competition = Competition.objects.create(
        body=body_user.organisation, procurement_number="ANNO-A", year=2025
    )
    lot = services.lot_create(
        actor=body_user,
        competition=competition,
        number="LOT-A",
        name_ru="Проект",
        name_kk="Жоба",
        description_kk="Жоба сипаттамасы",
        description_ru="Описание проекта",
        amount=Decimal("5000000"),
    )
    contract = services.contract_create(
        actor=body_user,
        lot=lot,
        supplier=ngo_user.organisation,
        number="C-A",
        signed_on=dt.date(2025, 1, 10),
        amount=Decimal("4900000"),
        starts_on=dt.date(2025, 1, 10),
        ends_on=dt.date(2025, 12, 20),
        activities=["Семинары"],
        indicators=[("Семинары", "ед.", Decimal("5"))],
        target_groups=[("Молодёжь", 100)],
    )
    stage = contract.stages.get(kind=ReportStage.Kind.FIRST_INTERIM)
    report = services.report_start(stage=stage, actor=ngo_user)
    report = services.report_save_draft(
        report=report,
        actor=ngo_user,
        fields={
            "team_composition": "Руководитель, два тренера",
            "about_project": "О проекте",
            "main_work": "Проведены семинары",
            "satisfaction_results": "Удовлетворены 90 %",
            "indicator_actuals": {str(i.pk): "5" for i in contract.indicators.all()},
            "coverage_reached": {str(g.pk): 80 for g in contract.target_groups.all()},
        },
    )
    report = services.report_submit(
        report=report, actor=ngo_user, now=dt.datetime(2025, 4, 1, tzinfo=dt.UTC)
    )
    assert report.status == StageReport.Status.SUBMITTED
    return report


def _snapshot(report):
    return StageReport.objects.filter(pk=report.pk).values().get()


def test_admin_change_view_of_a_submitted_report_has_no_delete(admin_user, client_for, submitted):
    client = client_for(admin_user)
    page = client.get(f"/admin/contracting/stagereport/{submitted.pk}/change/")
    assert page.status_code == 200
    assert b"deletelink" not in page.content
    assert f"/stagereport/{submitted.pk}/delete/".encode() not in page.content
    assert client.get(f"/admin/contracting/stagereport/{submitted.pk}/delete/").status_code == 403
    refused = client.post(f"/admin/contracting/stagereport/{submitted.pk}/delete/", {"post": "yes"})
    assert refused.status_code == 403
    assert StageReport.objects.filter(pk=submitted.pk).exists()


def test_admin_changelist_has_no_delete_action(admin_user, client_for, submitted):
    client = client_for(admin_user)
    page = client.get("/admin/contracting/stagereport/")
    assert page.status_code == 200 and b"delete_selected" not in page.content
    before = _snapshot(submitted)
    client.post(
        "/admin/contracting/stagereport/",
        {"action": "delete_selected", "_selected_action": [submitted.pk], "post": "yes"},
    )
    assert _snapshot(submitted) == before


def test_admin_cannot_change_a_submitted_report(admin_user, client_for, submitted):
    before = _snapshot(submitted)
    response = client_for(admin_user).post(
        f"/admin/contracting/stagereport/{submitted.pk}/change/", {"status": "draft"}
    )
    assert response.status_code == 403
    assert _snapshot(submitted) == before


@pytest.mark.parametrize(
    "model",
    [StageReport, Contract, ImportJob, ReportStage, Organisation, User, AuditEvent, Notification,
     Competition, Lot],
)  # fmt: skip
def test_no_delete_permission_or_action_for_submitted_or_standing_records(model, admin_user, rf):
    model_admin = admin.site._registry[model]
    request = rf.get("/admin/")
    request.user = admin_user
    assert model_admin.has_delete_permission(request) is False
    assert "delete_selected" not in model_admin.get_actions(request)


def test_a_submitted_report_survives_the_api_and_the_pages(
    submitted, ngo_user, body_user, api_for, client_for
):
    before = _snapshot(submitted)
    for user in (ngo_user, body_user):
        api = api_for(user)
        assert api.delete(f"/api/contracting/reports/{submitted.pk}/").status_code in (403, 405)
        patched = api.patch(
            f"/api/contracting/reports/{submitted.pk}/", {"main_work": "переписано"}, format="json"
        )
        assert patched.status_code in (400, 403, 409)
        page = client_for(user).post(
            f"/contracting/reports/{submitted.pk}/", {"main_work": "переписано"}
        )
        assert page.status_code in (200, 302, 403)
    assert _snapshot(submitted) == before


def test_no_page_or_api_route_deletes_anything_but_a_draft_topic():
    """The only delete route is a planning-stage topic (not submitted; audited)."""
    names = set()

    def walk(patterns, prefix=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif "delete" in (prefix + str(p.pattern)) and not (prefix.startswith("admin/")):
                names.add(p.name)

    walk(get_resolver().url_patterns)
    assert names == {"topic_delete"}


def _post_data(form):
    """What a browser posts back for an unchanged admin form."""
    data = {}
    for bound in form:
        widget = bound.field.widget
        widget = getattr(widget, "widget", widget)  # the admin's related-field wrapper
        context = widget.get_context(bound.html_name, bound.value(), {})["widget"]
        for sub in context.get("subwidgets") or [context]:
            if sub.get("type") == "checkbox":
                if sub["attrs"].get("checked"):
                    data[sub["name"]] = "on"
            elif sub["value"] is not None:
                data[sub["name"]] = sub["value"]
    return data


def test_admin_edit_of_an_organisation_leaves_history_and_an_event(admin_user, client_for, ngo):
    client = client_for(admin_user)
    url = f"/admin/core/organisation/{ngo.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = _post_data(form)
    data["name_ru"] = "Общественное объединение «Новое имя»"
    versions = ngo.history.count()
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    ngo.refresh_from_db()
    assert ngo.name_ru == "Общественное объединение «Новое имя»"
    assert ngo.history.count() == versions + 1
    latest = ngo.history.latest("history_date")
    assert latest.history_type == "~" and latest.history_user == admin_user
    event = AuditEvent.objects.get(
        content_type=ContentType.objects.get_for_model(Organisation),
        object_id=str(ngo.pk),
        action="core.organisation.admin_changed",
    )
    assert event.actor == admin_user
    assert event.changes["name_ru"][1] == "Общественное объединение «Новое имя»"


def test_admin_edit_of_reference_data_stays_possible_with_history(admin_user, client_for):
    from tapsyrys.core.models import Region

    region = Region.objects.get(code="astana")
    client = client_for(admin_user)
    url = f"/admin/core/region/{region.pk}/change/"
    data = _post_data(client.get(url).context["adminform"].form)
    data["name_en"] = "Astana city"
    assert client.post(url, data).status_code == 302
    assert region.history.latest("history_date").name_en == "Astana city"
    assert AuditEvent.objects.filter(action="core.region.admin_changed").count() == 1

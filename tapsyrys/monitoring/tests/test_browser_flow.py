"""Issue 9's browser flow, across the parts: the expert files and signs the Annex 4 notice; the
body plans two events and assigns the expert; the expert records an event with two tools and
completes it; the body returns a stage report; the project shows in special control; the NGO
sees the notification and corrects the report."""

import datetime as dt

import pytest
import time_machine

from tapsyrys.calendar.rules import ALMATY
from tapsyrys.contracting import services as cs
from tapsyrys.contracting.models import ReportStage, StageReport
from tapsyrys.contracting.tests.factories import complete_fields, contract_make
from tapsyrys.monitoring.models import ExpertAssignment, MonitoringEvent, SpecialControlCase

NOW = dt.datetime(2025, 6, 16, 10, 0, tzinfo=ALMATY)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_plan_assign_record_return_special_control_correct(
    page, sign_in, body_user, ngo_user, assigned_expert
):
    with time_machine.travel(NOW, tick=True):
        contract = contract_make(body_user, ngo_user.organisation)  # 4 900 000,50 ₸ > 500 MCI
        stage = contract.stages.get(kind=ReportStage.Kind.FIRST_INTERIM)
        report = cs.report_start(stage=stage, actor=ngo_user)
        cs.report_save_draft(report=report, actor=ngo_user, fields=complete_fields(contract))
        report = cs.report_submit(report=report, actor=ngo_user)

        # the expert files the Annex 4 notice (no conflict) and signs it
        sign_in(assigned_expert.username)
        page.goto(f"/monitoring/contracts/{contract.pk}/notice/")
        page.click("[data-testid=notice-save]")
        page.click("[data-testid=notice-sign]")
        page.wait_for_selector("[data-testid=notice-state] .badge.ok")

        # the body plans two events and assigns the expert
        page.context.clear_cookies()
        sign_in(body_user.username)
        page.goto(f"/monitoring/contracts/{contract.pk}/plan/")
        assert "500" in page.locator("[data-testid=who-monitors]").inner_text()
        for day in ("2025-06-10", "2025-10-15"):
            page.goto(f"/monitoring/contracts/{contract.pk}/plan/")
            page.fill("[data-testid=plan-form] input[name=planned_on]", day)
            page.click("[data-testid=plan-submit]")
            page.wait_for_selector("[data-testid=event-status]")  # the planned event's page
        assert MonitoringEvent.objects.filter(contract=contract).count() == 2
        page.goto(f"/monitoring/contracts/{contract.pk}/assign/")
        page.click(f"[data-testid=assign-{assigned_expert.pk}]")
        page.wait_for_url(f"**/contracting/contracts/{contract.pk}/")  # the contract page
        assert (
            assigned_expert.full_name in page.locator("[data-testid=assigned-expert]").inner_text()
        )
        assert ExpertAssignment.objects.get(contract=contract).expert == assigned_expert

        # the expert records the first event with two tools and completes it
        page.context.clear_cookies()
        sign_in(assigned_expert.username)
        event = MonitoringEvent.objects.filter(contract=contract).order_by("planned_on").first()
        page.goto(f"/monitoring/events/{event.pk}/record/")
        page.check("[data-testid=tools] input[value=documentation]")
        page.check("[data-testid=tools] input[value=interview]")
        activity = contract.activities.get()
        page.select_option(f"select[name=activity_{activity.pk}_status]", "done")
        page.fill(f"textarea[name=activity_{activity.pk}_evidence]", "Протоколы семинаров")
        page.fill("input[name=survey_seminar_respondents]", "40")
        page.fill("input[name=survey_seminar_satisfied_pct]", "90")
        group = contract.target_groups.get()
        page.fill(f"input[name=coverage_{group.pk}]", "60")
        page.select_option("[data-testid=compliance] select", "complies")
        page.fill("textarea[name=findings]", "Семинары проведены по плану")
        page.fill("textarea[name=measures]", "Расширить охват сельских районов")
        page.click("[data-testid=save]")
        page.wait_for_selector("[data-testid=complete]:not([disabled])")
        page.click("[data-testid=complete]")
        page.wait_for_selector("[data-testid=event-status] .badge.ok")
        event.refresh_from_db()
        assert event.status == MonitoringEvent.Status.COMPLETED
        assert {t.code for t in event.tools.all()} == {"documentation", "interview"}

        # the body returns the report with remarks; the project joins special control
        page.context.clear_cookies()
        sign_in(body_user.username)
        page.goto(f"/monitoring/reports/{report.pk}/review/")
        page.check("[data-testid=review-form] input[name=decision][value=returned]")
        page.fill("[data-testid=review-form] textarea[name=remarks]", "Приложите списки участников")
        page.click("[data-testid=review-send]")
        page.wait_for_selector("[data-testid=review-decision]")
        page.goto("/monitoring/special-control/")
        assert contract.number in page.locator("[data-testid=cases]").inner_text()
        assert SpecialControlCase.objects.filter(contract=contract, closed_at=None).count() == 1

        # the NGO sees the notification and corrects the report (a new version)
        page.context.clear_cookies()
        sign_in(ngo_user.username)
        page.goto("/accounts/notifications/")
        assert contract.number in page.content()
        page.goto(f"/contracting/reports/{report.pk}/")
        page.click("[data-testid=report-correct]")
        page.wait_for_url("**/contracting/reports/*/**")
        assert StageReport.objects.filter(stage=stage, version=2).exists()

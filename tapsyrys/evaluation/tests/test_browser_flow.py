"""Issue 10's browser flow, across the parts: a council member reads the project's materials,
fills and signs the Annex 7 sheet; the conflicted member is refused the sheet (the reason
named); the body completes the evaluation (Annex 8 averages), the act is refused before the
posting (naming Annex 8), the body records the posting and the act and completes the contract;
an anonymous visitor sees the averages on the project's public pages."""

import datetime as dt

import pytest
import time_machine
from playwright.sync_api import expect

from tapsyrys.calendar.rules import ALMATY
from tapsyrys.contracting.models import Contract, ServiceAct
from tapsyrys.contracting.tests.factories import contract_make
from tapsyrys.core.models import Role
from tapsyrys.core.tests.factories import UserFactory
from tapsyrys.evaluation.models import AssessmentSheet, Evaluation, EvaluationReport

from .factories_councils import council_approved
from .factories_sheets import evaluation_make

ANNOUNCED = dt.datetime(2025, 1, 13, 6, 0, tzinfo=dt.UTC)  # the council for 2025–2027
NOW = dt.datetime(2026, 1, 14, 10, 0, tzinfo=ALMATY)  # the project ended on 20.12.2025
TODAY = NOW.date().isoformat()
SCORES = {"results": "5", "positive_effect": "4", "continuation": "3", "long_term_effect": "4"}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_member_scores_body_closes_posts_signs_act_public_sees_average(
    page, sign_in, body_user, ngo_user
):
    with time_machine.travel(NOW, tick=True):
        ngo = ngo_user.organisation
        scorer = UserFactory(username="scorer", roles=[Role.COUNCIL_MEMBER], full_name="Айгуль")
        conflicted = UserFactory(username="conflicted", organisation=ngo, full_name="Ерлан")
        council = council_approved(body_user, [scorer, conflicted], now=ANNOUNCED, first_year=2025)
        contract = contract_make(body_user, ngo)  # 10.01.2025 – 20.12.2025
        evaluation = evaluation_make(contract, now=NOW)
        assert evaluation.council_id == council.pk

        # member 1: my projects → the materials → the Annex 7 sheet, saved then signed
        sign_in(scorer.username)
        page.goto("/evaluation/my/")
        page.click(f"[data-testid=open-{evaluation.pk}]")
        page.wait_for_url(f"**/evaluation/evaluations/{evaluation.pk}/materials/")
        expect(page.locator("[data-testid=passport]")).to_contain_text(contract.number)
        expect(page.locator("[data-testid=stage-reports]")).to_be_visible()
        page.click("[data-testid=fill-sheet]")
        page.wait_for_url(f"**/evaluation/evaluations/{evaluation.pk}/sheet/")
        for code, score in SCORES.items():
            page.fill(f"[data-testid=score-{code}]", score)
            page.fill(f"[data-testid=comment-{code}]", f"Пояснение к {code}")
        page.fill("[data-testid=recommendations]", "Продолжить проект в сельских районах")
        page.click("[data-testid=sheet-save]")
        expect(page.locator("[data-testid=sheet-state] .badge.warn")).to_be_visible()
        expect(page.locator("[data-testid=total]")).to_have_text("16")
        page.click("[data-testid=sheet-sign]")
        expect(page.locator("[data-testid=sheet-state] .badge.ok")).to_be_visible()
        expect(page.locator("[data-testid=sheet-sign]")).to_have_count(0)
        sheet = AssessmentSheet.objects.get(evaluation=evaluation)
        assert sheet.signed_at is not None and sheet.results == 5

        # member 2 belongs to the NGO: excluded, refused the sheet with the reason named
        page.context.clear_cookies()
        sign_in(conflicted.username)
        page.goto("/evaluation/my/")
        row = page.locator(f"[data-testid=evaluation-{evaluation.pk}]")
        expect(row.locator("[data-testid=excluded]")).to_contain_text("conflict of interest")
        expect(page.locator(f"[data-testid=open-{evaluation.pk}]")).to_have_count(0)
        response = page.goto(f"/evaluation/evaluations/{evaluation.pk}/sheet/")
        assert response.status == 403
        expect(page.locator("[data-testid=error-reason]")).to_contain_text("conflict of interest")
        assert not AssessmentSheet.objects.filter(member__user=conflicted).exists()

        # the body completes the evaluation: the Annex 8 averages
        page.context.clear_cookies()
        sign_in(body_user.username)
        page.goto(f"/evaluation/evaluations/{evaluation.pk}/")
        expect(page.locator("[data-testid=sheets-state]")).to_contain_text("excluded")
        page.click("[data-testid=complete-evaluation]")
        expect(page.locator("[data-testid=evaluation-status].ok")).to_be_visible()
        expect(page.locator("[data-testid=average-results]")).to_have_text("5.00")
        expect(page.locator("[data-testid=average-continuation]")).to_have_text("3.00")
        expect(page.locator("[data-testid=average-total]")).to_have_text("16.00")
        report = EvaluationReport.objects.get(evaluation=evaluation)
        assert report.sheets_counted == 1

        # the act is refused before the posting, naming Annex 8
        page.goto(f"/contracting/contracts/{contract.pk}/")
        expect(page.locator("[data-testid=act-gate]")).to_contain_text("Annex 8")
        page.fill("input[name=signed_on]", TODAY)
        page.fill("input[name=portal_reference]", "GZ-ACT-77")
        page.click("[data-testid=act-submit]")
        expect(page.locator(".messages article.error")).to_contain_text("Annex 8")
        assert not ServiceAct.objects.filter(contract=contract).exists()

        # the body records the posting on the portal
        page.goto(f"/evaluation/evaluations/{evaluation.pk}/")
        page.fill("input[name=posted_on]", TODAY)
        page.fill("input[name=portal_reference]", "GZ-A8-2026-15")
        page.click("[data-testid=post-report]")
        expect(page.locator("[data-testid=posted]")).to_contain_text("GZ-A8-2026-15")
        report.refresh_from_db()
        assert report.posted_on == NOW.date()

        # then the act of services rendered, and the contract is completed
        page.goto(f"/contracting/contracts/{contract.pk}/")
        expect(page.locator("[data-testid=act-gate]")).to_have_count(0)
        page.fill("input[name=signed_on]", TODAY)
        page.fill("input[name=portal_reference]", "GZ-ACT-77")
        page.click("[data-testid=act-submit]")
        expect(page.locator("[data-testid=service-act]")).to_contain_text("GZ-ACT-77")
        page.select_option("select[name=status]", Contract.Status.COMPLETED)
        page.click("[data-testid=status-submit]")
        expect(page.locator(".messages")).to_contain_text("status is changed")
        contract.refresh_from_db()
        assert contract.status == Contract.Status.COMPLETED
        assert Evaluation.objects.get(pk=evaluation.pk).status == Evaluation.Status.COMPLETED

        # an anonymous visitor: the project's public page and the public report show the averages
        page.context.clear_cookies()
        page.goto(f"/contracting/contracts/{contract.pk}/")
        expect(page.locator("[data-testid=average-results]")).to_have_text("5.00")
        expect(page.locator("[data-testid=average-total]")).to_have_text("16.00")
        expect(page.locator("[data-testid=service-act]")).to_contain_text("GZ-ACT-77")
        page.goto(f"/evaluation/reports/{report.pk}/")
        expect(page.locator("[data-testid=average-positive_effect]")).to_have_text("4.00")
        expect(page.locator("[data-testid=average-long_term_effect]")).to_have_text("4.00")
        expect(page.locator("[data-testid=posted]")).to_contain_text("GZ-A8-2026-15")

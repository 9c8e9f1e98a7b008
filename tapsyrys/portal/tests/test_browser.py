"""Browser flows of the foundation (issue 2): sign in as each role, switch language, calculator."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tapsyrys.core.models import Role
from tapsyrys.core.tests.factories import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.PUBLIC])
def test_x_acl_each_role_signs_in_and_sees_its_role(page, sign_in, role):
    org = OrganisationFactory() if role in (Role.NGO, Role.STATE_BODY) else None
    UserFactory(username=f"u_{role}", roles=[role], organisation=org, language="en")
    sign_in(f"u_{role}")
    badges = page.locator("[data-testid=role]").all_inner_texts()
    with translation.override("en"):
        assert str(Role(role).label) in badges
    page.click("[data-testid=user-menu]")
    page.click("[data-testid=logout]")
    page.wait_for_url("**/")
    assert page.locator("[data-testid=login-link]").is_visible()


def test_x_i18n_language_switch_is_remembered(page):
    page.goto("/")
    page.click("[data-testid=lang-ru]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "ru"
    assert "Государственный социальный заказ" in page.locator("h1").inner_text()
    page.goto("/calculator/")
    assert page.locator("h1").inner_text() == "Калькулятор сроков"
    page.click("[data-testid=lang-kk]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Мерзім калькуляторы"


def test_x_cal_calculator_counts_over_nauryz(page):
    page.goto("/calculator/")
    page.click("[data-testid=lang-en]")
    page.fill("input[name=start]", "14.03.2025")
    page.fill("input[name=working_days]", "10")
    page.click("[data-testid=calculate]")
    expect(page.locator("[data-testid=deadline-date]")).to_have_text("02.04.2025")
    explanation = page.locator("[data-testid=deadline-explanation]").inner_text()
    assert "21.03.2025" in explanation and "Nauryz" in explanation


def test_x_cal_calculator_refuses_a_huge_count_with_a_message(page):
    page.goto("/calculator/?start=14.03.2025&working_days=5000")
    page.click("[data-testid=lang-en]")
    expect(page.locator(".errorlist")).to_contain_text("At most 1000 working days")
    assert page.locator("[data-testid=deadline-result]").count() == 0

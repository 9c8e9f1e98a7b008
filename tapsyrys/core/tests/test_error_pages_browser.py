"""Browser: a refused page is the app's 403 page (issue 13 item 3) — the layout, the language
switch that works on it, a way home — in Kazakh and in Russian."""

import pytest
from playwright.sync_api import expect

from tapsyrys.core.models import Role
from tapsyrys.core.tests.factories import UserFactory

PASSWORD = "Strong-pass-2026"
TEXTS = {"kk": "Кіруге рұқсат жоқ", "ru": "Доступ запрещён"}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_refused_page_is_our_403_in_kk_then_ru(page, sign_in):
    UserFactory(username="aigerim", password=PASSWORD, language="kk", roles=[Role.CITIZEN])
    sign_in("aigerim", PASSWORD)
    response = page.goto("/contracting/ngos/verification/")
    assert response.status == 403
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    expect(page.locator("[data-testid=error-page]")).to_have_attribute("data-status", "403")
    expect(page.locator("h1")).to_have_text(TEXTS["kk"])
    expect(page.locator("[data-testid=user-menu]")).to_be_visible()
    assert "Forbidden" not in page.content() and "Django" not in page.content()

    page.click("[data-testid=lang-ru]")
    page.wait_for_url("**/contracting/ngos/verification/")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator("h1")).to_have_text(TEXTS["ru"])
    page.click("[data-testid=error-home]")
    page.wait_for_url(lambda url: url.rstrip("/").count("/") == 2)  # the home page

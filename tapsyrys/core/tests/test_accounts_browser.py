"""Browser flow: a citizen signs up from the sign-in page, confirms the address by the e-mailed
link, signs in and sees the desk."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tapsyrys.core.models import Role, User

PASSWORD = "Strong-pass-2026"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_citizen_signs_up_confirms_signs_in_and_sees_the_desk(page, sign_in):
    page.goto("/accounts/login/")
    page.click("[data-testid=login-signup-link]")
    page.wait_for_url("**/accounts/signup/")
    page.fill("input[name=username]", "aigerim")
    page.fill("input[name=full_name]", "Айгерим Садыкова")
    page.fill("input[name=email]", "aigerim@example.kz")
    page.select_option("select[name=language]", "en")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.click("[data-testid=signup-submit]")
    expect(page.locator("[data-testid=signup-done]")).to_be_visible()
    assert User.objects.get(username="aigerim").has_role(Role.CITIZEN)

    link = re.search(r"http\S+(/accounts/confirm/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    page.wait_for_url("**/accounts/login/")
    assert "your e-mail address is confirmed" in page.content()

    sign_in("aigerim", PASSWORD)
    assert page.locator("[data-testid=user-menu]").inner_text() == "Айгерим Садыкова"
    assert "You can comment on the topics under public discussion" in page.content()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_password_change_page_has_the_layout_and_the_language_switch(page, sign_in, lang):
    from tapsyrys.core.tests.factories import UserFactory

    UserFactory(username="aigerim", password=PASSWORD, language=lang)
    sign_in("aigerim", PASSWORD)
    page.click("[data-testid=user-menu]")
    page.click(".user-menu a[href='/accounts/password/change/']")
    page.wait_for_url("**/accounts/password/change/")
    expect(page.locator("[data-testid=password-change]")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    for code in ("kk", "ru", "en"):
        expect(page.locator(f"[data-testid=lang-{code}]")).to_be_visible()
    assert "Django" not in page.content()
    assert page.locator("a[href^='/admin/']").count() == 0
    # the switch works here too, and the way back leads to the desk
    page.click("[data-testid=lang-en]")
    page.wait_for_url("**/accounts/password/change/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Change password")
    page.click("[data-testid=back-link]")
    page.wait_for_url("**/dashboard/")

"""A person's flow in a real browser: the body publishes, a citizen comments anonymously, the
body rejects with a justification and publishes the Annex 2 report (an explicit action: deciding
the last comment publishes nothing by itself), which appears on the public page."""

import pytest
import time_machine
from playwright.sync_api import expect

from .conftest import at


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_publish_comment_reject_report(page, sign_in, browser, live_server, make_cycle, body_user):
    cycle = make_cycle(topics=1)
    public_url = f"/formation/bodies/{cycle.body_id}/{cycle.year}/"
    with time_machine.travel(at(2025, 3, 14, 10, 0), tick=True):
        sign_in("body")
        page.goto(f"/formation/cycles/{cycle.pk}/")
        page.click("[data-testid=publish]")
        page.wait_for_selector("[data-testid=stage]")
        assert "02.04.2025" in page.content()

        citizen = browser.new_context(locale="ru-RU", base_url=live_server.url).new_page()
        citizen.goto(public_url)
        assert citizen.locator("[data-testid=discussion-open]").is_visible()
        citizen.click("[data-testid=topic-link]")
        citizen.wait_for_selector("[data-testid=comment-form]")
        citizen.fill("[data-testid=comment-form] input[name=author_name]", "Гражданин Алматы")
        citizen.fill("[data-testid=comment-form] input[name=author_contact]", "citizen@example.kz")
        citizen.fill(
            "[data-testid=comment-form] textarea[name=remark]", "Прошу включить сельские районы"
        )
        citizen.click("[data-testid=comment-submit]")
        citizen.wait_for_selector("[data-testid=public-comment]")
        assert "Прошу включить сельские районы" in citizen.content()
        # the thank-you is shown at the form that was used, not at the top of the page
        assert citizen.locator("#comment-form [role=status]").is_visible()

    with time_machine.travel(at(2025, 4, 3, 9, 0), tick=True):
        sign_in("body")
        page.goto(f"/formation/cycles/{cycle.pk}/comments/")
        page.check("[data-testid=reject]")
        page.click("[data-testid=decide]")
        expect(page.locator(".errorlist, .messages .error, [role=status]").first).to_be_visible()
        page.check("[data-testid=reject]")
        page.fill("[data-testid=justification]", "Не входит в компетенцию акимата")
        page.click("[data-testid=decide]")
        page.wait_for_selector("[data-testid=outcome]")
        page.goto(f"/formation/cycles/{cycle.pk}/")
        page.click("[data-testid=report]")
        page.wait_for_selector("[data-testid=stage]")

        citizen.goto(public_url)
        report = citizen.locator("[data-testid=annex2]")
        assert report.is_visible()
        assert "Не входит в компетенцию акимата" in report.inner_text()
        assert "Гражданин Алматы" in report.inner_text()
        citizen.context.close()

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
        # the first click asks once more and publishes nothing
        page.wait_for_selector("[data-testid=confirm]")
        cycle.refresh_from_db()
        assert cycle.published_at is None
        page.click("[data-testid=confirm-yes]")
        page.wait_for_selector("[data-testid=stage]")
        cycle.refresh_from_db()
        assert cycle.published_at is not None
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
        # the error is at the form that was used, and the chosen option is kept
        expect(page.locator("[data-testid=decide-form] [data-field=justification]")).to_be_visible()
        expect(page.locator("[data-testid=reject]")).to_be_checked()
        # its label points at its own field
        page.click("[data-testid=decide-form] label[for$=-justification]")
        expect(page.locator("[data-testid=justification]")).to_be_focused()
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

"""Browser (issue 13 item 10): the authorized body rejects an NGO from the verification queue
— the confirmation step asks for the reason, the NGO leaves the queue, its people see why."""

import pytest
from playwright.sync_api import expect

from tapsyrys.core.models import Notification, Organisation


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_authorized_body_rejects_an_ngo_with_a_reason(
    page, sign_in, authorized_user, ngo, ngo_user
):
    Organisation.objects.filter(pk=ngo.pk).update(is_verified=False)
    sign_in(authorized_user.username)
    page.goto("/contracting/ngos/verification/")
    expect(
        page.locator(f"[data-testid=queue-{ngo.bin}] [data-testid=email-confirmed]")
    ).to_be_visible()
    page.click(f"[data-testid=reject-{ngo.bin}]")
    page.wait_for_url(f"**/contracting/ngos/{ngo.pk}/reject/")
    # the reason is required: an empty one keeps the page and says so
    page.click("[data-testid=reject-confirm]")
    expect(page.locator("ul.errorlist[data-field=reason]")).to_be_visible()
    page.fill("textarea[name=reason]", "The charter is missing.")
    page.click("[data-testid=reject-confirm]")
    page.wait_for_url("**/contracting/ngos/verification/")
    expect(page.locator(f"[data-testid=queue-{ngo.bin}]")).to_have_count(0)
    assert Notification.objects.filter(recipient=ngo_user, body__contains="charter").exists()

    page.context.clear_cookies()
    sign_in(ngo_user.username)
    page.goto("/contracting/my/")
    expect(page.locator("[data-testid=rejection]")).to_contain_text("The charter is missing.")

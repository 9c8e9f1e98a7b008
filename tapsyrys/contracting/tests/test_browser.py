"""Browser flow (C-1, C-4): an NGO registers, confirms its e-mail, is verified by the
authorized body, fills its passport and submits its first interim report with a file; the
body sees the report arrive."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tapsyrys.core.models import Area, Organisation, Region
from tapsyrys.core.tests.factories import next_bin

from .conftest import PDF

PASSWORD = "Strong-pass-2026"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_ngo_registers_is_verified_fills_passport_and_submits_report(
    page, sign_in, authorized_user, body_user, make_contract
):
    bin_value = next_bin("1605")
    page.goto("/contracting/ngos/register/")
    page.fill("input[name=bin]", bin_value)
    page.fill("input[name=name_kk]", "«Ашық жол» қоғамдық бірлестігі")
    page.fill("input[name=name_ru]", "Общественное объединение «Открытый путь»")
    page.fill("input[name=short_name_kk]", "ҚБ «Ашық жол»")
    page.fill("input[name=short_name_ru]", "ОО «Открытый путь»")
    page.select_option("select[name=legal_form]", "public_association")
    area = Area.objects.filter(edition_numbers__edition__code="2022").first()
    page.check(f"input[name=areas][value='{area.pk}']")
    page.select_option("select[name=region]", str(Region.objects.get(code="astana").pk))
    page.fill("input[name=address]", "Астана, ул. Кенесары, 10")
    page.fill("input[name=phones]", "+7 701 111 22 33")
    page.fill("input[name=email]", "info@open-way.kz")
    page.fill("textarea[name=description]", "Помогаем молодёжи найти работу")
    page.fill("input[name=full_name]", "Сауле Нурлановна")
    page.fill("input[name=username]", "openway")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.click("[data-testid=register-submit]")
    page.wait_for_url("**/contracting/my/")
    assert page.locator("[data-testid=confirm-banner]").is_visible()

    # confirm the e-mail with the link from the outbox
    link = re.search(r"http\S+(/accounts/confirm/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    page.wait_for_url("**/dashboard/")
    page.goto("/contracting/my/")
    assert page.locator("[data-testid=confirm-banner]").count() == 0
    ngo = Organisation.objects.get(bin=bin_value)

    # the authorized body verifies it
    page.context.clear_cookies()
    sign_in(authorized_user.username)
    page.goto("/contracting/ngos/verification/")
    page.click(f"[data-testid=verify-{bin_value}]")
    page.click("[data-testid=confirm-yes]")  # asked once more (issue 13)
    expect(page.locator(f"[data-testid=verify-{bin_value}]")).to_have_count(0)
    page.goto(f"/contracting/ngos/{ngo.pk}/")
    assert page.locator("[data-testid=verified-badge]").is_visible()

    # the body registers a contract with it (recorded through the services)
    contract = make_contract(body_user, ngo)

    # the NGO fills its passport
    page.context.clear_cookies()
    sign_in("openway", PASSWORD)
    page.goto(f"/contracting/contracts/{contract.pk}/")
    page.click("[data-testid=passport-edit]")
    page.fill("textarea[name=goals_tasks]", "Трудоустроить 100 выпускников колледжей")
    page.fill("textarea[name=team]", "Сауле Нурлановна; Руководитель; 10 лет")
    page.click("[data-testid=passport-save]")
    page.wait_for_url(f"**/contracting/contracts/{contract.pk}/passport/")
    assert "Трудоустроить 100" in page.locator("[data-testid=goals]").inner_text()

    # and submits its first interim report with a file
    page.goto(f"/contracting/contracts/{contract.pk}/")
    page.click("[data-testid=start-first_interim]")
    page.fill("textarea[name=team_composition]", "Руководитель и два тренера")
    page.fill("textarea[name=about_project]", "Проект помогает молодёжи")
    page.fill("textarea[name=main_work]", "Проведены 3 ярмарки вакансий")
    page.fill("textarea[name=satisfaction_results]", "92 % участников довольны")
    indicator, group = contract.indicators.get(), contract.target_groups.get()
    page.fill(f"input[name=ind_{indicator.pk}]", "3")
    page.fill(f"input[name=tg_{group.pk}]", "45")
    page.set_input_files(
        "input[name=attachment]",
        files=[{"name": "report.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.click("[data-testid=report-submit]")
    # the first click saves the draft and asks once more: nothing is submitted yet
    expect(page.locator("[data-testid=confirm]")).to_be_visible()
    expect(page.locator("[data-testid=report-status]")).not_to_contain_text("submitted")
    page.click("[data-testid=confirm-yes]")
    expect(page.locator("[data-testid=report-status]")).to_contain_text("submitted")
    assert page.locator("[data-testid=report-file]").count() == 1

    # the body sees it
    page.context.clear_cookies()
    sign_in(body_user.username)
    page.goto("/contracting/reports/")
    row = page.locator("[data-testid=inbox] tbody tr").first
    assert "№ " + contract.number in row.inner_text()
    row.locator("a").first.click()
    expect(page.locator("[data-testid=report-view]")).to_contain_text("Проведены 3 ярмарки")

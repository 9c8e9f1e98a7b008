"""The password pages are the site's own (issue 13 item 3): the layout, the language switch and
a way back, never the Django admin's templates ("Django administration", a link to /admin/)."""

import re

import pytest
from django.core import mail
from django.test import Client

pytestmark = pytest.mark.django_db

ADMIN_MARKS = ("Django", "/admin/", "Администрирование", "administration")


def _client(lang, user=None):
    client = Client()
    client.cookies["tapsyrys_language"] = lang
    if user is not None:
        client.force_login(user)
    return client


def _assert_site_page(response, lang, template):
    html = response.content.decode()
    assert response.status_code == 200, html[:300]
    assert template in [t.name for t in response.templates]
    assert not any(t.name.startswith("admin/") for t in response.templates)
    for mark in ADMIN_MARKS:
        assert mark not in html, mark
    assert f'<html lang="{lang}"' in html
    assert 'class="site"' in html
    assert all(f'data-testid="lang-{code}"' in html for code in ("kk", "ru", "en"))
    assert 'data-testid="back-link"' in html
    return html


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_password_change_is_the_sites_page(lang, ngo_user):
    response = _client(lang, ngo_user).get("/accounts/password/change/")
    html = _assert_site_page(response, lang, "core/accounts/password_change_form.html")
    assert 'data-testid="user-menu"' in html
    assert 'href="/dashboard/" data-testid="back-link"' in html


def test_password_change_shows_our_rules_not_djangos_help_text(ngo_user):
    response = _client("en", ngo_user).get("/accounts/password/change/")
    html = response.content.decode()
    assert "At least 8 characters, not only digits" in html
    assert "Your password can’t be too similar" not in html
    assert "Current password" in html


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_password_reset_is_the_sites_page(lang):
    response = _client(lang).get("/accounts/password/reset/")
    _assert_site_page(response, lang, "core/accounts/password_reset_form.html")


def test_password_change_done_links_back_to_the_desk(client_for, ngo_user):
    response = client_for(ngo_user).get("/accounts/password/change/done/")
    assert "core/accounts/password_change_done.html" in [t.name for t in response.templates]
    assert "Django" not in response.content.decode()
    assert 'href="/dashboard/"' in response.content.decode()


def test_password_reset_e_mail_is_ours(client, ngo_user):
    client.cookies["tapsyrys_language"] = "en"
    client.post("/accounts/password/reset/", {"email": ngo_user.email})
    (message,) = mail.outbox
    assert message.subject == "Tapsyrys: password reset"
    assert "You asked to reset your password for Tapsyrys" in message.body
    assert "Django" not in message.body
    link = re.search(r"(/accounts/reset/[^/\s]+/[^/\s]+/)", message.body).group(1)
    page = client.get(link, follow=True)
    assert "core/accounts/password_reset_confirm.html" in [t.name for t in page.templates]


def test_an_invalid_reset_link_says_so_with_a_way_on(client):
    response = client.get("/accounts/reset/MQ/bad-token/", follow=True)
    html = response.content.decode()
    assert 'data-testid="invalid-link"' in html
    assert 'href="/accounts/password/reset/"' in html
    assert "Django" not in html


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_csrf_refusal_is_our_403_page(lang, ngo_user):
    client = Client(enforce_csrf_checks=True)
    client.cookies["tapsyrys_language"] = lang
    client.force_login(ngo_user)
    response = client.post("/accounts/password/change/", {})
    html = response.content.decode()
    assert response.status_code == 403
    assert "403_csrf.html" in [t.name for t in response.templates]
    assert f'<html lang="{lang}"' in html and 'data-status="403"' in html
    assert 'data-testid="user-menu"' in html and 'data-testid="error-home"' in html
    assert "Forbidden" not in html

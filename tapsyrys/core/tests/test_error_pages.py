"""Our own 403/404/500/503 pages (issue 7 items 1 and 3): the site layout in the visitor's
language, the language switch and a way back; 500 and 503 render without the database; a
database outage answers 503 (a page, or JSON under /api/) instead of 500; after the database
returns the next request succeeds."""

import socket
from unittest import mock

import pytest
from django.db import OperationalError, connections
from django.test import Client

from tapsyrys.core.models import Role
from tapsyrys.core.tests.factories import UserFactory

TEXTS = {
    "kk": {
        403: ["Кіруге рұқсат жоқ", "Бұл бетті ашуға құқығыңыз жоқ."],
        404: ["Бет табылмады", "Бұл мекенжайда бет жоқ."],
        500: ["Сервер қатесі", "Біздің тарапта ақау пайда болды."],
        503: ["Қызмет уақытша қолжетімсіз", "дерекқорға қосылу мүмкін емес"],
        "home": "Басты бетке өту",
    },
    "ru": {
        403: ["Доступ запрещён", "У вас нет прав на открытие этой страницы."],
        404: ["Страница не найдена", "По этому адресу страницы нет."],
        500: ["Ошибка сервера", "На нашей стороне произошёл сбой."],
        503: ["Сервис временно недоступен", "нет связи с базой данных"],
        "home": "На главную страницу",
    },
}
DOWN = OperationalError("server closed the connection unexpectedly")


def _client(lang, user=None):
    client = Client(raise_request_exception=False)
    client.cookies["tapsyrys_language"] = lang
    if user is not None:
        client.force_login(user)
    return client


def _assert_error_page(response, status, lang):
    html = response.content.decode()
    assert response.status_code == status, html[:500]
    assert f'<html lang="{lang}"' in html
    assert f'data-status="{status}"' in html
    for text in TEXTS[lang][status]:
        assert text in html
    # the layout, the language switch and a way back
    assert 'class="site"' in html
    assert all(f'data-testid="lang-{code}"' in html for code in ("kk", "ru", "en"))
    # a visitor switches language by link (no form, no CSRF token: issue 8), a user by a form
    assert '<a href="/i18n/setlang/?language=ru&amp;next=' in html or (
        'name="csrfmiddlewaretoken"' in html
    )
    assert f'<a href="/" data-testid="error-home">{TEXTS[lang]["home"]}</a>' in html
    assert "Traceback" not in html and "technical" not in html.lower()
    return html


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_404_is_our_page_in_the_visitors_language(lang):
    _assert_error_page(_client(lang).get("/no-such-page/"), 404, lang)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_403_is_our_page_with_the_reason(lang, ngo_user):
    html = _assert_error_page(_client(lang, ngo_user).get("/contracting/import/"), 403, lang)
    assert 'data-testid="error-reason"' in html
    assert 'data-testid="user-menu"' in html  # the signed-in layout


@pytest.mark.urls("tapsyrys.core.tests.failing_urls")
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_500_is_our_page_and_renders_without_the_database(lang):
    # no `db` fixture: any query here fails the test (pytest-django blocks database access)
    html = _assert_error_page(_client(lang).get("/test-boom/"), 500, lang)
    assert "a bug" not in html
    response = _client(lang).get("/api/test-boom/")
    assert response.status_code == 500 and response.json() == {
        "detail": {"kk": "Сервер қатесі. Команда хабардар етілді.",
                   "ru": "Ошибка сервера. Команда уже оповещена."}[lang]
    }  # fmt: skip


@pytest.mark.urls("tapsyrys.core.tests.failing_urls")
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_view_failing_on_the_database_answers_503(lang):
    response = _client(lang).get("/test-database-down/")
    _assert_error_page(response, 503, lang)
    assert response["Retry-After"] == "60"


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_database_outage_gives_503_page_and_json(lang, ngo, ngo_user):
    user_client = _client(lang, ngo_user)
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=DOWN):
        page = _client(lang).get("/contracting/ngos/")
        api = _client(lang).get("/api/organisations/?kind=ngo")
        # signed in: the session and the user are read before any view (a middleware)
        desk = user_client.get("/dashboard/")
    _assert_error_page(page, 503, lang)
    _assert_error_page(desk, 503, lang)
    assert api.status_code == 503 and api["Content-Type"] == "application/json"
    assert TEXTS[lang][503][1] in api.json()["detail"]
    # the database is back: the same clients are served again
    assert _client(lang).get("/contracting/ngos/").status_code == 200
    assert user_client.get("/dashboard/").status_code == 200


def _closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens there once the socket is closed


def test_database_server_unreachable_then_back(django_db_setup, django_db_blocker):
    """The connection really points at a closed port (no mock): 503; restored: 200."""
    connection = connections["default"]
    with django_db_blocker.unblock():
        UserFactory(roles=[Role.CITIZEN], username="outage-citizen")  # a committed row
        saved = dict(connection.settings_dict)
        connection.close()
        connection.settings_dict.update(HOST="127.0.0.1", PORT=str(_closed_port()))
        try:
            down_page = _client("ru").get("/contracting/ngos/")
            down_api = _client("ru").get("/api/organisations/")
        finally:
            connection.close()
            connection.settings_dict.clear()
            connection.settings_dict.update(saved)
        up_page = _client("ru").get("/contracting/ngos/")
        from tapsyrys.core.models import User

        User.objects.filter(username="outage-citizen").delete()
    _assert_error_page(down_page, 503, "ru")
    assert down_api.status_code == 503
    assert up_page.status_code == 200

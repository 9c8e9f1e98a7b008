"""Sign-in (Argon2, brute-force lockout), password reset and change, language switch (X-I18N)."""

import re

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client

from config.settings import base
from tapsyrys.core.models import User

from .factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pass-1234-word"
NEW_PASSWORD = "Zhana-kupiya-soz-2026"


def sign_in(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_auth_argon2_is_the_configured_hasher():
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_auth_sign_in_with_argon2(settings, client, ngo):
    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS
    user = UserFactory(organisation=ngo, username="aigerim", password=PASSWORD)
    user.refresh_from_db()
    assert user.password.startswith("argon2$")
    response = sign_in(client, "aigerim", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_auth_sign_in_wrong_password_shows_the_form_again(client, ngo_user):
    response = sign_in(client, "ngo", "wrong")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["form"].errors


def test_auth_sign_out(client_for, ngo_user):
    client = client_for(ngo_user)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_auth_brute_force_lockout(client, ngo_user):
    limit = django_settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert sign_in(client, "ngo", "wrong").status_code == 200
    locked = sign_in(client, "ngo", "wrong")
    assert locked.status_code in (403, 429)
    assert "registration/locked_out.html" in [t.name for t in locked.templates]
    # now even the right password is refused, and no session is made
    again = sign_in(client, "ngo", PASSWORD)
    assert again.status_code in (403, 429)
    assert "registration/locked_out.html" in [t.name for t in again.templates]
    assert "_auth_user_id" not in client.session


def test_auth_lockout_is_per_username(client, ngo_user, other_ngo_user):
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        sign_in(client, "ngo", "wrong")
    assert sign_in(client, "otherngo", PASSWORD).status_code == 302


def test_auth_password_reset_by_e_mail(client, ngo_user):
    response = client.post("/accounts/password/reset/", {"email": ngo_user.email})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [ngo_user.email]
    match = re.search(r"https?://[^/\s]+(/accounts/reset/[^/\s]+/[^/\s]+/)", message.body)
    assert match, message.body
    link = match.group(1)

    form = client.get(link, follow=True)
    assert form.status_code == 200
    set_password_url = form.redirect_chain[-1][0]
    assert set_password_url.endswith("/set-password/")
    done = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    assert done["Location"] == "/accounts/reset/done/"
    ngo_user.refresh_from_db()
    assert ngo_user.check_password(NEW_PASSWORD)
    # the link works once
    assert client.get(link, follow=True).context["validlink"] is False
    assert sign_in(Client(), "ngo", NEW_PASSWORD).status_code == 302


def test_auth_password_reset_unknown_e_mail_sends_nothing(client, ngo_user):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.kz"})
    assert response.status_code == 302  # no account enumeration
    assert mail.outbox == []


def test_auth_password_change(client_for, ngo_user):
    client = client_for(ngo_user)
    assert client.get("/accounts/password/change/").status_code == 200
    response = client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/change/done/"
    ngo_user.refresh_from_db()
    assert ngo_user.check_password(NEW_PASSWORD)


def test_auth_password_change_with_a_wrong_old_password(client_for, ngo_user):
    response = client_for(ngo_user).post(
        "/accounts/password/change/",
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    ngo_user.refresh_from_db()
    assert ngo_user.check_password(PASSWORD)


def test_auth_password_change_needs_sign_in(client):
    response = client.get("/accounts/password/change/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# --- Language (X-I18N) -------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_x_i18n_set_language_remembers_it_for_a_signed_in_user(client_for, ngo_user, language):
    ngo_user.language = "kk" if language != "kk" else "en"
    ngo_user.save()
    client = client_for(ngo_user)
    response = client.post("/i18n/setlang/", {"language": language, "next": "/"})
    assert response.status_code == 302
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == language
    ngo_user.refresh_from_db()
    assert ngo_user.language == language


def test_x_i18n_set_language_anonymous_sets_the_cookie(client):
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "ru"


def test_x_i18n_set_language_refuses_an_unknown_language(client_for, ngo_user):
    client = client_for(ngo_user)
    client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    ngo_user.refresh_from_db()
    assert ngo_user.language == "en"
    assert User.objects.filter(language="de").count() == 0


@pytest.mark.parametrize("language", ["ru", "en", "kk"])
def test_x_i18n_signed_in_user_without_cookie_gets_the_account_language(
    client_for, ngo_user, language
):
    ngo_user.language = language
    ngo_user.save()
    response = client_for(ngo_user).get("/accounts/notifications/", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    assert response["Content-Language"] == language


def test_x_i18n_cookie_wins_over_the_account_language(client_for, ngo_user):
    ngo_user.language = "ru"
    ngo_user.save()
    client = client_for(ngo_user)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/accounts/notifications/")
    assert response["Content-Language"] == "en"

"""The README's production path, run for real (issue 7 item 2): `collectstatic` under the
production settings, `check --deploy`, then gunicorn with the production settings on the
test's PostgreSQL database, every public page and the API schema requested (200) through
the TLS proxy's header, the static files served by whitenoise under their hashed names, and
after every database connection of the server is killed the next requests still succeed
(CONN_HEALTH_CHECKS). Part of `make test`; anything that cannot run fails the test."""

import re
import secrets

import pytest
from django.db import connection

from tapsyrys.contracting.tests.factories import contract_make

from .servers import Server, clean_env, manage, postgres_url

HTTPS = {"X-Forwarded-Proto": "https", "Accept-Language": "ru"}
PUBLIC_PAGES = [
    "/",
    "/calculator/",
    "/calculator/?start=2025-03-14&working_days=10",
    "/contracting/ngos/",
    "/contracting/ngos/register/",
    "/formation/discussions/",
    "/ledger/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/api/schema/",
    "/api/docs/",
    "/api/docs/?script=",
    "/api/redoc/",
    "/api/reference/mci/?on=2024-05-04",
    "/api/calendar/deadline/?start=2025-03-14&working_days=10",
    "/api/organisations/?kind=ngo",
    "/api/ledger/",
]


def _env(tmp_path):
    return clean_env(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=postgres_url(connection),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_STATIC_ROOT=tmp_path / "static",
        MEDIA_ROOT=tmp_path / "media",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )


def test_check_deploy_has_no_security_warnings(tmp_path):
    code, out = manage("check", "--deploy", "--fail-level", "ERROR", env=_env(tmp_path))
    assert code == 0, out
    # drf-spectacular's schema warnings are about the API schema, not the deployment
    issues = re.findall(r"\(((?!drf_spectacular)[a-z_]+\.[WE]\d+)\)", out)
    assert issues == [], out


@pytest.mark.django_db(transaction=True)
def test_production_settings_serve_every_public_page_with_gunicorn(tmp_path, body_user, ngo):
    contract_make(body_user, ngo)  # an NGO with a contract: the registry has rows
    env = _env(tmp_path)
    code, out = manage("collectstatic", "--noinput", "-v", "1", env=env)
    assert code == 0, out
    assert (tmp_path / "static" / "staticfiles.json").exists(), out

    server = Server(env, tmp_path / "gunicorn.log", threads=4)
    try:
        server.wait_ready("/", headers=HTTPS)
        pages = [*PUBLIC_PAGES, f"/contracting/ngos/{ngo.pk}/"]
        statuses = {path: server.get(path, headers=HTTPS)[0] for path in pages}
        assert statuses == dict.fromkeys(pages, 200), server.log()

        status, headers, html = server.get("/", headers=HTTPS)
        assert "includeSubDomains" in headers["Strict-Transport-Security"]
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert headers["X-Frame-Options"] == "DENY"
        # static files: hashed names from the manifest, served (compressed) by whitenoise
        scripts = re.findall(rb'src="(/static/vendor/htmx\.min\.[0-9a-f]{12}\.js)"', html)
        assert scripts, html[:2000]
        status, headers, _ = server.get(
            scripts[0].decode(), headers={**HTTPS, "Accept-Encoding": "gzip"}
        )
        assert (status, headers.get("Content-Encoding")) == (200, "gzip")
        assert "immutable" in headers["Cache-Control"]

        # plain HTTP is redirected to HTTPS (DJANGO_SECURE_SSL_REDIRECT defaults to on)
        status, headers, _ = server.get("/calculator/")
        assert (status, headers["Location"]) == (
            301,
            f"https://127.0.0.1:{server.port}/calculator/",
        )

        # our own 404 page, not Django's technical page
        status, _, html = server.get("/no-such-page/", headers=HTTPS)
        assert status == 404 and b'data-testid="error-page"' in html

        # the database drops every connection of the server (a restart, a failover): the
        # persistent connections are checked before reuse, so no request fails on them
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            assert cursor.fetchone()[0] >= 1
        statuses = {path: server.get(path, headers=HTTPS)[0] for path in pages}
        assert statuses == dict.fromkeys(pages, 200), server.log()
    finally:
        server.stop()

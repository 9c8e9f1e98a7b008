"""Content-Security-Policy on every page, without inline scripts (issue 7 item 7)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

ROOT = Path(settings.BASE_DIR)
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)


def _csp(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def _inline_scripts(html):
    return [
        (attrs, body)
        for attrs, body in SCRIPT_TAG.findall(html)
        if "src=" not in attrs or body.strip()
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path, status",
    [
        ("/", 200),
        ("/calculator/", 200),
        ("/contracting/ngos/", 200),
        ("/formation/discussions/", 200),
        ("/accounts/login/", 200),
        ("/api/docs/", 200),
        ("/api/redoc/", 200),
        ("/api/schema/", 200),
        ("/api/organisations/", 200),
        ("/no-such-page/", 404),
        ("/dashboard/", 302),
    ],
)
def test_every_response_has_a_csp_without_inline_scripts(path, status):
    response = Client().get(path)
    assert response.status_code == status
    csp = _csp(response)
    assert csp["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no CDN
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    if response["Content-Type"].startswith("text/html"):
        html = response.content.decode()
        assert _inline_scripts(html) == []
        assert EVENT_HANDLER.findall(html) == []


@pytest.mark.django_db
def test_signed_in_pages_have_no_inline_scripts(client_for, body_user, ngo_user):
    for user, paths in [
        (body_user, ["/dashboard/", "/formation/", "/contracting/import/", "/formation/evidence/"]),
        (ngo_user, ["/dashboard/", "/contracting/my/"]),
    ]:
        client = client_for(user)
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            assert "script-src 'self';" in response["Content-Security-Policy"]
            assert _inline_scripts(response.content.decode()) == [], path


def test_no_template_contains_an_inline_script_or_event_handler():
    templates = sorted((ROOT / "tapsyrys").rglob("templates/**/*.html"))
    assert len(templates) > 50
    found = {}
    for template in templates:
        text = template.read_text()
        bad = _inline_scripts(text) + EVENT_HANDLER.findall(text)
        bad += re.findall(r"javascript:", text, re.I)
        if bad:
            found[str(template.relative_to(ROOT))] = bad
    assert found == {}


def test_style_attributes_only_where_the_policy_says():
    """style-src allows 'unsafe-inline' for htmx's indicator style, Swagger UI and ReDoc, and
    the printable forms' column widths; pages use classes."""
    templates = sorted((ROOT / "tapsyrys").rglob("templates/**/*.html"))
    with_style = sorted(
        str(t.relative_to(ROOT)) for t in templates if re.search(r"\sstyle=", t.read_text())
    )
    assert with_style == ["tapsyrys/publishing/templates/publishing/form.html"]

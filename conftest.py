"""Fixtures for every app: the people of the "other organisation" tests (X-ACL), and a browser."""

import contextlib
import os
import shutil
from pathlib import Path

import pytest

from tapsyrys.core.models import Organisation, Role
from tapsyrys.core.tests.factories import OrganisationFactory, StateBodyFactory, UserFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop in the test thread
CI = os.environ.get("CI") == "true"
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "pass-1234-word"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The decree table and other cached lookups must not leak from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _is_transactional(request):
    marker = request.node.get_closest_marker("django_db")
    flagged = bool(
        marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    )
    names = request.fixturenames
    return flagged or "transactional_db" in names or "live_server" in names


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request):
    """Transactional tests flush the database, reference data (loaded by migration) included;
    pytest-django runs them after the others, so each one reloads it at its start."""
    if _is_transactional(request):
        request.getfixturevalue("transactional_db")
        from django.apps import apps

        from tapsyrys.core.models import Region
        from tapsyrys.core.reference_loader import load_reference

        if not Region.objects.exists():
            load_reference(apps)
        from tapsyrys.monitoring.models import StandardThreshold
        from tapsyrys.monitoring.reference_loader import load_thresholds

        if not StandardThreshold.objects.exists():
            load_thresholds(apps)


@pytest.fixture
def authorized_body(db):
    return OrganisationFactory(
        kind=Organisation.Kind.AUTHORIZED_BODY,
        legal_form=Organisation.LegalForm.STATE_INSTITUTION,
        name_ru="Министерство информации и общественного развития",
        name_kk="Ақпарат және қоғамдық даму министрлігі",
        is_verified=False,
    )


@pytest.fixture
def body(db):
    return StateBodyFactory()


@pytest.fixture
def other_body(db):
    return StateBodyFactory()


@pytest.fixture
def ngo(db):
    return OrganisationFactory()


@pytest.fixture
def other_ngo(db):
    return OrganisationFactory()


@pytest.fixture
def body_user(body):
    return UserFactory(organisation=body, roles=[Role.STATE_BODY], username="body")


@pytest.fixture
def other_body_user(other_body):
    return UserFactory(organisation=other_body, roles=[Role.STATE_BODY], username="otherbody")


@pytest.fixture
def ngo_user(ngo):
    return UserFactory(organisation=ngo, roles=[Role.NGO], username="ngo", is_org_admin=True)


@pytest.fixture
def other_ngo_user(other_ngo):
    return UserFactory(
        organisation=other_ngo, roles=[Role.NGO], username="otherngo", is_org_admin=True
    )


@pytest.fixture
def expert(db):
    return UserFactory(roles=[Role.EXPERT], username="expert")


@pytest.fixture
def assigned_expert(db):
    """An independent expert whom monitoring's test worlds assign to a project (M-4)."""
    return UserFactory(roles=[Role.EXPERT], username="assignedexpert", full_name="Асель Экспертова")


@pytest.fixture
def council_member(db):
    return UserFactory(roles=[Role.COUNCIL_MEMBER], username="council")


@pytest.fixture
def authorized_user(authorized_body):
    return UserFactory(
        organisation=authorized_body, roles=[Role.AUTHORIZED_BODY], username="authorized"
    )


@pytest.fixture
def admin_user(db):
    return UserFactory(roles=[Role.ADMIN], username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def anon_client(client):
    return client


@pytest.fixture
def client_for(db):
    """client_for(user) → a Django test client signed in as that user."""
    from django.test import Client

    def make(user):
        c = Client()
        c.force_login(user)
        return c

    return make


@pytest.fixture
def api_for(db):
    """api_for(user or None) → a DRF APIClient authenticated as that user."""
    from rest_framework.test import APIClient

    def make(user=None):
        c = APIClient()
        if user is not None:
            c.force_authenticate(user)
        return c

    return make


@pytest.fixture(scope="session")
def chromium_path():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if CI:
            pytest.fail(f"Chromium is required under CI=true but {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is not installed (make test installs it)")
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=chromium_path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


AXE = Path(__file__).resolve().parent / "static" / "vendor" / "axe.min.js"
# Runs axe-core once on every page a browser test loads (after its `load` event) and reports the
# serious and critical violations to the test; `window.__axeCheck()` runs it again on demand.
AXE_HOOK = """
(() => {
  if (window.top !== window || !window.axe) return;
  const check = () => {
    if (document.contentType !== "text/html") return Promise.resolve(null);
    const run = (window.__axePending || Promise.resolve()).catch(() => null).then(() =>
      window.axe.run(document, { resultTypes: ["violations"] }).then((result) => {
        const report = {
          url: location.pathname + location.search,
          lang: document.documentElement.lang,
          violations: result.violations
            .filter((v) => v.impact === "serious" || v.impact === "critical")
            .map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                           targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")) })),
        };
        window.__axeReport(report);
        return report;
      }));
    window.__axePending = run;
    return run;
  };
  window.__axeCheck = check;
  window.addEventListener("load", () => setTimeout(check, 0));
})();
"""


def axe_failures(reports):
    return [
        f"{r['url']} ({r['lang']}): {v['impact']} {v['id']}: {v['help']} {v['targets']}"
        for r in reports
        for v in r["violations"]
    ]


@pytest.fixture
def axe_reports():
    """Every axe report of this test's pages (the `page` fixture fills it)."""
    return []


@pytest.fixture
def page(browser, live_server, axe_reports):
    """A browser page at 1280 px; axe-core checks every page it loads (issue 13): a serious or
    critical violation fails the test at its end."""
    context = browser.new_context(
        locale="en-US", base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    context.expose_function("__axeReport", lambda report: axe_reports.append(report))
    context.add_init_script(path=str(AXE))
    context.add_init_script(script=AXE_HOOK)
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    if not pg.is_closed():
        # the last page as the test left it (and any check still running); a page that is
        # navigating away has had its check at its own load
        with contextlib.suppress(Exception):
            pg.evaluate("() => window.__axeCheck && window.__axeCheck()")
    context.close()
    failures = axe_failures(axe_reports)
    assert not failures, "axe-core found accessibility violations:\n" + "\n".join(failures)


@pytest.fixture
def sign_in(page):
    """sign_in(username) signs the browser in through the real form."""

    def do(username, password=PASSWORD):
        page.goto("/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("[data-testid=login-submit]")
        page.wait_for_url("**/dashboard/")

    return do

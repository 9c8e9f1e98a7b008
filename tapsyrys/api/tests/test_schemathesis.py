"""A bounded schemathesis run over the whole OpenAPI schema (issue 7, item 4)."""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application

MAX_EXAMPLES = 8
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


def _schema():
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


def _check(operation, headers, failures):
    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    try:
        run()
    except Exception as exc:  # noqa: BLE001 - every operation's failures, then one assertion
        detail = "; ".join(str(e) for e in getattr(exc, "exceptions", [exc]))
        failures.append(f"{operation.method.upper()} {operation.path}: {detail}"[:1500])


def _run(headers):
    failures = []
    for result in _schema().get_all_operations():
        _check(result.ok(), headers, failures)
    return failures


@pytest.fixture
def _keep_connection():
    """Django's test client keeps the test transaction's connection open across requests;
    a WSGI call would close it at request_finished (close_old_connections)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("_keep_connection")
@pytest.mark.parametrize("who", ["anonymous", "body_user", "ngo_user"])
def test_schemathesis(who, request):
    headers = {}
    if who != "anonymous":
        user = request.getfixturevalue(who)
        headers = {"Authorization": f"Token {Token.objects.create(user=user).key}"}
    failures = _run(headers)
    assert not failures, "\n\n".join(failures)

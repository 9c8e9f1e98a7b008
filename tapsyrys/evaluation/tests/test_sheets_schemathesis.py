"""The bounded schemathesis run of the API over the sheets part's operations alone: no 500,
documented codes, conforming bodies."""

import pytest
from rest_framework.authtoken.models import Token

from tapsyrys.api.tests.test_schemathesis import _check, _keep_connection, _schema  # noqa: F401

PATHS = ("/api/evaluation/evaluations/", "/api/evaluation/pending/",
         "/api/evaluation/sheets/")  # fmt: skip


@pytest.mark.django_db
@pytest.mark.usefixtures("_keep_connection")
@pytest.mark.parametrize("who", ["body_user", "council_member"])
def test_sheets_operations(who, request):
    user = request.getfixturevalue(who)
    headers = {"Authorization": f"Token {Token.objects.create(user=user).key}"}
    failures = []
    for result in _schema().get_all_operations():
        operation = result.ok()
        if operation.path.startswith(PATHS):
            _check(operation, headers, failures)
    assert not failures, "\n\n".join(failures)

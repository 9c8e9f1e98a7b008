"""Deny by default (X-ACL): DRF's default permission is IsAuthenticated; a public endpoint opts
in explicitly, and each one the site promises to the public stays open to anonymous callers."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.test import APIClient, APIRequestFactory
from rest_framework.views import APIView

from tapsyrys.api.permissions import Public, PublicRead

pytestmark = pytest.mark.django_db


class Undeclared(APIView):
    """An endpoint whose author forgot to say who may call it."""

    def get(self, request):
        return Response({"secret": 42})


def test_the_default_permission_is_is_authenticated():
    assert [IsAuthenticated] == api_settings.DEFAULT_PERMISSION_CLASSES


def test_an_endpoint_without_an_explicit_permission_is_closed_to_anonymous_users(body_user):
    view = Undeclared.as_view()
    response = view(APIRequestFactory().get("/api/undeclared/"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert "secret" not in response.data
    signed_in = APIRequestFactory().get("/api/undeclared/")
    from rest_framework.test import force_authenticate

    force_authenticate(signed_in, user=body_user)
    assert view(signed_in).status_code == 200


# Every API endpoint open to anonymous callers, by URL name, with the permission it declares.
PUBLIC_API = {
    "api:token": Public, "api:schema": Public, "api:docs": Public, "api:redoc": Public,
    "api:reference-editions": Public, "api:reference-areas": Public,
    "api:reference-regions": Public, "api:reference-mci": Public,
    "api:reference-evaluation-criteria": Public, "api:reference-grant-criteria": Public,
    "api:reference-monitoring-tools": Public, "api:reference-service-types": Public,
    "api:organisations": Public, "api:organisation-detail": Public,
    "api:calendar-deadline": Public,
    "api:formation-topics": PublicRead, "api:formation-comments": Public,
    "api:formation-comment": Public, "api:formation-annex": Public,
    "api:formation-approved-topics": Public,
    "api:contracting-ngos": Public, "api:contracting-ngo": Public,
    "api:contracting-ngo-register": Public, "api:contracting-competitions": PublicRead,
    "api:contracting-lots": PublicRead, "api:contracting-contract": Public,
    "api:contracting-passport": PublicRead, "api:accounts-signup": Public,
    "api:monitoring-annex5": Public,
    "api:evaluation-ratings": Public, "api:evaluation-ngo-rating": Public,
    "api:evaluation-councils": PublicRead, "api:evaluation-council": PublicRead,
    "api:evaluation-reports": Public, "api:evaluation-report": PublicRead,
    "api:contracting-contract-act": PublicRead,
}  # fmt: skip
# Published by engineer C's public ledger, if present in this tree.
OPTIONAL_PUBLIC_API = {"api:ledger", "api:publishing-ledger"}


def _api_views():
    def walk(patterns, ns=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                inner = f"{ns}:{p.namespace}" if ns and p.namespace else (p.namespace or ns)
                yield from walk(p.url_patterns, inner)
            elif isinstance(p, URLPattern) and ns.startswith("api"):
                yield f"{ns}:{p.name}", p.callback

    return dict(walk(get_resolver().url_patterns))


def _permissions(callback):
    cls = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    initkwargs = getattr(callback, "initkwargs", {}) or {}
    if "permission_classes" in initkwargs:
        return list(initkwargs["permission_classes"]), True
    declared = any(
        "permission_classes" in vars(k) for k in cls.__mro__ if k.__module__.startswith("tapsyrys")
    )
    return list(cls.permission_classes), declared


def test_every_api_endpoint_is_closed_unless_declared_public():
    views = _api_views()
    assert set(PUBLIC_API) <= set(views), set(PUBLIC_API) - set(views)
    wrong = {}
    for name, callback in views.items():
        classes, declared = _permissions(callback)
        if name in PUBLIC_API:
            if [Public if c is AllowAny else c for c in classes] != [PUBLIC_API[name]]:
                wrong[name] = classes
        elif name in OPTIONAL_PUBLIC_API:
            if not set(classes) & {AllowAny, Public, PublicRead}:
                wrong[name] = classes
        elif classes != [IsAuthenticated] or declared:
            wrong[name] = classes
    assert not wrong, f"endpoints whose permission differs from the declared list: {wrong}"


PUBLIC_GETS = [
    "/api/reference/editions/", "/api/reference/areas/", "/api/reference/regions/",
    "/api/reference/mci/", "/api/reference/evaluation-criteria/",
    "/api/reference/grant-criteria/", "/api/reference/monitoring-tools/",
    "/api/reference/service-types/", "/api/organisations/", "/api/organisations/?kind=ngo",
    "/api/calendar/deadline/?start=2025-03-14&working_days=10", "/api/schema/",
    "/api/docs/", "/api/redoc/", "/api/contracting/ngos/", "/api/contracting/competitions/",
    "/api/contracting/lots/", "/api/evaluation/ratings/",
]  # fmt: skip


@pytest.mark.parametrize("path", PUBLIC_GETS)
def test_public_endpoints_stay_open_to_anonymous_callers(path):
    response = APIClient().get(path)
    assert response.status_code == 200, (path, response.status_code)


def test_the_token_endpoint_is_open(body_user):
    body_user.set_password("pass-1234-word")
    body_user.save()
    response = APIClient().post(
        "/api/auth/token/", {"username": body_user.username, "password": "pass-1234-word"}
    )
    assert response.status_code == 200 and response.json()["token"]


@pytest.mark.parametrize(
    "path",
    ["/api/formation/cycles/", "/api/formation/evidence/", "/api/formation/national/",
     "/api/contracting/contracts/", "/api/contracting/reports/"],
)  # fmt: skip
def test_private_lists_refuse_anonymous_callers_with_401(path):
    response = APIClient().get(path)
    assert response.status_code == 401, (path, response.status_code)
    assert response.json()["detail"]


def test_a_public_read_endpoint_refuses_an_anonymous_write():
    response = APIClient().post(
        "/api/contracting/competitions/", {"procurement_number": "N", "year": 2025}, format="json"
    )
    assert response.status_code == 401

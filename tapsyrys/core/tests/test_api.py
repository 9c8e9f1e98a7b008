"""X-API: token auth, OpenAPI schema and docs without a CDN, reference and registry endpoints."""

import re

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tapsyrys.core.models import Area, Organisation, Region

from .factories import OrganisationFactory, StateBodyFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pass-1234-word"


# --- Token auth --------------------------------------------------------------------------------


def test_x_api_token_for_username_and_password_authenticates(ngo_user):
    client = APIClient()
    response = client.post(
        "/api/auth/token/", {"username": "ngo", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(user=ngo_user).key == token

    anonymous = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert anonymous.wsgi_request.user.is_anonymous
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    authed = client.get("/api/organisations/")
    assert authed.status_code == 200
    assert authed.wsgi_request.user == ngo_user


@pytest.mark.parametrize(
    "payload",
    [
        {"username": "ngo", "password": "wrong-password"},
        {"username": "nobody", "password": PASSWORD},
        {"username": "ngo"},
        {},
    ],
)
def test_x_api_token_bad_credentials_400(ngo_user, payload):
    response = APIClient().post("/api/auth/token/", payload, format="json")
    assert response.status_code == 400
    assert response.json()["detail"]
    assert not Token.objects.exists()


def test_x_api_bad_token_is_refused(ngo_user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef")
    response = client.get("/api/organisations/", HTTP_ACCEPT_LANGUAGE="en")
    # 401 with the challenge: token authentication comes first (REST_FRAMEWORK settings)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert "token" in response.json()["detail"].lower()


# --- Schema and docs ---------------------------------------------------------------------------


def test_x_api_openapi_3_schema(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in (
        "/api/reference/mci/",
        "/api/reference/areas/",
        "/api/organisations/",
        "/api/calendar/deadline/",
        "/api/auth/token/",
    ):
        assert path in schema["paths"], path


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_x_api_docs_without_a_cdn(client, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    assert sources, "the docs page loads its scripts and styles"
    external = [s for s in sources if re.match(r"(https?:)?//", s)]
    assert external == []
    # nor in inline code (e.g. a bundle URL written into a script)
    assert not re.search(r"https?://(cdn|unpkg|fonts)\.", html)
    assert "jsdelivr" not in html


# --- Reference data ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "value"),
    [
        ("2024-05-04", 3692),
        ("2020-03-31", 2651),
        ("2020-04-01", 2778),
        ("2022-06-01", 3063),
        ("2026-01-01", 4325),
    ],
)
def test_x_mci_api_on_a_date(api_for, on, value):
    response = api_for().get("/api/reference/mci/", {"on": on})
    assert response.status_code == 200
    assert response.json() == {"date": on, "value": value}


@pytest.mark.parametrize("on", ["not-a-date", "04.05.2024", "2024-02-30", "", "2017-12-31"])
def test_x_mci_api_bad_date_400_naming_on(api_for, on):
    response = api_for().get("/api/reference/mci/", {"on": on})
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "on"
    assert body["detail"]


def test_x_mci_api_all_rates(api_for):
    response = api_for().get("/api/reference/mci/")
    assert response.status_code == 200
    rows = response.json()
    assert len(rows) == 11
    (social,) = [r for r in rows if r["applies_to"] == "social_payments"]
    assert (social["effective_from"], social["value_tenge"]) == ("2022-04-01", 3180)


@pytest.mark.parametrize(
    ("edition", "count"), [("2021", 17), ("2022", 19), ("2018", 17), (None, 19)]
)
def test_x_area_api_by_edition(api_for, edition, count):
    response = api_for().get("/api/reference/areas/", {"edition": edition} if edition else {})
    assert response.status_code == 200
    rows = response.json()
    assert len(rows) == count
    if edition:
        assert [r["numbers"][edition] for r in rows] == list(range(1, count + 1))


def test_x_area_api_unknown_edition_400(api_for):
    response = api_for().get("/api/reference/areas/", {"edition": "2019"})
    assert response.status_code == 400
    assert response.json()["field"] == "edition"


@pytest.mark.parametrize(
    ("path", "count"),
    [
        ("/api/reference/editions/", 3),
        ("/api/reference/regions/", 20),
        ("/api/reference/evaluation-criteria/", 4),
        ("/api/reference/grant-criteria/", 5),
        ("/api/reference/monitoring-tools/", 7),
        ("/api/reference/service-types/", 6),
    ],
)
def test_x_api_reference_lists(api_for, path, count):
    response = api_for().get(path)
    assert response.status_code == 200
    assert len(response.json()) == count


# --- The NGO registry --------------------------------------------------------------------------


@pytest.fixture
def registry(db):
    almaty = Region.objects.get(code="almaty")
    education = Area.objects.get(code="education")
    a = OrganisationFactory(
        bin="971240001315", name_ru="Общественный фонд «Милосердие»", name_kk="«Мейірім» қоры"
    )
    b = OrganisationFactory(region=almaty, name_ru="ОО «Надежда»", name_kk="«Үміт» бірлестігі")
    b.areas.add(education)
    c = OrganisationFactory(is_active=False, name_ru="Закрытое ОО «Милосердие»")
    body = StateBodyFactory(name_ru="Акимат «Милосердие»")
    return {"a": a, "b": b, "inactive": c, "body": body}


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "ngo"}, {"a", "b"}),
        ({"kind": "ngo", "q": "Милосердие"}, {"a"}),
        ({"kind": "ngo", "q": "милосердие"}, {"a"}),  # case-insensitive
        ({"kind": "ngo", "q": "Мейірім"}, {"a"}),  # Kazakh name
        ({"kind": "ngo", "q": "971240"}, {"a"}),  # BIN prefix
        ({"kind": "ngo", "q": "971240001315"}, {"a"}),
        ({"kind": "ngo", "q": "000001315"}, set()),  # not a prefix
        ({"kind": "ngo", "region": "almaty"}, {"b"}),
        ({"kind": "ngo", "area": "education"}, {"b"}),
        ({"kind": "ngo", "region": "almaty", "q": "Милосердие"}, set()),
        ({"kind": "state_body", "q": "Милосердие"}, {"body"}),
        ({"q": "Милосердие"}, {"a", "body"}),  # never the inactive one
    ],
)
def test_x_api_organisations_filters(api_for, registry, params, expected):
    assert ids(api_for().get("/api/organisations/", params)) == {registry[k].pk for k in expected}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"region": "atlantis"}, "region"),
        ({"region": "1"}, "region"),
        ({"area": "space"}, "area"),
        ({"kind": "bank"}, "kind"),
    ],
)
def test_x_api_organisations_bad_filter_400_naming_it(api_for, params, field):
    response = api_for().get("/api/organisations/", params)
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == field
    assert body["detail"]


def test_x_api_organisations_public_fields_only(api_for, ngo_user, registry):
    response = api_for(ngo_user).get("/api/organisations/", {"kind": "ngo", "q": "971240"})
    (row,) = response.json()["results"]
    assert row["bin"] == "971240001315"
    assert row["region"] == "astana"
    for private in ("users", "is_org_admin", "is_active", "password", "email_verified"):
        assert private not in row
    assert set(row) == {
        "id",
        "kind",
        "level",
        "bin",
        "name_kk",
        "name_ru",
        "name_en",
        "short_name_kk",
        "short_name_ru",
        "legal_form",
        "region",
        "areas",
        "address",
        "phones",
        "email",
        "website",
        "description",
        "is_verified",
        "parent",
    }
    detail = api_for().get(f"/api/organisations/{registry['a'].pk}/")
    assert detail.status_code == 200
    assert detail.json()["bin"] == "971240001315"
    assert api_for().get(f"/api/organisations/{registry['inactive'].pk}/").status_code == 404


def test_x_api_organisations_are_read_only(api_for, admin_user):
    response = api_for(admin_user).post(
        "/api/organisations/", {"bin": "971240001315", "name_ru": "x"}, format="json"
    )
    assert response.status_code == 405
    assert not Organisation.objects.filter(bin="971240001315").exists()


@pytest.mark.parametrize("count", [1, 50])
def test_x_api_organisations_constant_queries(api_for, django_assert_max_num_queries, count):
    areas = list(Area.objects.all()[:3])
    for _ in range(count):
        org = OrganisationFactory()
        org.areas.set(areas)
    client = api_for()
    with django_assert_max_num_queries(4):  # count, page, prefetch of areas (+ a savepoint)
        response = client.get("/api/organisations/", {"kind": "ngo"})
    assert response.status_code == 200
    assert response.json()["count"] == count
    assert all(len(r["areas"]) == 3 for r in response.json()["results"])

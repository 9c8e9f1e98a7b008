"""No 5xx from input (issue 7, item 4): control characters, far pages, JSON that is not one
object or is nested deeply, far dates, numbers beyond a column → 400 naming the field, and
nothing written."""

import datetime as dt
import json

import pytest
from django.test import Client

from tapsyrys.contracting.models import Contract, TargetGroup
from tapsyrys.contracting.tests.factories import contract_make, lot_make
from tapsyrys.core.models import Organisation, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def anon():
    c = Client()
    c.raise_request_exception = False  # a 500 is an answer to assert on, not an exception
    return c


@pytest.mark.parametrize(
    "url",
    sorted(
        [
            "/api/contracting/ngos/?q=a%00b",
            "/api/contracting/ngos/?q=a%01b",
            "/api/ledger/?kind=%00",
            "/contracting/ngos/?q=a%00b",
            "/calculator/?start=%00&working_days=1",
        ]
    ),
)
def test_control_characters_in_a_parameter_are_400_naming_it(anon, url):
    response = anon.get(url)
    assert response.status_code == 400
    if url.startswith("/api/"):
        body = response.json()
        assert body["field"] in {"q", "kind", "start"} and body["code"] == "control_characters"
    else:
        assert b'data-testid="input-refused"' in response.content


def test_tab_and_line_breaks_are_not_control_characters(anon):
    assert anon.get("/api/contracting/ngos/?q=a%09b%0Ac%0D").status_code == 200


def test_control_characters_in_a_form_body_are_400_and_write_nothing(anon):
    before = User.objects.count()
    response = anon.post("/accounts/signup/", {"username": "x\x00y", "full_name": "A"})
    assert response.status_code == 400
    assert User.objects.count() == before


@pytest.mark.parametrize("value", ["a\x00b", "a\x07b"])
def test_control_characters_in_a_json_string_are_400_naming_the_field(anon, value):
    body = json.dumps({"username": "u1", "full_name": value, "email": "a@b.kz", "password": "x"})
    response = anon.post("/api/accounts/signup/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["field"] == "full_name"
    assert not User.objects.filter(username="u1").exists()


@pytest.mark.parametrize(
    ("query", "count"),
    [("limit=100000000000000000000", 500), ("limit=500", 500), ("limit=499", 499)],
)
def test_limit_is_capped_at_500(anon, query, count):
    from tapsyrys.core.tests.factories import OrganisationFactory

    OrganisationFactory.create_batch(501)
    response = anon.get(f"/api/organisations/?{query}")
    assert response.status_code in (200, 401, 403)
    response = anon.get(f"/api/contracting/ngos/?{query}")
    assert response.status_code == 200
    assert len(response.json()["results"]) == count


@pytest.mark.parametrize(
    ("offset", "status"), [("1000000000", 200), ("1000000001", 400), ("10" * 15, 400)]
)
def test_far_offset_is_400_naming_it(anon, offset, status):
    for url in ("/api/contracting/ngos/", "/api/ledger/"):
        response = anon.get(f"{url}?offset={offset}")
        assert response.status_code == status, url
        if status == 400:
            assert response.json()["field"] == "offset"


DEEP = "[" * 5000 + "]" * 5000


@pytest.mark.parametrize(
    "payload",
    sorted(["[1, 2]", "5", '"text"', "null", DEEP, '{"a": ' * 20 + "1" + "}" * 20, "NaN"]),
)
@pytest.mark.parametrize(
    "url",
    sorted(["/api/accounts/signup/", "/api/contracting/ngos/register/", "/api/auth/token/"]),
)
def test_json_that_is_not_one_shallow_object_is_400_anonymously(anon, url, payload):
    before = (User.objects.count(), Organisation.objects.count())
    response = anon.post(url, payload, content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()
    assert (User.objects.count(), Organisation.objects.count()) == before


@pytest.mark.parametrize("payload", ["[1]", "5"])
def test_json_array_or_number_as_the_import_body_is_400(body_user, payload):
    c = Client()
    c.raise_request_exception = False
    c.force_login(body_user)
    response = c.post("/api/contracting/imports/", payload, content_type="application/json")
    assert response.status_code == 400


def test_a_body_larger_than_the_limit_is_refused(anon, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = json.dumps({"username": "u2", "full_name": "x" * 20_000})
    response = anon.post("/api/accounts/signup/", body, content_type="application/json")
    assert response.status_code == 400
    assert not User.objects.filter(username="u2").exists()


def test_a_request_larger_than_the_upload_limit_is_413(anon, settings):
    settings.TAPSYRYS_MAX_REQUEST_BYTES = 1000
    response = anon.post(
        "/api/accounts/signup/", json.dumps({"x": "y" * 2000}), content_type="application/json"
    )
    assert response.status_code == 413


@pytest.mark.parametrize("start", ["31.12.9999", "01.01.0001", "31.12.2100"])
def test_far_dates_on_the_calculator_page_are_a_form_error(anon, start):
    response = anon.get(f"/calculator/?start={start}&working_days=10")
    assert response.status_code == 200
    assert "31.12.2099" in response.content.decode()


def test_the_calculator_still_counts_inside_the_range(anon):
    response = anon.get("/calculator/?start=30.12.2099&working_days=0")
    assert response.status_code == 200


@pytest.mark.parametrize("start", ["9999-12-31", "0001-01-01"])
def test_far_dates_on_the_deadline_api_are_400_naming_start(anon, start):
    response = anon.get(f"/api/calendar/deadline/?start={start}&working_days=10")
    assert response.status_code == 400
    assert response.json()["field"] == "start"


@pytest.fixture
def contract(body_user, ngo):
    return contract_make(body_user, ngo)


@pytest.mark.parametrize(
    ("count", "status"),
    [(10**30, 400), (2_147_483_648, 400), (1.5, 400), ("1.5", 400), (2_147_483_647, 200)],
)
def test_passport_coverage_beyond_the_column_or_fractional_is_400(
    contract, ngo, ngo_user, api_for, count, status
):
    ngo_user.organisation = contract.supplier
    ngo_user.save()
    group = contract.target_groups.get()
    api = api_for(ngo_user)
    api.raise_request_exception = False
    response = api.put(
        f"/api/contracting/contracts/{contract.pk}/passport/",
        {"reached": {str(group.pk): count}},
        format="json",
    )
    assert response.status_code == status, response.content
    group.refresh_from_db()
    if status == 400:
        assert "reached" in response.json()["field"] or response.json()["field"] == "target_groups"
        assert group.reached is None
    else:
        assert group.reached == count


@pytest.mark.parametrize("planned", [10**30, 2_147_483_648])
def test_contract_target_group_beyond_the_column_is_400(body_user, ngo, api_for, planned):
    lot = lot_make(body_user)
    api = api_for(body_user)
    api.raise_request_exception = False
    before = Contract.objects.count()
    response = api.post(
        "/api/contracting/contracts/",
        {
            "lot": lot.pk,
            "supplier_bin": ngo.bin,
            "number": "C-BIG",
            "signed_on": "2025-01-10",
            "amount": "1000000",
            "starts_on": "2025-01-10",
            "ends_on": "2025-12-20",
            "target_groups": [{"name": "Молодёжь", "planned": planned}],
        },
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "target_groups" in response.json()["field"]
    assert Contract.objects.count() == before
    assert not TargetGroup.objects.filter(planned__gt=2_147_483_647).exists()


def test_a_10_mb_registration_description_is_refused(anon):
    from tapsyrys.contracting.tests.test_registry import registration_data
    from tapsyrys.core.tests.factories import next_bin

    data = registration_data(next_bin("1504"))
    data["description"] = "x" * (10 * 1024 * 1024)
    response = anon.post("/contracting/ngos/register/", data)
    assert response.status_code in (200, 400, 413)
    assert not Organisation.objects.filter(bin=data["bin"]).exists()
    data = registration_data(next_bin("1504"))
    data.update(password=data.pop("password1"), areas=["youth"], region="astana")
    data.pop("password2")
    data["description"] = "x" * 4001
    response = anon.post("/api/contracting/ngos/register/", data, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["field"] == "description"
    assert not Organisation.objects.filter(bin=data["bin"]).exists()


def test_a_long_passport_field_is_refused(contract, ngo_user, api_for):
    ngo_user.organisation = contract.supplier
    ngo_user.save()
    response = api_for(ngo_user).put(
        f"/api/contracting/contracts/{contract.pk}/passport/",
        {"goals_tasks": "x" * 20_001},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "goals_tasks"


def test_dates_out_of_range_on_the_contract_api_are_400(body_user, ngo, api_for):
    lot = lot_make(body_user)
    response = api_for(body_user).post(
        "/api/contracting/contracts/",
        {
            "lot": lot.pk,
            "supplier_bin": ngo.bin,
            "number": "C-9999",
            "signed_on": "9999-12-31",
            "amount": "1000000",
            "starts_on": "2025-01-10",
            "ends_on": "2025-12-20",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "signed_on"
    assert not Contract.objects.filter(number="C-9999").exists()
    assert dt.date(9999, 12, 31) not in Contract.objects.values_list("signed_on", flat=True)

"""Issue 8: keyset pagination of the list APIs and the registry — following `next` visits every
row once in the list's order, `previous` comes back, a deep page costs the first page's
queries, a cursor that the list did not give out is a 400 naming it."""

import pytest
from django.utils import timezone

from tapsyrys.core.models import Organisation
from tapsyrys.core.pagination import decode, encode, keyset_page, ordering_of
from tapsyrys.core.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def make_ngos(names):
    return [
        OrganisationFactory(kind=Organisation.Kind.NGO, name_ru=name, name_kk=name)
        for name in names
    ]


def expected_order():
    return list(
        Organisation.objects.filter(kind="ngo", is_active=True)
        .order_by("name_ru", "id")
        .values_list("pk", flat=True)
    )


def test_following_next_visits_every_row_once_in_order(client):
    make_ngos(["ОО В", "ОО А", "ОО Б", "ОО А", "ОО Г", "ОО Д", "ОО А"])  # ties on the name
    url, seen, pages = "/api/organisations/?kind=ngo&limit=3", [], []
    while url:
        body = client.get(url, HTTP_AUTHORIZATION="").json()
        assert body["count"] == 7
        seen += [row["id"] for row in body["results"]]
        pages.append(body)
        url = body["next"]
        assert url is None or "cursor=" in url and "offset=" not in url
    assert seen == expected_order()
    assert [len(p["results"]) for p in pages] == [3, 3, 1]
    assert pages[0]["previous"] is None


def test_previous_comes_back_to_the_same_rows(client):
    make_ngos([f"ОО {i:02d}" for i in range(8)])
    first = client.get("/api/organisations/?kind=ngo&limit=3").json()
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    back = client.get(third["previous"]).json()
    assert [r["id"] for r in back["results"]] == [r["id"] for r in second["results"]]
    again = client.get(back["previous"]).json()
    assert [r["id"] for r in again["results"]] == [r["id"] for r in first["results"]]
    assert again["previous"] is None and again["next"] is not None


def test_offset_still_pages_for_clients_that_count(client):
    make_ngos([f"ОО {i:02d}" for i in range(5)])
    body = client.get("/api/organisations/?kind=ngo&limit=2&offset=2").json()
    assert [r["id"] for r in body["results"]] == expected_order()[2:4]
    assert "offset=4" in body["next"] and body["count"] == 5


@pytest.mark.parametrize("cursor", ["garbage", "e30", encode([1, 2, 3]), encode([None, 1])])
def test_a_cursor_not_given_out_is_400_naming_it(client, cursor):
    response = client.get(f"/api/organisations/?kind=ngo&cursor={cursor}")
    assert response.status_code == 400
    assert response.json()["field"] == "cursor"


def test_a_deep_page_costs_the_first_pages_queries(client, django_assert_num_queries):
    make_ngos([f"ОО {i:03d}" for i in range(60)])
    order = expected_order()
    client.get("/api/organisations/?kind=ngo&limit=5")  # the count reaches the cache
    boundary = Organisation.objects.get(pk=order[49])
    deep = f"/api/organisations/?kind=ngo&limit=5&cursor={encode([boundary.name_ru, boundary.pk])}"
    client.get(deep)
    with django_assert_num_queries(2):  # the page and its areas; no COUNT(*)
        body = client.get(deep + "&x=1").json()
    assert [r["id"] for r in body["results"]] == order[50:55]


def test_limit_above_the_cap_is_capped(client):
    make_ngos(["ОО А"])
    body = client.get("/api/organisations/?kind=ngo&limit=100000").json()
    assert body["count"] == 1 and len(body["results"]) == 1
    from tapsyrys.api.pagination import MAX_LIMIT, BoundedLimitOffsetPagination

    class Request:
        query_params = {"limit": "100000"}

    assert BoundedLimitOffsetPagination().get_limit(Request()) == MAX_LIMIT == 500


def test_a_descending_ordering_pages_backwards_in_time():
    now = timezone.now()
    for days in range(5):
        OrganisationFactory(kind="ngo", created_at=now - timezone.timedelta(days=days))
    qs = Organisation.objects.filter(kind="ngo").order_by("-created_at")
    assert ordering_of(qs) == [("created_at", True), ("id", True)]
    first = keyset_page(qs, size=2)
    second = keyset_page(qs, cursor=first.next_cursor, size=2)
    third = keyset_page(qs, cursor=second.next_cursor, size=2)
    ids = [o.pk for page in (first, second, third) for o in page]
    assert ids == list(qs.order_by("-created_at", "-id").values_list("pk", flat=True))
    assert third.next_cursor is None and len(third) == 1


def test_an_ordering_that_cannot_be_sought_on_falls_back_to_offset():
    assert ordering_of(Organisation.objects.order_by("verified_at")) is None  # nullable
    assert ordering_of(Organisation.objects.order_by("?")) is None
    assert ordering_of(Organisation.objects.order_by("region")) is None  # a relation
    assert ordering_of(Organisation.objects.order_by("region__code")) is None  # nullable FK
    assert ordering_of(Organisation.objects.order_by("name_kk")) == [
        ("name_kk", False),
        ("id", False),
    ]


def test_a_cursor_round_trips_dates_and_decimals():
    import datetime as dt
    from decimal import Decimal

    cursor = encode([dt.date(2026, 3, 20), Decimal("12.50"), 7], reverse=True)
    assert decode(cursor, 3) == (["2026-03-20", "12.50", 7], True)


def test_the_registry_page_links_to_the_next_page_by_cursor(client):
    make_ngos([f"ОО {i:02d}" for i in range(30)])  # PAGE_SIZE is 25
    first = client.get("/contracting/ngos/").content.decode()
    assert "30" in first and 'data-testid="next"' in first and "cursor=" in first
    import re

    link = re.search(r'href="\?([^"]*cursor=[^"]+)" data-testid="next"', first).group(1)
    second = client.get("/contracting/ngos/?" + link.replace("&amp;", "&")).content.decode()
    names = [f"ОО {i:02d}" for i in range(30)]
    assert all(name in second for name in names[25:]) and names[0] not in second
    assert 'data-testid="prev"' in second and 'data-testid="next"' not in second


def test_a_bad_registry_cursor_shows_the_first_page(client):
    make_ngos(["ОО А"])
    response = client.get("/contracting/ngos/?cursor=nonsense")
    assert response.status_code == 200 and "ОО А" in response.content.decode()

"""Issue 8: the registry API's list is read as values (core/selectors.py) and gives exactly what
OrganisationPublicSerializer gives for the same rows — a region or none, areas in their order,
a parent or none — in a constant number of queries, for visitors and signed-in callers alike."""

import pytest
from django.core.cache import cache

from tapsyrys.core.models import Area, Organisation, Region
from tapsyrys.core.selectors import organisation_public_list
from tapsyrys.core.serializers import OrganisationPublicSerializer
from tapsyrys.core.tests.factories import OrganisationFactory, StateBodyFactory

pytestmark = pytest.mark.django_db

URL = "/api/organisations/?kind=ngo&limit=50"


def _world():
    areas = list(Area.objects.order_by("id")[:3])
    parent = StateBodyFactory()
    with_all = OrganisationFactory(name_ru="А — со всем", parent=parent, phones="+7 701 000 00 00")
    with_all.areas.set([areas[2], areas[0]])  # stored out of order: the API gives them by id
    bare = OrganisationFactory(name_ru="Б — без региона", region=None, website="")
    other = OrganisationFactory(
        name_ru="В — другой регион", region=Region.objects.exclude(code="astana").first()
    )
    other.areas.set([areas[1]])
    return [with_all, bare, other]


def test_the_api_gives_what_the_serializer_gives(client):
    _world()
    expected = OrganisationPublicSerializer(
        organisation_public_list(kind="ngo").order_by("name_ru", "id"), many=True
    ).data
    body = client.get(URL).json()
    assert body["results"] == [dict(row) for row in expected]
    first = body["results"][0]
    assert [a["id"] for a in first["areas"]] == sorted(a["id"] for a in first["areas"])
    assert first["parent"] == Organisation.objects.get(name_ru="А — со всем").parent_id
    assert body["results"][1]["region"] is None and body["results"][1]["areas"] == []
    assert list(first) == list(OrganisationPublicSerializer().fields)  # the same key order


def test_signed_in_callers_get_the_same_rows(client, client_for, ngo_user):
    _world()
    anonymous = client.get(URL).json()["results"]
    signed_in = client_for(ngo_user).get(URL).json()["results"]
    assert signed_in == anonymous


@pytest.mark.parametrize("rows", [1, 50])
def test_a_page_costs_the_same_queries_at_1_and_50_rows(
    rows, client, django_assert_max_num_queries
):
    areas = list(Area.objects.all()[:2])
    for _ in range(rows):
        OrganisationFactory().areas.set(areas)
    cache.clear()
    with django_assert_max_num_queries(4):  # the page, its areas, the count, the lookups
        response = client.get(URL)
    assert len(response.json()["results"]) == rows

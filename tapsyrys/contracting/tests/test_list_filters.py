"""Issue 13 (lists): the competitions and contracts lists filter by body, area and status with a
label on every field; a competition is named by its number, date and body; the registry filters
by verification and separates an NGO's areas."""

import datetime as dt
import re

import pytest
from django.core.cache import cache

from tapsyrys.contracting.models import Competition, Lot
from tapsyrys.core.models import Area

from .factories import competition_for, contract_make, lot_make

pytestmark = pytest.mark.django_db


def areas():
    first, second = Area.objects.filter(edition_numbers__edition__code="2022").distinct()[:2]
    return first, second


def labelled(html, name):
    """The form field `name` has a <label for> naming its id."""
    match = re.search(rf'<(?:select|input)[^>]*name="{name}"[^>]*id="([^"]+)"', html) or re.search(
        rf'<(?:select|input)[^>]*id="([^"]+)"[^>]*name="{name}"', html
    )
    assert match, f"no field {name}"
    return f'<label for="{match.group(1)}"' in html


def test_competitions_filter_by_body_area_and_status(client, body_user, other_body_user):
    area, other_area = areas()
    mine = competition_for(body_user, procurement_number="GZ-1")
    theirs = competition_for(other_body_user, procurement_number="GZ-2")
    lot_make(body_user, competition=mine, area=area)
    lot = lot_make(other_body_user, competition=theirs, area=other_area)
    Lot.objects.filter(pk=lot.pk).update(status=Lot.Status.HELD)

    def shown(**params):
        page = client.get("/contracting/competitions/", params).context["page"]
        return {c.pk for c in page}

    assert shown() == {mine.pk, theirs.pk}
    assert shown(body=body_user.organisation_id) == {mine.pk}
    assert shown(area=other_area.pk) == {theirs.pk}
    assert shown(status="held") == {theirs.pk}
    assert shown(status="announced") == {mine.pk}
    assert shown(status="nonsense") == {mine.pk, theirs.pk}  # an invalid filter is ignored
    html = client.get("/contracting/competitions/").content.decode()
    for name in ("body", "area", "status", "year"):
        assert labelled(html, name), name


def test_a_competition_is_named_by_number_date_and_body(client, body_user):
    competition = competition_for(body_user, procurement_number="GZ-77")
    Competition.objects.filter(pk=competition.pk).update(
        held_on=dt.date(2026, 3, 15), title_ru="Конкурс", title_kk="Конкурс"
    )
    html = client.get("/contracting/competitions/").content.decode()
    assert "Competition No. GZ-77 of 15.03.2026" in html
    page = client.get(f"/contracting/competitions/{competition.pk}/").content.decode()
    h1 = re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)
    assert "GZ-77" in h1 and "15.03.2026" in h1
    assert (body_user.organisation.short_name or body_user.organisation.name) in h1


def test_the_contract_page_names_its_competition(client, body_user, ngo):
    competition = competition_for(body_user, procurement_number="GZ-78")
    Competition.objects.filter(pk=competition.pk).update(held_on=dt.date(2026, 4, 1))
    contract = contract_make(body_user, ngo, lot=lot_make(body_user, competition=competition))
    html = client.get(f"/contracting/contracts/{contract.pk}/").content.decode()
    crumbs = re.search(r'<nav class="breadcrumb".*?</nav>', html, re.S).group(0)
    assert "Competition No. GZ-78 of 01.04.2026" in crumbs


def test_contracts_filter_by_body_and_area(
    client_for, body_user, other_body_user, ngo, authorized_user
):
    area, other_area = areas()
    mine = contract_make(body_user, ngo, lot=lot_make(body_user, area=area))
    theirs = contract_make(other_body_user, ngo, lot=lot_make(other_body_user, area=other_area))
    client = client_for(authorized_user)

    def shown(**params):
        response = client.get("/contracting/contracts/", params)
        assert response.status_code == 200
        return {c.pk for c in response.context["page"]}

    assert {mine.pk, theirs.pk} <= shown()
    assert shown(body=other_body_user.organisation_id) == {theirs.pk}
    assert shown(area=area.pk) == {mine.pk}
    assert shown(area=area.pk, status="active") == {mine.pk}
    html = client.get("/contracting/contracts/").content.decode()
    for name in ("body", "area", "status", "year"):
        assert labelled(html, name), name
    # a state body sees only its own contracts: it gets no body filter
    own = client_for(body_user).get("/contracting/contracts/").content.decode()
    assert 'name="body"' not in own and labelled(own, "area")


def test_registry_filters_by_verification_and_lists_areas(client, ngo, other_ngo):
    area, other_area = areas()
    ngo.areas.set([area, other_area])
    ngo.is_verified = True
    ngo.save(update_fields=["is_verified"])
    other_ngo.is_verified = False
    other_ngo.save(update_fields=["is_verified"])

    def shown(**params):
        cache.clear()  # a repeated visit would be served from the public cache, no context
        return {o.pk for o in client.get("/contracting/ngos/", params).context["page"]}

    assert shown(verified="1") >= {ngo.pk} and other_ngo.pk not in shown(verified="1")
    assert other_ngo.pk in shown(verified="0") and ngo.pk not in shown(verified="0")
    html = client.get("/contracting/ngos/").content.decode()
    for name in ("region", "area", "verified"):
        assert labelled(html, name), name
    # the areas are a list with a separator, not names run together
    assert re.search(r'<ul class="tags"><li>[^<]+<span class="sep">, </span></li><li>', html)

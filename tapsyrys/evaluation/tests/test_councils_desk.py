"""The councils' desk cards, nav entry and contract-page panel; constant query counts."""

import datetime as dt

import pytest
from django.test import RequestFactory
from django.utils import timezone

from tapsyrys.contracting.tests.factories import contract_make
from tapsyrys.core.tests.factories import UserFactory
from tapsyrys.evaluation.desk import councils as desk
from tapsyrys.evaluation.nav import councils as nav
from tapsyrys.evaluation.panels import councils as panels

from .factories_councils import council_announce, council_approved, notice_signed

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def _items(cards):
    return {i["key"]: i["value"] for c in cards for i in c["items"]}


def test_body_card(body_user, django_assert_max_num_queries):
    council_announce(body_user, now=timezone.now() - dt.timedelta(days=11))
    council_announce(body_user, now=timezone.now(), first_year=timezone.localdate().year)
    with django_assert_max_num_queries(3):
        cards = desk.cards(_request(body_user), now=timezone.now())
    assert _items(cards)["evaluation.council.to_form"] == 1
    assert _items(cards)["evaluation.council.open"] == 1


def test_member_card_and_nav(body_user):
    people = [UserFactory(), UserFactory()]
    council = council_approved(body_user, people)
    notice_signed(council.members.get(user=people[0]))
    cards = desk.cards(_request(people[1]), now=timezone.now())
    assert _items(cards)["evaluation.notice.missing"] == 1
    assert (
        _items(desk.cards(_request(people[0]), now=timezone.now()))["evaluation.notice.missing"]
        == 0
    )
    assert nav.items(_request(people[0]))[0]["url"] == "/evaluation/councils/mine/"


def test_panel_names_the_council(body_user, ngo):
    contract = contract_make(body_user, ngo)
    assert panels.panel(_request(body_user), contract)["council"] is None
    council = council_approved(
        body_user, [UserFactory()], first_year=contract.ends_on.year,
        now=dt.datetime(contract.ends_on.year, 1, 5, 6, tzinfo=dt.UTC),
    )  # fmt: skip
    assert panels.panel(_request(body_user), contract)["council"] == council


def test_bench_scenarios(body_user, ngo, client):
    from tapsyrys.evaluation.bench import councils as bench

    council_approved(body_user, [UserFactory()])
    contract_make(body_user, ngo)
    scenarios = bench.scenarios()
    assert len(scenarios) == 4
    for s in scenarios:
        if s.url:
            assert client.get(s.url).status_code == 200
        else:
            assert s.func() == 1

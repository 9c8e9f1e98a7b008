"""The rating's demo step and bench scenarios answer (E-8, issue item 9)."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from tapsyrys.contracting.tests.factories import contract_make
from tapsyrys.evaluation.bench.rating import scenarios
from tapsyrys.evaluation.demo.rating import seed
from tapsyrys.evaluation.models import NgoRating

from .factories_rating import evaluation_report

pytestmark = pytest.mark.django_db


def test_demo_seed_rates_every_ngo_and_year(body_user, ngo, other_ngo):
    contract_make(body_user, ngo)
    evaluation_report(contract_make(body_user, other_ngo), (4, 4, 4, 4))
    ctx = SimpleNamespace(today=dt.date(2026, 12, 1), now=timezone.now(), objects={})
    seed(ctx)
    assert ctx.objects["ratings"] == 2 == NgoRating.objects.count()
    assert NgoRating.objects.get(ngo=other_ngo).effectiveness is not None


def test_bench_scenarios_answer(client, body_user, ngo):
    contract_make(body_user, ngo)
    found = scenarios()
    assert [s.name for s in found] == [
        "NGO rating: recompute every NGO and year",
        "NGO ratings: the latest year, first page",
        "NGO ratings API: 100 of the latest year",
        "NGO page with its rating history",
        "NGO rating API with its history",
    ]
    for sc in found:
        if sc.url:
            assert client.get(sc.url).status_code == 200, sc.name
        else:
            assert sc.func() == 1

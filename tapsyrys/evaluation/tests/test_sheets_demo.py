"""The sheets part's demo seed and bench scenarios, on a small world."""

import datetime as dt
import random
from types import SimpleNamespace

import pytest

from tapsyrys.contracting.tests.factories import contract_make
from tapsyrys.evaluation.bench.sheets import scenarios
from tapsyrys.evaluation.demo.sheets import seed
from tapsyrys.evaluation.models import AssessmentSheet, Evaluation, Exclusion

from .factories_sheets import council_make, member_user

pytestmark = pytest.mark.django_db


def test_demo_seed_signs_sheets_and_leaves_the_conflicted_member_out(body_user, body, ngo):
    a, b, own = member_user(), member_user(), member_user(organisation=ngo)
    council_make(body, [a, b, own])
    for _i in range(5):
        contract_make(body_user, ngo)
    ctx = SimpleNamespace(today=dt.date(2026, 2, 2), rng=random.Random(7), objects={})
    seed(ctx)
    assert Evaluation.objects.count() == 5
    assert AssessmentSheet.objects.filter(signed_at__isnull=False).count() == 6  # 3 × 2
    assert AssessmentSheet.objects.filter(signed_at__isnull=True).count() == 1
    assert not AssessmentSheet.objects.filter(member__user=own).exists()
    assert Exclusion.objects.filter(member__user=own).count() == 5
    seed(ctx)  # twice: nothing new
    assert AssessmentSheet.objects.count() == 7


def test_bench_scenarios_named():
    names = [s.name for s in scenarios()]
    assert len(names) == len(set(names)) == 4

"""The reports part's demo step closes, posts and signs acts for the seeded evaluations."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from tapsyrys.contracting.models import ServiceAct
from tapsyrys.evaluation.demo import reports as demo
from tapsyrys.evaluation.models import EvaluationReport

from .factories_reports import evaluation_make

pytestmark = pytest.mark.django_db


def test_the_demo_step(body_user, ngo):
    for _ in range(3):
        evaluation_make(body_user, ngo)
    evaluation_make(body_user, ngo, drafts=[(1, 1, 1, 1)])  # a member still drafts: left open
    ctx = SimpleNamespace(today=timezone.localdate() + dt.timedelta(days=0), objects={})
    demo.seed(ctx)
    assert EvaluationReport.objects.count() == 3
    assert EvaluationReport.objects.filter(posted_on__isnull=False).count() == 2
    assert ServiceAct.objects.count() == 1
    demo.seed(ctx)  # idempotent: nothing open is left to close
    assert EvaluationReport.objects.count() == 3

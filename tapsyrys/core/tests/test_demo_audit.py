"""X-AUDIT on the demo seed: every row it writes has row history and a business event."""

import io

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from tapsyrys.core.models import AuditEvent, Organisation

pytestmark = pytest.mark.django_db


def _history_models():
    """Every model that keeps row history, with its historical model (the business models)."""
    return [
        (model, model.history.model)
        for model in apps.get_models()
        if hasattr(model, "history") and hasattr(model.history, "model")
    ]


def _rows_without_history(model, historical):
    pk = model._meta.pk.attname
    return model._default_manager.exclude(
        pk__in=historical.objects.values_list(pk, flat=True)
    ).count()


@pytest.fixture
def seeded():
    out = io.StringIO()
    call_command("seed_demo", "--scale", "demo", "--today", "2026-03-02", stdout=out)
    return out.getvalue()


def test_every_row_of_every_business_model_has_history_after_seed_demo(seeded):
    missing = {
        model._meta.label: _rows_without_history(model, historical)
        for model, historical in _history_models()
    }
    assert {label: n for label, n in missing.items() if n} == {}
    # the seed really wrote the models this looks at
    for label in (
        "core.Organisation",
        "core.User",
        "contracting.Contract",
        "contracting.StageReport",
        "contracting.Passport",
        "formation.Cycle",
        "formation.Topic",
        "formation.Comment",
    ):
        assert apps.get_model(label)._default_manager.exists(), label


def test_seed_demo_writes_business_events_for_its_batches(seeded):
    ngo_events = AuditEvent.objects.filter(
        action="core.organisation.seeded",
        content_type=ContentType.objects.get_for_model(Organisation),
    )
    seeded_ids = set()
    for event in ngo_events:
        if event.object_id:
            seeded_ids.add(int(event.object_id))
        for first, last in event.data.get("ids", []):
            seeded_ids.update(range(first, last + 1))
        assert event.actor_label == "seed_demo"
    assert seeded_ids == set(Organisation.objects.values_list("pk", flat=True))
    for action in (
        "core.user.seeded",
        "contracting.contract.seeded",
        "contracting.stagereport.seeded",
        "formation.topic.seeded",
        "formation.comment.seeded",
        "formation.commentdecision.seeded",
    ):
        assert AuditEvent.objects.filter(action=action).exists(), action


def test_seed_demo_twice_does_nothing_the_second_time_and_prints_the_accounts(seeded):
    counts = (AuditEvent.objects.count(), Organisation.history.count())
    out = io.StringIO()
    call_command("seed_demo", "--scale", "demo", stdout=out)
    assert "nothing to do" in out.getvalue()
    assert "ministry" in out.getvalue() and "ministry" in seeded
    assert counts == (AuditEvent.objects.count(), Organisation.history.count())

"""Formation test fixtures: a cycle of `body` with sources and topics, in a fixed clock (the
builders are in `factories.py`; the names below stay importable from here)."""

import datetime as dt

import pytest
from django.core.cache import cache

from tapsyrys.core.models import Area
from tapsyrys.formation import services

from .factories import OPENED, PLACED, at, comment_on, cycle_make, evidence_make

__all__ = ["OPENED", "PLACED", "at", "comment_on"]


@pytest.fixture(autouse=True)
def _clear_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def area(db):
    return Area.objects.get(code="youth")


@pytest.fixture
def evidence(body, body_user):
    return evidence_make(body_user, date=dt.date(2024, 6, 1))


@pytest.fixture
def make_cycle(body, body_user, area, evidence):
    """make_cycle(topics=2, year=2026) → a planning cycle of `body` with topics."""

    def make(topics=2, year=2026, user=None, limit=None):
        user = user or body_user
        sources = [evidence] if user == body_user else []
        return cycle_make(user, topics=topics, year=year, area=area, sources=sources, limit=limit)

    return make


@pytest.fixture
def published(make_cycle, body_user):
    """A cycle placed for discussion on 14.03.2025 10:00 Asia/Almaty."""
    cycle = make_cycle()
    return services.cycle_publish(cycle=cycle, actor=body_user, now=PLACED)

"""Formation test helpers: a cycle of `body` with sources and topics, in a fixed clock."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache

from tapsyrys.calendar.rules import ALMATY
from tapsyrys.core.models import Area
from tapsyrys.formation import services
from tapsyrys.formation.models import EvidenceKind

PLACED = dt.datetime(2025, 3, 14, 10, 0, tzinfo=ALMATY)
OPENED = dt.datetime(2025, 3, 1, 10, 0, tzinfo=ALMATY)


@pytest.fixture(autouse=True)
def _clear_rate_limit():
    cache.clear()
    yield
    cache.clear()


def at(*args):
    return dt.datetime(*args, tzinfo=ALMATY)


@pytest.fixture
def area(db):
    return Area.objects.get(code="youth")


@pytest.fixture
def evidence(body, body_user):
    return services.evidence_add(
        body=body,
        actor=body_user,
        kind=EvidenceKind.NEEDS_ASSESSMENT,
        title="Оценка потребностей населения 2024",
        date=dt.date(2024, 6, 1),
    )


@pytest.fixture
def make_cycle(body, body_user, area, evidence):
    """make_cycle(topics=2, year=2026) → a planning cycle of `body` with topics."""

    def make(topics=2, year=2026, user=None, limit=None):
        import time_machine

        user = user or body_user
        with time_machine.travel(OPENED, tick=False):
            cycle = services.cycle_open(
                body=user.organisation, year=year, actor=user, budget_limit=limit
            )
            for n in range(topics):
                services.topic_create(
                    cycle=cycle,
                    actor=user,
                    area=area,
                    sources=[evidence] if user == body_user else [],
                    theme_kk=f"Жастар тақырыбы {n + 1}",
                    theme_ru=f"Молодёжная тема {n + 1}",
                    financing=Decimal("1500.5") + n,
                    justification="Оценка потребностей",
                    target_group="Молодёжь",
                    expected_result="300 участников",
                )
        return cycle

    return make


@pytest.fixture
def published(make_cycle, body_user):
    """A cycle placed for discussion on 14.03.2025 10:00 Asia/Almaty."""
    cycle = make_cycle()
    return services.cycle_publish(cycle=cycle, actor=body_user, now=PLACED)


def comment_on(topic, now, **kw):
    data = {
        "author_name": "Айгуль",
        "author_contact": "a@example.kz",
        "remark": "Прошу расширить охват",
    }
    data.update(kw)
    return services.comment_post(topic=topic, now=now, **data)

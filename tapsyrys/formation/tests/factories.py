"""Formation test builders: evidence, a cycle with topics, a comment — through the services, in
a fixed clock (the cycle is opened on 01.03.2025 10:00 Asia/Almaty)."""

import datetime as dt
from decimal import Decimal

import time_machine

from tapsyrys.calendar.rules import ALMATY
from tapsyrys.core.models import Area
from tapsyrys.formation import services
from tapsyrys.formation.models import EvidenceKind

OPENED = dt.datetime(2025, 3, 1, 10, 0, tzinfo=ALMATY)  # cycles for 2024 … 2027 may be opened
PLACED = dt.datetime(2025, 3, 14, 10, 0, tzinfo=ALMATY)  # published for discussion


def at(*args):
    return dt.datetime(*args, tzinfo=ALMATY)


def youth():
    return Area.objects.get(code="youth")


def evidence_make(user, *, title="Оценка потребностей населения 2024", **fields):
    fields.setdefault("kind", EvidenceKind.NEEDS_ASSESSMENT)
    fields.setdefault("date", dt.date(2024, 6, 1))
    if "title_kk" not in fields and "title_ru" not in fields:
        fields["title_ru"] = title
        fields["title_kk"] = (
            "Халықтың қажеттіліктерін бағалау 2024"
            if title.startswith("Оценка потребностей населения")
            else title
        )
    return services.evidence_add(body=user.organisation, actor=user, **fields)


def topic_fields(n=1, **fields):
    data = {
        "theme_kk": f"Жастар тақырыбы {n}",
        "theme_ru": f"Молодёжная тема {n}",
        "financing": Decimal("1500.5") + (n - 1),
        "justification_kk": "Қажеттіліктерді бағалау",
        "justification_ru": "Оценка потребностей",
        "target_group_kk": "Жастар",
        "target_group_ru": "Молодёжь",
        "expected_result_kk": "300 қатысушы",
        "expected_result_ru": "300 участников",
    }
    data.update(fields)
    return data


def cycle_make(user, *, topics=2, year=2026, area=None, sources=None, limit=None, now=OPENED):
    """A planning cycle of the user's body with `topics` topics citing `sources` (default: one
    new needs assessment of that body)."""
    area = area or youth()
    with time_machine.travel(now, tick=False):
        cycle = services.cycle_open(
            body=user.organisation, year=year, actor=user, budget_limit=limit
        )
        if sources is None:
            sources = [evidence_make(user)] if topics else []
        for n in range(1, topics + 1):
            services.topic_create(
                cycle=cycle, actor=user, area=area, sources=list(sources), **topic_fields(n)
            )
    return cycle


def comment_on(topic, now, **kw):
    data = {
        "author_name": "Айгуль",
        "author_contact": "a@example.kz",
        "remark": "Прошу расширить охват",
    }
    data.update(kw)
    return services.comment_post(topic=topic, now=now, **data)

"""The calendar in force: the package plus the decree table, cached until the table changes."""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import get_language

from .models import WorkdayOverride
from .rules import Calendar, Override

_CACHE_KEY = "calendar:overrides:v1"


def _load_overrides():
    rows = cache.get(_CACHE_KEY)
    if rows is None:
        rows = list(
            WorkdayOverride.objects.values_list(
                "date", "is_working", "reason_kk", "reason_ru", "reason_en"
            )
        )
        cache.set(_CACHE_KEY, rows, 3600)
    return rows


def current_calendar() -> Calendar:
    lang = (get_language() or "kk")[:2]
    index = {"kk": 2, "ru": 3, "en": 4}.get(lang, 3)
    overrides = {
        row[0]: Override(row[1], row[index] or row[3] or row[2]) for row in _load_overrides()
    }
    return Calendar(overrides)


def calendar_from_table(language=None) -> Calendar:
    """The calendar as this transaction sees the decree table (no cache): for recomputing."""
    lang = (language or get_language() or "kk")[:2]
    field = {"kk": "reason_kk", "ru": "reason_ru", "en": "reason_en"}.get(lang, "reason_ru")
    rows = WorkdayOverride.objects.values_list(
        "date", "is_working", field, "reason_ru", "reason_kk"
    )
    return Calendar({row[0]: Override(row[1], row[2] or row[3] or row[4]) for row in rows})


def forget_overrides():
    cache.delete(_CACHE_KEY)


@receiver([post_save, post_delete], sender=WorkdayOverride)
def _forget_overrides(**kwargs):
    # Now (this transaction sees its own change) and again at commit, so that a read between
    # the save and the commit cannot leave the old table in the cache for other processes.
    forget_overrides()
    transaction.on_commit(forget_overrides)

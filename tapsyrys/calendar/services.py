"""Changes to the decree table (X-CAL): every path moves the open deadlines it affects.

An administrator adds, changes or removes a `WorkdayOverride` (the admin calls these
services; any other path — the shell, a fixture, a data migration — goes through the same
signal receivers). In the same transaction every OPEN due item whose period covers the
changed date is recomputed with its explanation, its copy on the owning model moves, and an
audit event records each move. Closed items never change, so a decree for a past date
changes no closed deadline.
"""

import contextvars

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from tapsyrys.core.audit import log_action
from tapsyrys.core.services import full_clean_or_raise

from .models import WorkdayOverride
from .selectors import forget_overrides

_actor = contextvars.ContextVar("calendar_override_actor", default=None)


def override_save(*, override, actor=None):
    """Create or change a decreed day; open deadlines covering it are recomputed."""
    full_clean_or_raise(override)
    token = _actor.set(actor)
    try:
        with transaction.atomic():
            created = override.pk is None
            override.save()
            log_action(
                override,
                "calendar.override.created" if created else "calendar.override.changed",
                actor=actor,
                data={
                    "date": override.date.isoformat(),
                    "is_working": override.is_working,
                    "decree": override.decree,
                },
            )
    finally:
        _actor.reset(token)
    return override


def override_delete(*, override, actor=None):
    """Remove a decreed day; open deadlines covering it are recomputed."""
    token = _actor.set(actor)
    try:
        with transaction.atomic():
            log_action(
                override,
                "calendar.override.removed",
                actor=actor,
                data={"date": override.date.isoformat(), "is_working": override.is_working},
            )
            override.delete()
    finally:
        _actor.reset(token)


@receiver(pre_save, sender=WorkdayOverride)
def _remember_old_date(sender, instance, raw=False, **kwargs):
    instance._previous_date = None
    if instance.pk and not raw:
        instance._previous_date = (
            WorkdayOverride.objects.filter(pk=instance.pk).values_list("date", flat=True).first()
        )


def _recompute(instance):
    from tapsyrys.core.due import recompute_for_dates

    forget_overrides()
    dates = {instance.date}
    if getattr(instance, "_previous_date", None):
        dates.add(instance._previous_date)
    with transaction.atomic():
        recompute_for_dates(dates, actor=_actor.get(), decree=instance.decree)


@receiver(post_save, sender=WorkdayOverride)
def _recompute_after_save(sender, instance, raw=False, **kwargs):
    if not raw:
        _recompute(instance)


@receiver(post_delete, sender=WorkdayOverride)
def _recompute_after_delete(sender, instance, **kwargs):
    _recompute(instance)

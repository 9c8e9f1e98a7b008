from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class WorkdayOverride(models.Model):
    """A day a Government decree moved (Labour Code art. 85(3)); wins over the holiday package."""

    date = models.DateField(_("date"), unique=True)
    is_working = models.BooleanField(
        _("working day"),
        help_text=_("Ticked: a working day (e.g. a Saturday worked). Unticked: a day off."),
    )
    reason_kk = models.CharField(_("reason (Kazakh)"), max_length=200, blank=True)
    reason_ru = models.CharField(_("reason (Russian)"), max_length=200, blank=True)
    reason_en = models.CharField(_("reason (English)"), max_length=200, blank=True)
    decree = models.CharField(_("decree"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = _("working-day override")
        verbose_name_plural = _("working-day overrides (decrees)")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_working=True) | ~Q(reason_ru="") | ~Q(reason_kk=""),
                name="override_day_off_has_reason",
            )
        ]

    def __str__(self):
        kind = _("working day") if self.is_working else _("day off")
        return f"{self.date:%d.%m.%Y}: {kind}"

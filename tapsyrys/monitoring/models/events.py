"""Monitoring events of a project (M-1, M-2, M-3, M-6)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tapsyrys.contracting.models import Contract

__all__ = ["MonitoringEvent"]


class MonitoringEvent(models.Model):
    """One planned monitoring event of a project in a calendar year of implementation."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        COMPLETED = "completed", _("completed")

    contract = models.ForeignKey(
        Contract,
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="monitoring_events",
    )
    year = models.PositiveSmallIntegerField(_("calendar year"))
    planned_on = models.DateField(_("planned date"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    monitor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "planned_on", "id"]
        verbose_name = _("monitoring event")
        verbose_name_plural = _("monitoring events")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="planned") | Q(held_on__isnull=False),
                name="mon_event_completed_has_date",
            ),
        ]
        indexes = [models.Index(fields=["contract", "year"], name="mon_event_contract_year_idx")]

    def __str__(self):
        return f"{self.contract.number} · {self.planned_on:%d.%m.%Y}"

    def owner_org_ids(self):
        return {self.contract.body_id, self.contract.supplier_id}

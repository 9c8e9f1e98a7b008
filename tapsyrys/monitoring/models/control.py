"""Control of NGO reports and the special control group (M-7, pilot `004`)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tapsyrys.contracting.models import Contract

__all__ = ["SpecialControlCase", "ControlDecision"]


class SpecialControlCase(models.Model):
    """A project in the special control group: opened the day a report is overdue, incomplete or
    returned; closed by a decision of the body."""

    class Reason(models.TextChoices):
        OVERDUE = "overdue", _("report overdue")
        INCOMPLETE = "incomplete", _("report incomplete")
        RETURNED = "returned", _("report returned with remarks")

    contract = models.ForeignKey(
        Contract,
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="special_control_cases",
    )
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("special control case")
        verbose_name_plural = _("special control cases")
        constraints = [
            # one open case per project at a time
            models.UniqueConstraint(
                fields=["contract"], condition=Q(closed_at__isnull=True), name="mon_case_one_open"
            ),
        ]
        indexes = [
            models.Index(fields=["opened_at"], condition=Q(closed_at__isnull=True),
                         name="mon_case_open_idx"),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.contract.number}: {self.get_reason_display()}"

    @property
    def is_open(self):
        return self.closed_at is None

    def owner_org_ids(self):
        return {self.contract.body_id, self.contract.supplier_id}


class ControlDecision(models.Model):
    """The body's decision on a special-control case (M-7), visible to the NGO."""

    class Kind(models.TextChoices):
        REQUEST_CORRECTION = "request_correction", _("request a correction")
        ACCEPT = "accept", _("accept")
        SUSPEND = "suspend", _("suspend the project")
        CLOSE = "close", _("close the project")
        TERMINATE = "terminate", _("terminate the contract")
        REFUND = "refund", _("demand a refund of budget funds")

    case = models.ForeignKey(
        SpecialControlCase,
        verbose_name=_("special control case"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    kind = models.CharField(_("decision"), max_length=20, choices=Kind.choices)
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "decided_at", "id"]
        verbose_name = _("control decision")
        verbose_name_plural = _("control decisions")
        indexes = [models.Index(fields=["kind", "decided_at"], name="mon_decision_kind_idx")]

    def __str__(self):
        return self.get_kind_display()

    def owner_org_ids(self):
        return self.case.owner_org_ids()

"""Who monitors (M-4): independent experts' Annex 4 notices and their assignment to a project."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tapsyrys.contracting.models import Contract
from tapsyrys.core.conflicts import QUESTIONS, ConflictNotice

__all__ = ["ExpertNotice", "ExpertAssignment", "NOTICE_QUESTIONS"]

NOTICE_QUESTIONS = QUESTIONS  # the five questions of Annex 4 (core.conflicts)


class ExpertNotice(ConflictNotice):
    """An expert's notification of conflicts of interest for one project (Annex 4, §9).

    Filed before assignment; a signed notice is immutable (a new notice replaces it)."""

    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("expert"),
        on_delete=models.PROTECT,
        related_name="expert_notices",
    )
    contract = models.ForeignKey(
        Contract,
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="expert_notices",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Annex 4 notice")
        verbose_name_plural = _("Annex 4 notices")
        indexes = [
            models.Index(fields=["contract", "expert"], name="mon_notice_contract_idx"),
            models.Index(fields=["expert", "-created_at"], name="mon_notice_expert_idx"),
        ]
        constraints = [
            # one draft per expert and project; signed notices stay (a new one replaces them)
            models.UniqueConstraint(
                fields=["expert", "contract"],
                condition=Q(signed_at__isnull=True),
                name="mon_notice_one_draft",
            ),
            # "another potential conflict" is a declared conflict
            models.CheckConstraint(
                condition=Q(other=False) | Q(declares_conflict=True),
                name="mon_notice_other_is_conflict",
            ),
        ]

    def __str__(self):
        return f"{self.expert} · {self.contract.number}"

    def owner_org_ids(self):
        return {self.contract.body_id}


class ExpertAssignment(models.Model):
    """The one independent expert monitoring a project (M-4: at most one per project)."""

    contract = models.OneToOneField(
        Contract,
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="expert_assignment",
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("expert"),
        on_delete=models.PROTECT,
        related_name="expert_assignments",
    )
    notice = models.ForeignKey(
        ExpertNotice, verbose_name=_("Annex 4 notice"), on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("expert assignment")
        verbose_name_plural = _("expert assignments")
        indexes = [models.Index(fields=["expert"], name="mon_assignment_expert_idx")]

    def __str__(self):
        return f"{self.contract.number}: {self.expert}"

    def owner_org_ids(self):
        return {self.contract.body_id}

"""Annex 9 reports of the state bodies (M-9, §21) and the authorized body's national summary for
the Government (M-10, §11). Annex 5 (M-8) has no table of its own: it is read from the contract
and published in the ledger (publishing.LedgerEntry, kind annex5) on the contract."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tapsyrys.core.models import Organisation

__all__ = ["Annex9Report", "NationalSummary"]

TEXT_MAX = 4000


class Annex9Report(models.Model):
    """A state body's Annex 9 report for a year and period, signed by the first head."""

    class Period(models.TextChoices):
        HALF = "half", _("half-year")
        YEAR = "year", _("year")

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")

    body = models.ForeignKey(
        Organisation,
        verbose_name=_("state body"),
        on_delete=models.PROTECT,
        related_name="annex9_reports",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=4, choices=Period.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    head_name = models.CharField(_("first head: full name"), max_length=200, blank=True)
    head_position = models.CharField(_("first head: position"), max_length=300, blank=True)
    # the year report's column 7: the positive effect per project {contract id: text}
    positive_effects = models.JSONField(_("positive effect per project"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    late_flagged_at = models.DateTimeField(_("flagged as late at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    history = HistoricalRecords()
    show_history = True

    class Meta:
        ordering = ["-year", "period", "body__name_ru", "id"]
        verbose_name = _("Annex 9 report")
        verbose_name_plural = _("Annex 9 reports")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "period"], name="mon_annex9_once_per_period"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2018, year__lte=2100), name="mon_annex9_year_range"
            ),
            models.CheckConstraint(
                condition=Q(period__in=["half", "year"]), name="mon_annex9_period_valid"
            ),
            models.CheckConstraint(
                condition=Q(state="draft", submitted_at__isnull=True)
                | Q(state="submitted", submitted_at__isnull=False),
                name="mon_annex9_submitted_has_moment",
            ),
        ]
        indexes = [
            models.Index(fields=["year", "period", "state"], name="mon_annex9_period_idx"),
            models.Index(fields=["state", "due_at"], name="mon_annex9_due_idx"),
        ]

    def __str__(self):
        return f"{self.body} · {self.year} · {self.get_period_display()}"

    @property
    def is_draft(self):
        return self.state == self.State.DRAFT

    @property
    def is_late(self):
        if self.due_at is None:
            return False
        if self.submitted_at is not None:
            return self.submitted_at > self.due_at
        return self.late_flagged_at is not None

    def owner_org_ids(self):
        return {self.body_id}


class NationalSummary(models.Model):
    """The authorized body's yearly Information for the Government (§11), due 31 March."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SENT = "sent", _("sent to the Government")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    late_flagged_at = models.DateTimeField(_("flagged as late at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("national summary")
        verbose_name_plural = _("national summaries")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2018, year__lte=2100), name="mon_summary_year_range"
            ),
            models.CheckConstraint(
                condition=Q(state="draft", sent_at__isnull=True)
                | Q(state="sent", sent_at__isnull=False),
                name="mon_summary_sent_has_moment",
            ),
        ]
        indexes = [models.Index(fields=["state", "due_at"], name="mon_summary_due_idx")]

    def __str__(self):
        return f"{self.year}"

    def owner_org_ids(self):
        return set()

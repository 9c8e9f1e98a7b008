"""The report on the evaluation of a project's results (Annex 8, §19, E-5) and its posting on
the public procurement web portal, which the act of services waits for (§20, E-6)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tapsyrys.core.fields import BoundedTextField

from .sheets import Evaluation

__all__ = ["EvaluationReport"]


def _average(label):
    # the council's average, two decimals rounded half up (E-5)
    return models.DecimalField(label, max_digits=3, decimal_places=2)


def _comments(label):
    return BoundedTextField(label, blank=True, max_length=8000)


class EvaluationReport(models.Model):
    """Annex 8: per criterion the council's average score and the comments; the total.
    Formed when the body completes the evaluation, due on the portal within 3 working days."""

    evaluation = models.OneToOneField(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.PROTECT, related_name="report"
    )
    results = _average(_("results of the social project: average"))
    results_comments = _comments(_("results: comments"))
    positive_effect = _average(_("positive effect: average"))
    positive_effect_comments = _comments(_("positive effect: comments"))
    continuation = _average(_("continuation: average"))
    continuation_comments = _comments(_("continuation: comments"))
    long_term_effect = _average(_("long-term effect: average"))
    long_term_effect_comments = _comments(_("long-term effect: comments"))
    total = models.DecimalField(_("total"), max_digits=4, decimal_places=2)
    sheets_counted = models.PositiveSmallIntegerField(_("sheets counted"))
    recommendations = _comments(_("recommendations and proposals"))
    formed_at = models.DateTimeField(_("formed at"), default=timezone.now)
    posting_due_at = models.DateTimeField(_("to be posted by"), null=True, blank=True)
    # the posting on the public procurement web portal (§19)
    posted_on = models.DateField(
        _("posted on the public procurement portal on"), null=True, blank=True
    )
    portal_reference = models.CharField(_("portal reference"), max_length=300, blank=True)
    posted_at = models.DateTimeField(_("posting recorded at"), null=True, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()
    show_history = True

    class Meta:
        ordering = ["-formed_at", "-id"]
        verbose_name = _("Annex 8 evaluation report")
        verbose_name_plural = _("Annex 8 evaluation reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(posted_on__isnull=True, posted_at__isnull=True, portal_reference="")
                | Q(posted_on__isnull=False, posted_at__isnull=False) & ~Q(portal_reference=""),
                name="ev_report_posting_whole",
            ),
            models.CheckConstraint(condition=Q(sheets_counted__gte=1), name="ev_report_has_sheets"),
        ]
        indexes = [models.Index(fields=["posted_on"], name="ev_report_posted_idx")]

    def __str__(self):
        return f"Annex 8 · {self.evaluation}"

    def owner_org_ids(self):
        return {self.evaluation.contract.body_id}

    @property
    def is_posted(self):
        return self.posted_on is not None

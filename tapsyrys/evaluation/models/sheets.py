"""A project's evaluation (§14, §15, E-2) and the council members' Annex 7 assessment sheets
(§17, §18, E-3, E-4), with the members excluded for a conflict of interest."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tapsyrys.contracting.models import Contract
from tapsyrys.core.fields import BoundedTextField

from .councils import CouncilMember, ExpertCouncil

__all__ = ["CRITERIA", "Evaluation", "AssessmentSheet", "Exclusion"]

# The four criteria of §18 in their order (the codes of reference/evaluation_criteria.csv);
# each is a score field on the sheet and `<code>_comment` beside it.
CRITERIA = ("results", "positive_effect", "continuation", "long_term_effect")
SCORE_MIN, SCORE_MAX = 1, 5


class Evaluation(models.Model):
    """The one evaluation of a project, opened when its implementation ends (§14, §15): a
    multi-year project is evaluated once, at its end."""

    class Status(models.TextChoices):
        OPEN = "open", _("in evaluation")
        COMPLETED = "completed", _("evaluation completed")

    class Reason(models.TextChoices):
        FINAL_REPORT = "final_report", _("the final report was accepted")
        ENDED = "ended", _("the implementation period ended")

    contract = models.OneToOneField(
        Contract, verbose_name=_("contract"), on_delete=models.PROTECT, related_name="evaluation"
    )
    council = models.ForeignKey(
        ExpertCouncil,
        verbose_name=_("expert council"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluations",
    )  # the body's approved council whose term covers the project's end; None until there is one
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    reason = models.CharField(
        _("entered evaluation because"), max_length=12, choices=Reason.choices
    )
    opened_at = models.DateTimeField(_("entered evaluation at"), default=timezone.now)
    # the stored moment of the `evaluation.evaluation_due` due item (E-2; the mirror for lists)
    due_at = models.DateTimeField(_("to be evaluated by"), null=True, blank=True)
    completed_at = models.DateTimeField(_("evaluation completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()
    show_history = True

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", completed_at__isnull=True)
                | Q(status="completed", completed_at__isnull=False, council__isnull=False),
                name="ev_evaluation_completed",
            ),
            models.CheckConstraint(
                condition=Q(reason__in=["final_report", "ended"]), name="ev_evaluation_reason"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-opened_at"], name="ev_evaluation_status_idx"),
            models.Index(fields=["council", "status"], name="ev_evaluation_council_idx"),
            # the pending list: status = open, oldest due first, ties by id (one index walk)
            models.Index(fields=["status", "due_at", "id"], name="ev_evaluation_due_id_idx"),
        ]

    def __str__(self):
        return f"{self.contract}"

    def owner_org_ids(self):
        return {self.contract.body_id}


def _score(label):
    return models.PositiveSmallIntegerField(label, null=True, blank=True)


def _comment(label):
    return BoundedTextField(label, blank=True, max_length=4000)


def _score_in_range(code):
    return models.CheckConstraint(
        condition=Q(**{f"{code}__isnull": True})
        | Q(**{f"{code}__gte": SCORE_MIN, f"{code}__lte": SCORE_MAX}),
        name=f"ev_sheet_{code}_1_5",
    )


class AssessmentSheet(models.Model):
    """A council member's assessment sheet for one project (Annex 7): four integer scores
    1–5 with explanations, comments and recommendations; the total is their sum (4–20).
    A signed sheet is immutable."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.PROTECT, related_name="sheets"
    )
    member = models.ForeignKey(
        CouncilMember,
        verbose_name=_("council member"),
        on_delete=models.PROTECT,
        related_name="sheets",
    )
    results = _score(_("results of the social project"))
    results_comment = _comment(_("results: explanation, comments, recommendations"))
    positive_effect = _score(_("positive effect in socially significant areas"))
    positive_effect_comment = _comment(_("positive effect: explanation, comments, recommendations"))
    continuation = _score(_("probability of continuing the activities"))
    continuation_comment = _comment(_("continuation: explanation, comments, recommendations"))
    long_term_effect = _score(_("probability of a long-term positive social effect"))
    long_term_effect_comment = _comment(
        _("long-term effect: explanation, comments, recommendations")
    )
    recommendations = _comment(_("recommendations and proposals (§13.4)"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    history = HistoricalRecords()
    show_history = True

    class Meta:
        ordering = ["evaluation_id", "member_id"]
        verbose_name = _("Annex 7 assessment sheet")
        verbose_name_plural = _("Annex 7 assessment sheets")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "member"], name="ev_sheet_once"),
            *(_score_in_range(code) for code in CRITERIA),
            # a signed sheet has all four scores
            models.CheckConstraint(
                condition=Q(signed_at__isnull=True)
                | Q(
                    results__isnull=False,
                    positive_effect__isnull=False,
                    continuation__isnull=False,
                    long_term_effect__isnull=False,
                ),
                name="ev_sheet_signed_complete",
            ),
        ]
        indexes = [models.Index(fields=["member", "-created_at"], name="ev_sheet_member_idx")]

    def __str__(self):
        return f"{self.member.user} · {self.evaluation}"

    def owner_org_ids(self):
        return {self.evaluation.contract.body_id}

    @property
    def is_signed(self):
        return self.signed_at is not None

    @property
    def total(self):
        """The sum of the four scores (Annex 7 "Total"), None while one is missing."""
        scores = [getattr(self, code) for code in CRITERIA]
        return None if None in scores else sum(scores)


class Exclusion(models.Model):
    """A member who does not score a project for a conflict of interest regarding its NGO
    (§16, E-1): recorded when the evaluation opens or when the member declares it, shown on
    the sheet list and in Annex 8, and left out of the averages."""

    class Reason(models.TextChoices):
        NOTICE = "notice", _("the Annex 6 notice names the NGO")
        OWN_ORGANISATION = "own_organisation", _("the member belongs to the NGO")
        DECLARED = "declared", _("the member declared a conflict for this project")

    evaluation = models.ForeignKey(
        Evaluation,
        verbose_name=_("evaluation"),
        on_delete=models.PROTECT,
        related_name="exclusions",
    )
    member = models.ForeignKey(
        CouncilMember, verbose_name=_("council member"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    details = BoundedTextField(_("details"), blank=True, max_length=2000)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["evaluation_id", "member_id"]
        verbose_name = _("exclusion for a conflict of interest")
        verbose_name_plural = _("exclusions for a conflict of interest")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "member"], name="ev_exclusion_once"),
        ]

    def __str__(self):
        return f"{self.member.user} · {self.evaluation}"

    def owner_org_ids(self):
        return {self.evaluation.contract.body_id}

"""Expert councils under state bodies (§16, E-1): the announcement, self-nominations, the
composition, its approval by the Council for Interaction and Cooperation with NGOs, and the
members' Annex 6 notices."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tapsyrys.core.conflicts import ConflictNotice
from tapsyrys.core.fields import BoundedTextField
from tapsyrys.core.files import StoredFile
from tapsyrys.core.models import Organisation

__all__ = ["ExpertCouncil", "Nomination", "CouncilMember", "MemberNotice"]


class ExpertCouncil(models.Model):
    """One body's expert council for the next three calendar years (§16).

    Created by publishing the announcement; formed from the nominations (or by the body alone
    when none came within 10 calendar days); approved by the Council for Interaction."""

    class Status(models.TextChoices):
        ANNOUNCED = "announced", _("announced: self-nomination open")
        PRELIMINARY = "preliminary", _("preliminary composition formed")
        APPROVED = "approved", _("composition approved")

    class FormedBy(models.TextChoices):
        NOMINATIONS = "nominations", _("from self-nominations")
        BODY = "body", _("by the state body (no candidates within 10 days)")

    body = models.ForeignKey(
        Organisation,
        verbose_name=_("state body"),
        on_delete=models.PROTECT,
        related_name="expert_councils",
    )
    first_year = models.PositiveSmallIntegerField(_("first year of the term"))
    last_year = models.PositiveSmallIntegerField(_("last year of the term"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ANNOUNCED
    )
    # the announcement (§16: published on the body's Internet resource; here, a public page)
    announcement = BoundedTextField(_("text of the announcement"), max_length=4000)
    announced_at = models.DateTimeField(_("announcement published at"))
    announced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # the preliminary composition
    formed_by = models.CharField(
        _("composition formed"), max_length=12, choices=FormedBy.choices, blank=True
    )
    formed_at = models.DateTimeField(_("composition formed at"), null=True, blank=True)
    # the approval by the Council for Interaction and Cooperation with NGOs
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approval_reference = models.CharField(
        _("approving document (number, name)"), max_length=300, blank=True
    )
    approval_document = models.ForeignKey(
        StoredFile,
        verbose_name=_("approving document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approval recorded at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    history = HistoricalRecords()
    show_history = True

    class Meta:
        ordering = ["-first_year", "body_id"]
        verbose_name = _("expert council")
        verbose_name_plural = _("expert councils")
        constraints = [
            models.UniqueConstraint(fields=["body", "first_year"], name="ev_council_term"),
            # §16: the next three calendar years
            models.CheckConstraint(
                condition=Q(last_year=F("first_year") + 2), name="ev_council_three_years"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["announced", "preliminary", "approved"]),
                name="ev_council_status",
            ),
            models.CheckConstraint(
                condition=Q(status="announced") | (~Q(formed_by="") & Q(formed_at__isnull=False)),
                name="ev_council_formed",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_on__isnull=False),
                name="ev_council_approved",
            ),
        ]
        indexes = [
            models.Index(fields=["body", "-first_year"], name="ev_council_body_idx"),
            models.Index(fields=["status", "-announced_at"], name="ev_council_status_idx"),
        ]

    def __str__(self):
        return f"{self.body} · {self.first_year}–{self.last_year}"

    def owner_org_ids(self):
        return {self.body_id}


class Nomination(models.Model):
    """A candidate's self-nomination to a council (§16)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        INCLUDED = "included", _("included in the composition")
        NOT_INCLUDED = "not_included", _("not included")
        WITHDRAWN = "withdrawn", _("withdrawn")

    council = models.ForeignKey(
        ExpertCouncil,
        verbose_name=_("expert council"),
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("candidate"),
        on_delete=models.PROTECT,
        related_name="council_nominations",
    )
    about = BoundedTextField(_("about the candidate: experience, motivation"), max_length=4000)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = _("self-nomination")
        verbose_name_plural = _("self-nominations")
        constraints = [
            models.UniqueConstraint(fields=["council", "candidate"], name="ev_nomination_once"),
            models.CheckConstraint(
                condition=Q(status__in=["submitted", "included", "not_included", "withdrawn"]),
                name="ev_nomination_status",
            ),
        ]
        indexes = [models.Index(fields=["candidate", "-submitted_at"], name="ev_nom_cand_idx")]

    def __str__(self):
        return f"{self.candidate} → {self.council}"

    def owner_org_ids(self):
        return {self.council.body_id}


class CouncilMember(models.Model):
    """A member of a council's composition: from a nomination, or chosen by the body."""

    council = models.ForeignKey(
        ExpertCouncil,
        verbose_name=_("expert council"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="council_memberships",
    )
    nomination = models.OneToOneField(
        Nomination,
        verbose_name=_("self-nomination"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="member",
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["council_id", "id"]
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        constraints = [
            models.UniqueConstraint(fields=["council", "user"], name="ev_member_once"),
        ]
        indexes = [models.Index(fields=["user"], name="ev_member_user_idx")]

    def __str__(self):
        return f"{self.user} · {self.council}"

    def owner_org_ids(self):
        return {self.council.body_id}


class MemberNotice(ConflictNotice):
    """A council member's notification of the presence or absence of a conflict of interest
    with NGOs implementing the state social order (Annex 6, §16), filed to the body.

    A signed notice is immutable; a new one replaces it (the latest signed one counts)."""

    member = models.ForeignKey(
        CouncilMember,
        verbose_name=_("council member"),
        on_delete=models.PROTECT,
        related_name="notices",
    )
    # The FK `member` above replaces ConflictNotice's boolean `member` (question 1): the answer
    # to question 1 is kept here (`ANSWER_FIELDS`; see `answer_of` / the councils services).
    member_answer = models.BooleanField(
        _("member (participant) or founder of an NGO"), default=False
    )
    history = HistoricalRecords()

    ANSWER_FIELDS = {"member": "member_answer"}

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Annex 6 notice")
        verbose_name_plural = _("Annex 6 notices")
        indexes = [models.Index(fields=["member", "-signed_at"], name="ev_notice_member_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=Q(signed_at__isnull=True), name="ev_notice_one_draft"
            ),
            models.CheckConstraint(
                condition=Q(other=False) | Q(declares_conflict=True),
                name="ev_notice_other_is_conflict",
            ),
        ]

    def __str__(self):
        return f"{self.member.user}"

    def answer_of(self, question):
        """The yes/no answer to one of the five questions (question 1 is `member_answer`)."""
        return getattr(self, self.ANSWER_FIELDS.get(question, question))

    def owner_org_ids(self):
        return {self.member.council.body_id}

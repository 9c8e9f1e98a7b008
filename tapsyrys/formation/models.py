"""Formation of the state social order (Rules ch. 2, §3–§7; F-1 … F-8).

A body runs one `Cycle` per year (the year the topics are to be implemented). The cycle
carries its stage, copies of its due items' moments (`*_due_at`, `discussion_ends_at`:
written in the same transaction as the `core.DueItem`, the one truth, so lists can filter
and sort on them; a decree moves both) and
owns the planned topics (Annex 1), the comments of the public discussion with their
versioned decisions (Annex 2), and the council and budget data (Annex 3).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tapsyrys.core.bilingual import bilingual, pick
from tapsyrys.core.fields import BoundedTextField
from tapsyrys.publishing.models import DocumentKind

COMMENT_MAX_LENGTH = 2000
NAME_MAX_LENGTH = 200
JUSTIFICATION_MAX_LENGTH = 2000


class Stage(models.TextChoices):
    """Where a cycle stands (F-1); the transition table is in rules.TRANSITIONS."""

    PLANNING = "planning", _("Information collection and topic planning")
    DISCUSSION = "discussion", _("Public discussion")
    REPORTED = "reported", _("Discussion completed (Annex 2 published)")
    COUNCIL = "council", _("Submitted to the council")
    FIXED = "fixed", _("Topic list fixed")
    APPROVED = "approved", _("Budget approved, Annex 3 published")


class EvidenceKind(models.TextChoices):
    """The nine sources of situation analysis of §7.1 (F-2)."""

    NEEDS_ASSESSMENT = (
        "needs_assessment",
        _("Assessment of the needs and requirements of the population"),
    )
    POLICY = "policy", _("State policy priorities, planning documents, President's addresses")
    MONITORING = (
        "monitoring",
        _("Results of inspections, monitoring and evaluation of social projects"),
    )
    STATISTICS = "statistics", _("Official statistical reports")
    SOCIOLOGY = "sociology", _("Results of sociological research")
    PROPOSALS = "proposals", _("Proposals of NGOs and citizens")
    MEDIA = "media", _("Results of media content analysis")
    EXPERTS = "experts", _("Conclusions of independent experts")
    OPEN_DIALOGUE = (
        "open_dialogue",
        _("Surveys and Internet conferences on the Open Dialogue portal"),
    )


class Evidence(models.Model):
    """A situation-analysis source in a body's register (§7.1, F-2)."""

    show_history = True
    body = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("state body"),
        on_delete=models.PROTECT,
        related_name="formation_evidence",
    )
    kind = models.CharField(_("kind of source"), max_length=20, choices=EvidenceKind.choices)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=500, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=500, blank=True)
    date = models.DateField(_("date of the document"))
    description = BoundedTextField(_("description"), blank=True, max_length=4000)
    document = models.ForeignKey(
        "core.StoredFile",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # E-9: an evaluation's results in the body's register — the area of the project and the
    # project itself (None for a source the body entered)
    area = models.ForeignKey(
        "core.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    contract = models.ForeignKey(
        "contracting.Contract",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="formation_evidence",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("situation-analysis source")
        verbose_name_plural = _("situation-analysis sources")
        indexes = [
            models.Index(fields=["body", "kind", "-date"], name="evidence_body_kind_idx"),
            models.Index(fields=["body", "area", "-date"], name="evidence_body_area_idx"),
        ]
        constraints = [
            # E-9: one evidence row per evaluated project
            models.UniqueConstraint(
                fields=["contract"],
                condition=models.Q(contract__isnull=False),
                name="evidence_one_per_project",
            )
        ]

    title = bilingual("title")

    def __str__(self):
        return f"{self.title} ({self.date:%d.%m.%Y})"

    def owner_org_ids(self):
        return {self.body_id}


class Cycle(models.Model):
    """One body's formation cycle for one year (F-1)."""

    show_history = True
    body = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("state body"),
        on_delete=models.PROTECT,
        related_name="formation_cycles",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    edition = models.ForeignKey(
        "core.Edition", verbose_name=_("edition of the Rules"), on_delete=models.PROTECT
    )
    stage = models.CharField(
        _("stage"), max_length=12, choices=Stage.choices, default=Stage.PLANNING, db_index=True
    )
    budget_limit = models.DecimalField(
        _("budget limit (thousand tenge)"),
        max_digits=15,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("Optional: the sum of the planned topics may not exceed it (§5)."),
    )
    published_at = models.DateTimeField(_("placed for discussion at"), null=True, blank=True)
    discussion_ends_at = models.DateTimeField(
        _("discussion ends at"), null=True, blank=True, db_index=True
    )
    decisions_due_at = models.DateTimeField(
        _("decisions due at"), null=True, blank=True, db_index=True
    )
    report_published_at = models.DateTimeField(_("Annex 2 published at"), null=True, blank=True)
    annex3_due_at = models.DateTimeField(
        _("Annex 3 due to the council at"), null=True, blank=True, db_index=True
    )
    annex3_submitted_at = models.DateTimeField(_("Annex 3 submitted at"), null=True, blank=True)
    fixed_at = models.DateTimeField(_("topic list fixed at"), null=True, blank=True)
    budget_approved_on = models.DateField(_("budget approved on"), null=True, blank=True)
    publication_due_at = models.DateTimeField(
        _("Annex 3 publication due at"), null=True, blank=True, db_index=True
    )
    annex3_published_at = models.DateTimeField(_("Annex 3 published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("opened at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "body__name_ru"]
        verbose_name = _("formation cycle")
        verbose_name_plural = _("formation cycles")
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="formation_cycle_once_a_year"),
            models.CheckConstraint(
                condition=Q(year__gte=2018) & Q(year__lte=2100), name="formation_cycle_year_range"
            ),
            models.CheckConstraint(
                condition=Q(budget_limit__isnull=True) | Q(budget_limit__gt=0),
                name="formation_cycle_limit_positive",
            ),
            models.CheckConstraint(
                condition=Q(discussion_ends_at__isnull=True)
                | Q(discussion_ends_at__gt=models.F("published_at")),
                name="formation_cycle_discussion_after_placement",
            ),
        ]
        indexes = [models.Index(fields=["year", "stage"], name="formation_cycle_year_stage")]

    def __str__(self):
        return f"{self.body} · {self.year}"

    def owner_org_ids(self):
        return {self.body_id}

    @property
    def is_published(self):
        return self.published_at is not None


class Topic(models.Model):
    """A planned topic of the state social order (Annex 1, F-3)."""

    show_history = True

    class Recommendation(models.TextChoices):
        SUPPORTED = "supported", _("Supported")
        REVISE = "revise", _("Supported with changes")
        NOT_SUPPORTED = "not_supported", _("Not supported")

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="topics")
    number = models.PositiveIntegerField(_("number"))
    theme_kk = models.CharField(_("theme (Kazakh)"), max_length=500)
    theme_ru = models.CharField(_("theme (Russian)"), max_length=500)
    area = models.ForeignKey("core.Area", verbose_name=_("area"), on_delete=models.PROTECT)
    financing = models.DecimalField(
        _("planned financing (thousand tenge)"), max_digits=15, decimal_places=3
    )
    # X-I18N: every text of Annex 1 / Annex 3 and the discussion pages in both languages;
    # blank while a draft, required in both before publishing (services.BILINGUAL_TOPIC)
    justification_kk = BoundedTextField(_("justification (Kazakh)"), blank=True, max_length=4000)
    justification_ru = BoundedTextField(_("justification (Russian)"), blank=True, max_length=4000)
    sources = models.ManyToManyField(
        Evidence, verbose_name=_("sources of information"), related_name="topics"
    )
    target_group_kk = models.CharField(
        _("target population group (Kazakh)"), max_length=500, blank=True
    )
    target_group_ru = models.CharField(
        _("target population group (Russian)"), max_length=500, blank=True
    )
    expected_result_kk = BoundedTextField(
        _("expected result (Kazakh)"), blank=True, max_length=4000
    )
    expected_result_ru = BoundedTextField(
        _("expected result (Russian)"), blank=True, max_length=4000
    )
    summary_kk = BoundedTextField(_("summary of the project (Kazakh)"), blank=True, max_length=4000)
    summary_ru = BoundedTextField(
        _("summary of the project (Russian)"), blank=True, max_length=4000
    )
    # Council stage (F-7)
    recommendation = models.CharField(
        _("council recommendation"), max_length=15, choices=Recommendation.choices, blank=True
    )
    recommendation_text = BoundedTextField(_("recommendation"), blank=True, max_length=4000)
    recommended_at = models.DateTimeField(null=True, blank=True)
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    included = models.BooleanField(_("included in the list"), default=True)
    tech_spec = models.ForeignKey(
        "core.StoredFile",
        verbose_name=_("draft technical specification"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    service_types = models.ManyToManyField(
        "core.ServiceType", verbose_name=_("service types"), blank=True, related_name="+"
    )
    # Budget stage (F-8)
    approved_amount = models.DecimalField(
        _("approved amount (thousand tenge)"),
        max_digits=15,
        decimal_places=3,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["cycle", "number"]
        verbose_name = _("planned topic")
        verbose_name_plural = _("planned topics")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "number"], name="formation_topic_number"),
            models.CheckConstraint(
                condition=Q(financing__gt=0), name="formation_topic_financing_positive"
            ),
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True) | Q(approved_amount__gte=0),
                name="formation_topic_approved_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["cycle", "area"], name="formation_topic_cycle_area")]

    def __str__(self):
        return self.theme

    theme = bilingual("theme")
    justification = bilingual("justification")
    target_group = bilingual("target_group")
    expected_result = bilingual("expected_result")
    summary = bilingual("summary")

    def localized(self, prefix, language=None):
        return pick(self, prefix, language)

    def owner_org_ids(self):
        return {self.cycle.body_id}

    @property
    def is_ready_to_procure(self):
        return (
            self.cycle.stage == Stage.APPROVED
            and self.included
            and self.approved_amount is not None
            and self.approved_amount > 0
        )


class Comment(models.Model):
    """A remark and/or proposal on a topic under public discussion (F-4)."""

    show_history = True

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Not decided yet")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="comments")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="comments")
    author_name = models.CharField(_("author"), max_length=NAME_MAX_LENGTH)
    author_contact = models.CharField(_("contact (e-mail or phone)"), max_length=NAME_MAX_LENGTH)
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    remark = BoundedTextField(_("remark"), blank=True, max_length=COMMENT_MAX_LENGTH)
    proposal = BoundedTextField(_("proposal"), blank=True, max_length=COMMENT_MAX_LENGTH)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The latest decision, kept on the row for lists (the versions are CommentDecision rows).
    outcome = models.CharField(
        _("decision"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    justification = BoundedTextField(
        _("justification"), blank=True, max_length=JUSTIFICATION_MAX_LENGTH
    )
    decision_version = models.PositiveSmallIntegerField(default=0)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["ip_address"])

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.CheckConstraint(
                condition=~Q(remark="") | ~Q(proposal=""), name="formation_comment_not_empty"
            ),
            models.CheckConstraint(
                condition=~Q(outcome="rejected") | ~Q(justification=""),
                name="formation_comment_rejection_justified",
            ),
        ]
        indexes = [
            models.Index(fields=["cycle", "outcome"], name="formation_comment_cycle_out"),
            models.Index(fields=["topic", "created_at"], name="formation_comment_topic"),
        ]

    def __str__(self):
        text = self.remark or self.proposal
        return f"{self.author_name}: {text[:60]}"

    def owner_org_ids(self):
        return {self.cycle.body_id}


class CommentDecision(models.Model):
    """One version of the body's decision on a comment (F-5); never overwritten (X-AUDIT)."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="decisions")
    version = models.PositiveSmallIntegerField(_("version"))
    accepted = models.BooleanField(_("accepted"))
    justification = BoundedTextField(
        _("justification"), blank=True, max_length=JUSTIFICATION_MAX_LENGTH
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)
    on_time = models.BooleanField(_("within the deadline"), default=True)

    class Meta:
        ordering = ["comment", "version"]
        verbose_name = _("decision on a comment")
        verbose_name_plural = _("decisions on comments")
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "version"], name="formation_decision_version"
            ),
            models.CheckConstraint(
                condition=Q(accepted=True) | ~Q(justification=""),
                name="formation_decision_rejection_justified",
            ),
        ]

    def __str__(self):
        return f"{self.comment_id} v{self.version}"


class Publication(models.Model):
    """The data of a published annex (Annex 1, 2, 3) as the public pages show it (rows).

    The document itself — its bytes in kk/ru × xlsx/PDF, SHA-256 and place in the hash chain —
    is in the public ledger (`publishing.LedgerEntry`, the same kind, the cycle as the object and
    the same version); downloads serve those stored bytes. A correction is a new version;
    earlier versions stay (X-AUDIT)."""

    Kind = DocumentKind

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="publications")
    kind = models.CharField(_("document"), max_length=32, choices=DocumentKind.choices)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rows = models.JSONField(default=list)

    class Meta:
        ordering = ["cycle", "kind", "-version"]
        verbose_name = _("published annex")
        verbose_name_plural = _("published annexes")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "kind", "version"], name="formation_publication_version"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.cycle} · v{self.version}"

    def owner_org_ids(self):
        return {self.cycle.body_id}

    def entries(self):
        """Its stored documents in the ledger (kk/ru × xlsx/pdf), without the bytes."""
        from tapsyrys.publishing.selectors import entries_of

        return entries_of(self.cycle, kind=self.kind, version=self.version)


class TopicProposal(models.Model):
    """The pool of topic proposals for a future formation cycle (P-3, F-4).

    A comment that arrives after the discussion closed may be kept here for next year.
    """

    class Source(models.TextChoices):
        LATE_COMMENT = "late_comment", _("Comment received after the discussion closed")
        DIRECT = "direct", _("Proposal")

    body = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("state body"),
        on_delete=models.PROTECT,
        related_name="formation_proposals",
    )
    year = models.PositiveSmallIntegerField(_("for the year"))
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.SET_NULL, related_name="late_proposals"
    )
    source = models.CharField(max_length=15, choices=Source.choices, default=Source.DIRECT)
    text = BoundedTextField(_("proposal"), max_length=COMMENT_MAX_LENGTH * 2)
    author_name = models.CharField(_("author"), max_length=NAME_MAX_LENGTH)
    author_contact = models.CharField(_("contact (e-mail or phone)"), max_length=NAME_MAX_LENGTH)
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("topic proposal")
        verbose_name_plural = _("topic proposals")
        indexes = [models.Index(fields=["body", "year"], name="formation_proposal_body_year")]

    def __str__(self):
        return f"{self.author_name}: {self.text[:60]}"

    def owner_org_ids(self):
        return {self.body_id}

"""Control of NGO reports and the special control group (M-7, pilot `004`)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tapsyrys.contracting.models import TEXT_MAX, Contract, ReportStage, StageReport
from tapsyrys.core.fields import BoundedTextField
from tapsyrys.core.files import StoredFile

__all__ = [
    "SpecialControlCase",
    "ControlDecision",
    "InformationRequest",
    "InformationRequestFile",
    "ReportReview",
]


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
    # control part: what caused the case
    stage = models.ForeignKey(
        ReportStage,
        verbose_name=_("report stage"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    report = models.ForeignKey(
        StageReport,
        verbose_name=_("report version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()
    show_history = True

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
            models.Index(fields=["reason", "opened_at"], name="mon_case_reason_idx"),
            # the group's order (open first, newest first): a page is read off the index
            models.Index(fields=["closed_at", "-opened_at", "-id"], name="mon_case_list_idx"),
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
    # control part: the decision's content
    remarks = BoundedTextField(_("remarks"), blank=True, max_length=TEXT_MAX)
    new_due_date = models.DateField(_("new due date"), null=True, blank=True)
    refund_amount = models.DecimalField(
        _("refund amount, tenge"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    document = models.ForeignKey(
        StoredFile,
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    correction_flagged_at = models.DateTimeField(
        _("correction flagged as overdue at"), null=True, blank=True
    )
    history = HistoricalRecords()
    show_history = True

    class Meta:
        ordering = ["case", "decided_at", "id"]
        verbose_name = _("control decision")
        verbose_name_plural = _("control decisions")
        indexes = [models.Index(fields=["kind", "decided_at"], name="mon_decision_kind_idx")]
        constraints = [
            # a refund names a positive amount; no other decision has one
            models.CheckConstraint(
                condition=(Q(kind="refund") & Q(refund_amount__gt=0))
                | (~Q(kind="refund") & Q(refund_amount__isnull=True)),
                name="mon_decision_refund_amount",
            ),
            # a correction request names its new due date
            models.CheckConstraint(
                condition=~Q(kind="request_correction") | Q(new_due_date__isnull=False),
                name="mon_decision_correction_due",
            ),
        ]

    def __str__(self):
        return self.get_kind_display()

    def owner_org_ids(self):
        return self.case.owner_org_ids()


class InformationRequest(models.Model):
    """The monitor's request to the NGO for information or documents (M-5), due on a date."""

    class Status(models.TextChoices):
        OPEN = "open", _("awaiting the answer")
        ANSWERED = "answered", _("answered")

    contract = models.ForeignKey(
        Contract,
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="information_requests",
    )
    subject = models.CharField(_("subject"), max_length=300)
    text = BoundedTextField(_("what is requested"), max_length=TEXT_MAX)
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now)
    answer = BoundedTextField(_("answer"), blank=True, max_length=TEXT_MAX)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    overdue_flagged_at = models.DateTimeField(_("flagged as overdue at"), null=True, blank=True)
    history = HistoricalRecords()
    show_history = True

    class Meta:
        ordering = ["-asked_at", "-id"]
        verbose_name = _("information request")
        verbose_name_plural = _("information requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", answered_at__isnull=True)
                | Q(status="answered", answered_at__isnull=False),
                name="mon_request_answered_has_moment",
            ),
        ]
        indexes = [
            models.Index(fields=["contract", "status"], name="mon_request_contract_idx"),
            models.Index(fields=["status", "due_date"], name="mon_request_due_idx"),
        ]

    def __str__(self):
        return self.subject

    def owner_org_ids(self):
        return {self.contract.body_id, self.contract.supplier_id}


class InformationRequestFile(models.Model):
    """A file of the NGO's answer to an information request."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="files")
    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]

    def __str__(self):
        return str(self.file_id)


class ReportReview(models.Model):
    """The body's review of one submitted version of a stage report (M-7): accepted, or
    returned with remarks (the NGO's correction is a new version, reviewed again)."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        RETURNED = "returned", _("returned with remarks")

    report = models.OneToOneField(
        StageReport,
        verbose_name=_("report version"),
        on_delete=models.PROTECT,
        related_name="review",
    )
    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    remarks = BoundedTextField(_("remarks"), blank=True, max_length=TEXT_MAX)
    # required sections the body found insufficient (field names of contracting.rules)
    incomplete_sections = models.JSONField(_("incomplete sections"), default=list, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), default=timezone.now)
    history = HistoricalRecords()
    show_history = True

    class Meta:
        ordering = ["-reviewed_at", "-id"]
        verbose_name = _("report review")
        verbose_name_plural = _("report reviews")
        constraints = [
            # a return says why
            models.CheckConstraint(
                condition=Q(decision="accepted") | ~Q(remarks=""),
                name="mon_review_return_has_remarks",
            ),
            models.CheckConstraint(
                condition=Q(decision__in=["accepted", "returned"]), name="mon_review_decision"
            ),
        ]
        indexes = [models.Index(fields=["contract", "decision"], name="mon_review_contract_idx")]

    def __str__(self):
        return f"{self.report}: {self.get_decision_display()}"

    def owner_org_ids(self):
        return {self.contract.body_id, self.contract.supplier_id}

"""Contracting and the NGO side (C-1 … C-4, X-IMPORT).

NGOs are core Organisations (kind=ngo); their people's accounts (sign-up, e-mail confirmation,
invitations) are core's (`tapsyrys.core.accounts`). This app adds: competitions and lots (C-2),
contracts with their technical specification and the stage-report schedule (C-3), project
passports and stage reports (C-4), and import jobs.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from tapsyrys.core.bilingual import bilingual
from tapsyrys.core.fields import BoundedTextField
from tapsyrys.core.files import StoredFile
from tapsyrys.core.models import Area, LocalizedNameMixin, Organisation, ServiceType

# --- Competitions and lots (C-2) ---------------------------------------------------------------


TEXT_MAX = 4000  # characters of a description
LONG_TEXT_MAX = 20_000  # characters of a passport or report section


class Competition(models.Model):
    """A competition held on the public procurement web portal; this system keeps the record."""

    body = models.ForeignKey(
        Organisation,
        verbose_name=_("state body"),
        on_delete=models.PROTECT,
        related_name="competitions",
        db_index=False,  # the natural key (body, procurement number) leads with it
    )
    procurement_number = models.CharField(
        _("procurement number on the portal"), max_length=64, help_text="trdBuyNumberAnno"
    )
    held_on = models.DateField(_("competition date"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("financial year"), db_index=True)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=500, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # row history is read per record (its id); the foreign keys' indexes would only slow writes
    history = HistoricalRecords(no_db_index=["body"])
    show_history = True

    class Meta:
        ordering = ["-year", "-held_on", "-id"]
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "procurement_number"], name="competition_natural_key"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="competition_year_range"
            ),
        ]
        indexes = [models.Index(fields=["body", "-year"], name="competition_body_year_idx")]

    def __str__(self):
        return self.title or self.procurement_number

    @property
    def title(self):
        from django.utils.translation import get_language

        lang = (get_language() or "kk")[:2]
        return (self.title_kk if lang == "kk" else self.title_ru) or self.title_ru or self.title_kk

    def owner_org_ids(self):
        return {self.body_id}


class Lot(LocalizedNameMixin, models.Model):
    class Status(models.TextChoices):
        ANNOUNCED = "announced", _("announced")
        HELD = "held", _("held")
        NOT_HELD = "not_held", _("not held")

    competition = models.ForeignKey(
        Competition, verbose_name=_("competition"), on_delete=models.PROTECT, related_name="lots"
    )
    body = models.ForeignKey(
        Organisation,
        verbose_name=_("state body"),
        on_delete=models.PROTECT,
        related_name="lots",
        db_index=False,  # the natural key (body, number) leads with it
    )
    number = models.CharField(_("lot number"), max_length=64, help_text="lotNumber")
    # X-I18N: the lot's name and description are shown on public pages and forms in both
    # languages, so both are required (a lot imported from the portal without its Kazakh texts
    # is stored as the portal gave it; services.lot_create refuses it)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=1000)
    name_ru = models.CharField(_("name (Russian)"), max_length=1000)
    description_kk = BoundedTextField(_("description (Kazakh)"), max_length=TEXT_MAX)
    description_ru = BoundedTextField(_("description (Russian)"), max_length=TEXT_MAX)
    area = models.ForeignKey(
        Area, verbose_name=_("area"), null=True, blank=True, on_delete=models.PROTECT
    )
    coverage = models.CharField(_("territorial coverage"), max_length=500, blank=True)
    topic = models.ForeignKey(
        "formation.Topic",
        verbose_name=_("approved topic"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lots",
    )
    amount = models.DecimalField(_("amount, tenge"), max_digits=16, decimal_places=2)
    # One contract per lot unless the lot is split explicitly into `parts` contracts
    # (e.g. by region); contract_create refuses the (parts + 1)-th (issue 7).
    parts = models.PositiveSmallIntegerField(
        _("contracts the lot is split into"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ANNOUNCED
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(no_db_index=["competition", "body", "area", "topic"])
    show_history = True

    class Meta:
        ordering = ["competition", "number"]
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="lot_natural_key"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="lot_amount_positive"),
            models.CheckConstraint(
                condition=Q(status__in=["announced", "held", "not_held"]), name="lot_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["body", "status"], name="lot_body_status_idx"),
        ]  # the area's foreign key has its own index

    def __str__(self):
        return f"{self.number} · {self.name}"

    description = bilingual("description")

    def owner_org_ids(self):
        return {self.body_id}


# --- Contracts (C-3) ------------------------------------------------------------------------------


class Contract(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("contract status", "active")
        SUSPENDED = "suspended", _("suspended")
        COMPLETED = "completed", _("completed")
        TERMINATED = "terminated", _("terminated")
        CLOSED = "closed", _("closed")

    lot = models.ForeignKey(
        Lot, verbose_name=_("lot"), on_delete=models.PROTECT, related_name="contracts"
    )
    body = models.ForeignKey(
        Organisation,
        verbose_name=_("state body"),
        on_delete=models.PROTECT,
        related_name="body_contracts",
        db_index=False,  # the natural key (body, number) leads with it
    )
    supplier = models.ForeignKey(
        Organisation,
        verbose_name=_("supplier NGO"),
        on_delete=models.PROTECT,
        related_name="contracts",
        db_index=False,  # contract_supplier_idx (supplier, -signed_on) leads with it
    )
    number = models.CharField(_("contract number"), max_length=64, help_text="contractNumber")
    signed_on = models.DateField(_("contract date"), help_text="signDate")
    year = models.PositiveSmallIntegerField(_("financial year"), help_text="finYear")
    amount = models.DecimalField(
        _("contract amount, tenge"), max_digits=16, decimal_places=2, help_text="contractSum"
    )
    starts_on = models.DateField(_("implementation start"))
    ends_on = models.DateField(_("implementation end"), help_text="planExecDate")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    # Technical specification (C-3, S-1)
    spec_document = models.ForeignKey(
        StoredFile,
        verbose_name=_("technical specification document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    service_types = models.ManyToManyField(
        ServiceType, verbose_name=_("service types"), blank=True, related_name="+"
    )
    expected_results = BoundedTextField(_("expected results"), blank=True, max_length=TEXT_MAX)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(no_db_index=["lot", "body", "supplier", "spec_document"])
    show_history = True

    class Meta:
        ordering = ["-signed_on", "-id"]
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="contract_natural_key"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="contract_amount_positive"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="contract_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=["active", "suspended", "completed", "terminated", "closed"]
                ),
                name="contract_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["supplier", "-signed_on"], name="contract_supplier_idx"),
            models.Index(fields=["body", "-signed_on"], name="contract_body_idx"),
            models.Index(fields=["status"], name="contract_status_idx"),
            models.Index(fields=["year"], name="contract_year_idx"),
        ]

    def __str__(self):
        return f"№ {self.number}"

    def owner_org_ids(self):
        return {self.body_id, self.supplier_id}


class Activity(models.Model):
    """An activity (work or service) of the technical specification (monitored under M-2 (1))."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="activities")
    no = models.PositiveSmallIntegerField(_("No."))
    text_kk = models.CharField(_("activity (Kazakh)"), max_length=1000, blank=True)
    text_ru = models.CharField(_("activity (Russian)"), max_length=1000, blank=True)
    text = bilingual("text")

    class Meta:
        ordering = ["contract", "no"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.UniqueConstraint(fields=["contract", "no"], name="activity_no_unique")
        ]

    def __str__(self):
        return self.text


class Indicator(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="indicators")
    no = models.PositiveSmallIntegerField(_("No."))
    name_kk = models.CharField(_("indicator (Kazakh)"), max_length=500, blank=True)
    name_ru = models.CharField(_("indicator (Russian)"), max_length=500, blank=True)
    name = bilingual("name")
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    planned = models.DecimalField(_("planned value"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["contract", "no"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["contract", "no"], name="indicator_no_unique"),
            models.CheckConstraint(condition=Q(planned__gte=0), name="indicator_planned_ge_0"),
        ]

    def __str__(self):
        return self.name


class TargetGroup(models.Model):
    """A target group with its planned coverage; the NGO records the reached count (C-4)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="target_groups")
    no = models.PositiveSmallIntegerField(_("No."))
    name = models.CharField(_("target group"), max_length=300)
    planned = models.PositiveIntegerField(_("planned coverage"))
    reached = models.PositiveIntegerField(_("reached"), null=True, blank=True)

    class Meta:
        ordering = ["contract", "no"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        constraints = [
            models.UniqueConstraint(fields=["contract", "no"], name="target_group_no_unique")
        ]

    def __str__(self):
        return self.name


class ReportStage(models.Model):
    """One entry of the stage-report schedule with its due date (stored and indexed)."""

    class Kind(models.TextChoices):
        FIRST_INTERIM = "first_interim", _("first interim report")
        SECOND_INTERIM = "second_interim", _("second interim report")
        FINAL = "final", _("final report")

    # report_stage_no_unique (contract, no) leads with the contract: no index of its own
    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="stages", db_index=False
    )
    no = models.PositiveSmallIntegerField(_("No."))
    kind = models.CharField(_("report"), max_length=20, choices=Kind.choices)
    due_date = models.DateField(_("due date"))
    submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    missing_flagged_at = models.DateTimeField(_("flagged as missing at"), null=True, blank=True)

    class Meta:
        ordering = ["contract", "no"]
        verbose_name = _("report stage")
        verbose_name_plural = _("report stages")
        constraints = [
            models.UniqueConstraint(fields=["contract", "no"], name="report_stage_no_unique"),
            models.UniqueConstraint(fields=["contract", "kind"], name="report_stage_kind_unique"),
        ]
        indexes = [
            models.Index(
                fields=["due_date"],
                condition=Q(submitted_at__isnull=True, missing_flagged_at__isnull=True),
                name="report_stage_due_open_idx",
            ),
            models.Index(fields=["due_date"], name="report_stage_due_idx"),
        ]

    def __str__(self):
        return self.get_kind_display()

    @property
    def is_final(self):
        return self.kind == self.Kind.FINAL

    def owner_org_ids(self):
        return {self.contract.body_id, self.contract.supplier_id}


# --- Project passport (C-4) ----------------------------------------------------------------------


class Passport(models.Model):
    contract = models.OneToOneField(Contract, on_delete=models.CASCADE, related_name="passport")
    goals_tasks = BoundedTextField(_("goals and tasks"), blank=True, max_length=LONG_TEXT_MAX)
    expected_results = BoundedTextField(_("expected results"), blank=True, max_length=LONG_TEXT_MAX)
    budget = models.DecimalField(
        _("project budget, tenge"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    budget_notes = BoundedTextField(_("budget breakdown"), blank=True, max_length=LONG_TEXT_MAX)
    work_done = BoundedTextField(
        _("description of the work done"), blank=True, max_length=LONG_TEXT_MAX
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()
    show_history = True

    class Meta:
        verbose_name = _("project passport")
        verbose_name_plural = _("project passports")
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gt=0), name="passport_budget_positive"
            )
        ]

    def __str__(self):
        return str(_("Passport of contract %(number)s") % {"number": self.contract.number})

    def owner_org_ids(self):
        return {self.contract.body_id, self.contract.supplier_id}


class TeamMember(models.Model):
    passport = models.ForeignKey(Passport, on_delete=models.CASCADE, related_name="team")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role in the project"), max_length=200)
    experience = models.CharField(_("experience"), max_length=500, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("team member")
        verbose_name_plural = _("team")

    def __str__(self):
        return self.name


class Partner(models.Model):
    passport = models.ForeignKey(Passport, on_delete=models.CASCADE, related_name="partners")
    kind = models.CharField(_("kind of organisation"), max_length=200, blank=True)
    name = models.CharField(_("partner organisation"), max_length=500)
    joint_work = models.CharField(_("joint work"), max_length=1000, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")

    def __str__(self):
        return self.name


class MediaPublication(models.Model):
    passport = models.ForeignKey(Passport, on_delete=models.CASCADE, related_name="publications")
    outlet = models.CharField(_("media outlet"), max_length=300)
    title = models.CharField(_("title"), max_length=500)
    published_on = models.DateField(_("date"))
    url = models.URLField(_("link"), blank=True, max_length=500)

    class Meta:
        ordering = ["-published_on", "id"]
        verbose_name = _("media publication")
        verbose_name_plural = _("media publications")

    def __str__(self):
        return self.title


class PassportFile(models.Model):
    passport = models.ForeignKey(Passport, on_delete=models.CASCADE, related_name="files")
    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at"]

    def __str__(self):
        return str(self.file_id)


# --- Stage reports (C-4) -------------------------------------------------------------------------


class StageReport(models.Model):
    """One version of a stage report. Submitted versions are immutable; a correction is a new
    version of the same stage (X-AUDIT)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")

    stage = models.ForeignKey(ReportStage, on_delete=models.PROTECT, related_name="reports")
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="reports")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    team_composition = BoundedTextField(_("team composition"), blank=True, max_length=LONG_TEXT_MAX)
    about_project = BoundedTextField(_("about the project"), blank=True, max_length=LONG_TEXT_MAX)
    main_work = BoundedTextField(
        _("description of the main work"), blank=True, max_length=LONG_TEXT_MAX
    )
    indicator_actuals = models.JSONField(_("indicator actuals"), default=dict, blank=True)
    coverage_reached = models.JSONField(_("coverage reached"), default=dict, blank=True)
    satisfaction_results = BoundedTextField(
        _("satisfaction survey results"), blank=True, max_length=LONG_TEXT_MAX
    )
    financial_report = BoundedTextField(_("financial report"), blank=True, max_length=LONG_TEXT_MAX)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, db_index=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    on_time = models.BooleanField(_("on time"), null=True, blank=True)
    history = HistoricalRecords()
    show_history = True

    class Meta:
        ordering = ["stage__no", "-version"]
        verbose_name = _("stage report")
        verbose_name_plural = _("stage reports")
        constraints = [
            models.UniqueConstraint(fields=["stage", "version"], name="stage_report_version"),
            models.UniqueConstraint(
                fields=["stage"], condition=Q(status="draft"), name="stage_report_one_draft"
            ),
            models.CheckConstraint(
                condition=Q(status="draft", submitted_at__isnull=True)
                | Q(status="submitted", submitted_at__isnull=False),
                name="stage_report_submitted_has_moment",
            ),
        ]
        indexes = [
            models.Index(fields=["contract", "status"], name="stage_report_contract_idx"),
            models.Index(fields=["status", "-submitted_at"], name="stage_report_inbox_idx"),
        ]

    def __str__(self):
        return f"{self.stage.get_kind_display()} · v{self.version}"

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    def owner_org_ids(self):
        return {self.contract.body_id, self.contract.supplier_id}


class ReportFile(models.Model):
    report = models.ForeignKey(StageReport, on_delete=models.CASCADE, related_name="files")
    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at"]

    def __str__(self):
        return str(self.file_id)


# --- Import jobs (X-IMPORT) ----------------------------------------------------------------------


def _import_name(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "csv"
    return f"imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{ext}"


class ImportJob(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("has errors")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("importing organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    file = models.FileField(upload_to=_import_name, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    dry_run = models.BooleanField(_("dry run"), default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # X-AUDIT: the job's status and result are business state (row history); the progress
    # counters only drive the upload page's progress bar and are left out of it.
    history = HistoricalRecords(excluded_fields=["total_rows", "processed_rows"])
    show_history = True

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        indexes = [models.Index(fields=["organisation", "-created_at"], name="import_org_idx")]

    def __str__(self):
        return self.original_name

    @property
    def percent(self):
        if self.status in (self.Status.DONE, self.Status.FAILED):
            return 100
        if not self.total_rows:
            return 0
        return min(99, int(self.processed_rows * 100 / self.total_rows))

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    def owner_org_ids(self):
        return {self.organisation_id}


class ServiceAct(models.Model):
    """The act of services rendered of a contract (§20, E-6), signed by the body through the
    public procurement web portal: recorded here only once the registered gates let it (the
    evaluation's Annex 8 report posted on the portal, see `contracting.gates`)."""

    contract = models.OneToOneField(
        Contract, verbose_name=_("contract"), on_delete=models.PROTECT, related_name="service_act"
    )
    signed_on = models.DateField(_("act signed on"))
    portal_reference = models.CharField(_("portal reference of the act"), max_length=300)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()
    show_history = True

    class Meta:
        verbose_name = _("act of services rendered")
        verbose_name_plural = _("acts of services rendered")
        constraints = [
            models.CheckConstraint(
                condition=~Q(portal_reference=""), name="contracting_act_reference"
            )
        ]

    def __str__(self):
        return f"{self.contract} · {self.signed_on:%d.%m.%Y}"

    def owner_org_ids(self):
        return {self.contract.body_id, self.contract.supplier_id}

"""Monitoring events of a project (M-1, M-2, M-3, M-6)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tapsyrys.contracting.models import Activity, Contract, TargetGroup
from tapsyrys.core.fields import BoundedTextField
from tapsyrys.core.files import StoredFile
from tapsyrys.core.models import LocalizedNameMixin, MonitoringTool, ServiceType

__all__ = [
    "MonitoringEvent",
    "StandardThreshold",
    "MonitoringPlanYear",
    "EventActivity",
    "EventSurvey",
    "EventCoverage",
    "EventCompliance",
    "EventEvidence",
]

EVENT_TEXT_MAX = 8000  # characters of findings, measures, evidence


class StandardThreshold(LocalizedNameMixin, models.Model):
    """The Standard's quality thresholds for one form of (training) service (S-2), loaded from
    reference/standard_thresholds.csv and editable by the administrator (audited).

    Satisfaction: the minimum band starts at `satisfaction_min_from` %, the maximum band at
    `satisfaction_max_from` %; counts: below `*_min` is below the minimum, from `*_max` on is the
    maximum band. Duration is in hours (a day of training counted as 8 academic hours)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_kk = models.CharField(_("form of service (Kazakh)"), max_length=200)
    name_ru = models.CharField(_("form of service (Russian)"), max_length=200)
    name_en = models.CharField(_("form of service (English)"), max_length=200, blank=True)
    satisfaction_min_from = models.DecimalField(
        _("satisfaction: minimum band from, %"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    satisfaction_max_from = models.DecimalField(
        _("satisfaction: maximum band from, %"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    stories_min = models.PositiveIntegerField(_("success stories: minimum"), null=True, blank=True)
    stories_max = models.PositiveIntegerField(_("success stories: maximum"), null=True, blank=True)
    participants_min = models.PositiveIntegerField(
        _("participants: minimum"), null=True, blank=True
    )
    participants_max = models.PositiveIntegerField(
        _("participants: maximum"), null=True, blank=True
    )
    duration_min_hours = models.PositiveIntegerField(
        _("duration: minimum, hours"), null=True, blank=True
    )
    duration_max_hours = models.PositiveIntegerField(
        _("duration: maximum, hours"), null=True, blank=True
    )
    trainer_experience_years = models.PositiveSmallIntegerField(
        _("trainer experience: at least, years"), null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("Standard threshold (S-2)")
        verbose_name_plural = _("Standard thresholds (S-2)")
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfaction_min_from__isnull=True)
                | Q(satisfaction_max_from__isnull=True)
                | Q(satisfaction_min_from__lte=models.F("satisfaction_max_from")),
                name="mon_threshold_satisfaction_ordered",
            ),
            models.CheckConstraint(
                condition=Q(stories_min__isnull=True) | Q(stories_max__isnull=True)
                | Q(stories_min__lte=models.F("stories_max")),
                name="mon_threshold_stories_ordered",
            ),
            models.CheckConstraint(
                condition=Q(participants_min__isnull=True) | Q(participants_max__isnull=True)
                | Q(participants_min__lte=models.F("participants_max")),
                name="mon_threshold_participants_ordered",
            ),
            models.CheckConstraint(
                condition=Q(duration_min_hours__isnull=True) | Q(duration_max_hours__isnull=True)
                | Q(duration_min_hours__lte=models.F("duration_max_hours")),
                name="mon_threshold_duration_ordered",
            ),
        ]  # fmt: skip

    def __str__(self):
        return self.name


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
    # M-3: two or more of the seven tools of §9
    tools = models.ManyToManyField(
        MonitoringTool, verbose_name=_("monitoring tools"), blank=True, related_name="+"
    )
    findings = BoundedTextField(_("findings"), blank=True, max_length=EVENT_TEXT_MAX)
    measures = BoundedTextField(
        _("proposed operational measures"), blank=True, max_length=EVENT_TEXT_MAX
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("planned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()
    show_history = True

    class Meta:
        ordering = ["contract", "planned_on", "id"]
        verbose_name = _("monitoring event")
        verbose_name_plural = _("monitoring events")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="planned") | Q(held_on__isnull=False),
                name="mon_event_completed_has_date",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="mon_event_year_range"
            ),
        ]
        indexes = [
            models.Index(fields=["contract", "year"], name="mon_event_contract_year_idx"),
            models.Index(fields=["status", "planned_on"], name="mon_event_status_idx"),
        ]

    def __str__(self):
        return f"{self.contract.number} · {self.planned_on:%d.%m.%Y}"

    def owner_org_ids(self):
        return {self.contract.body_id, self.contract.supplier_id}

    @property
    def is_completed(self):
        return self.status == self.Status.COMPLETED

    @property
    def date(self):
        """The day that counts for the plan: held on, or else planned for."""
        return self.held_on or self.planned_on


class MonitoringPlanYear(models.Model):
    """One calendar year of a project's implementation in the monitoring plan (M-1): the
    `monitoring.plan_minimum` due item follows it (`due_on`, see rules.events.minimum_due_on)
    and `flagged_at` records that the year was found below the minimum."""

    contract = models.ForeignKey(
        Contract,
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="monitoring_plan_years",
    )
    year = models.PositiveSmallIntegerField(_("calendar year"))
    due_on = models.DateField(_("minimum due on"))
    flagged_at = models.DateTimeField(_("flagged below the minimum at"), null=True, blank=True)
    problems = models.JSONField(_("problems found"), default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "year"]
        verbose_name = _("monitoring plan year")
        verbose_name_plural = _("monitoring plan years")
        constraints = [
            models.UniqueConstraint(fields=["contract", "year"], name="mon_plan_year_once"),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="mon_plan_year_range"
            ),
        ]
        indexes = [models.Index(fields=["due_on"], name="mon_plan_year_due_idx")]

    def __str__(self):
        return f"{self.contract.number} · {self.year}"

    def owner_org_ids(self):
        return {self.contract.body_id, self.contract.supplier_id}


class EventActivity(models.Model):
    """Indicator (1): one activity of the technical specification at this event."""

    class Status(models.TextChoices):
        DONE = "done", _("done")
        PARTLY = "partly", _("partly done")
        NOT_DONE = "not_done", _("not done")

    event = models.ForeignKey(MonitoringEvent, on_delete=models.CASCADE, related_name="activities")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("execution"), max_length=10, choices=Status.choices)
    evidence = BoundedTextField(_("evidence"), blank=True, max_length=EVENT_TEXT_MAX)

    class Meta:
        ordering = ["event", "activity__no"]
        verbose_name = _("activity execution")
        verbose_name_plural = _("activity execution")
        constraints = [
            models.UniqueConstraint(fields=["event", "activity"], name="mon_event_activity_once"),
            models.CheckConstraint(
                condition=Q(status__in=["done", "partly", "not_done"]),
                name="mon_event_activity_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.activity_id}: {self.status}"


class EventSurvey(models.Model):
    """Indicator (2) and the Standard's inputs of indicator (4): the satisfaction survey of one
    form of service, with the values checked against its S-2 thresholds."""

    event = models.ForeignKey(MonitoringEvent, on_delete=models.CASCADE, related_name="surveys")
    form = models.ForeignKey(
        StandardThreshold,
        verbose_name=_("form of service"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    respondents = models.PositiveIntegerField(_("respondents"))
    satisfied_pct = models.DecimalField(
        _("satisfied, %"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    success_stories = models.PositiveIntegerField(_("success stories"), null=True, blank=True)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    duration_hours = models.PositiveIntegerField(_("duration, hours"), null=True, blank=True)
    trainer_experience_years = models.PositiveSmallIntegerField(
        _("trainer experience, years"), null=True, blank=True
    )

    class Meta:
        ordering = ["event", "form__order"]
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        constraints = [
            models.UniqueConstraint(fields=["event", "form"], name="mon_event_survey_once"),
            models.CheckConstraint(
                condition=Q(satisfied_pct__gte=0) & Q(satisfied_pct__lte=100),
                name="mon_event_survey_pct_range",
            ),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.form_id}: {self.satisfied_pct} %"


class EventCoverage(models.Model):
    """Indicator (3): people reached in one target group by the time of the event."""

    event = models.ForeignKey(MonitoringEvent, on_delete=models.CASCADE, related_name="coverage")
    target_group = models.ForeignKey(TargetGroup, on_delete=models.PROTECT, related_name="+")
    reached = models.PositiveIntegerField(_("reached"))

    class Meta:
        ordering = ["event", "target_group__no"]
        verbose_name = _("coverage")
        verbose_name_plural = _("coverage")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "target_group"], name="mon_event_coverage_once"
            ),
        ]
        indexes = [models.Index(fields=["target_group"], name="mon_event_coverage_tg_idx")]

    def __str__(self):
        return f"{self.target_group_id}: {self.reached}"


class EventCompliance(models.Model):
    """Indicator (4): compliance with the Standard for one service type of the contract (S-1)."""

    class Verdict(models.TextChoices):
        COMPLIES = "complies", _("complies")
        PARTLY = "partly", _("complies partly")
        NOT = "not", _("does not comply")

    event = models.ForeignKey(MonitoringEvent, on_delete=models.CASCADE, related_name="compliance")
    # None: the Standard as a whole, for a contract whose specification names no service type
    service_type = models.ForeignKey(
        ServiceType,
        verbose_name=_("service type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verdict = models.CharField(_("compliance"), max_length=10, choices=Verdict.choices)
    comment = BoundedTextField(_("comment"), blank=True, max_length=EVENT_TEXT_MAX)

    class Meta:
        ordering = ["event", "service_type_id"]
        verbose_name = _("compliance with the Standard")
        verbose_name_plural = _("compliance with the Standard")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "service_type"], name="mon_event_compliance_once"
            ),
            models.UniqueConstraint(
                fields=["event"],
                condition=Q(service_type__isnull=True),
                name="mon_event_compliance_overall_once",
            ),
            models.CheckConstraint(
                condition=Q(verdict__in=["complies", "partly", "not"]),
                name="mon_event_compliance_valid",
            ),
        ]

    def __str__(self):
        return f"{self.service_type_id}: {self.verdict}"


class EventEvidence(models.Model):
    """Evidence of an event: an uploaded file or a link to a social-network publication."""

    event = models.ForeignKey(MonitoringEvent, on_delete=models.CASCADE, related_name="evidence")
    file = models.ForeignKey(
        StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    url = models.URLField(_("link to a publication"), blank=True, max_length=500)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["event", "added_at", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(
                condition=(Q(file__isnull=False) & Q(url="")) | (Q(file__isnull=True) & ~Q(url="")),
                name="mon_event_evidence_file_or_link",
            ),
        ]

    def __str__(self):
        return self.url or str(self.file_id)

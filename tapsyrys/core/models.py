"""Organisations, people and roles, reference data, audit events and notifications."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from tapsyrys.core.fields import BoundedTextField

from .bin import validate_bin


class LocalizedNameMixin:
    """`obj.name` in the active language (kk / ru / en), falling back to Russian then Kazakh."""

    name_field_prefix = "name"

    def localized(self, prefix, language=None):
        from .bilingual import pick

        return pick(self, prefix, language)

    @property
    def name(self):
        return self.localized(self.name_field_prefix)

    def __str__(self):
        return self.name


# --- Reference data (X-AREA, X-MCI, X-EDITION) -------------------------------------------------


class Edition(LocalizedNameMixin, models.Model):
    """An edition of the Rules (2018, 2021, 2022); a cycle runs under the edition in force."""

    name_field_prefix = "title"
    code = models.CharField(_("code"), max_length=8, unique=True)
    order_no = models.CharField(_("order number"), max_length=16)
    order_date = models.DateField(_("order date"))
    effective_from = models.DateField(_("in force from"), unique=True)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=300)
    title_ru = models.CharField(_("title (Russian)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["effective_from"]
        verbose_name = _("edition of the Rules")
        verbose_name_plural = _("editions of the Rules")

    @classmethod
    def in_force_on(cls, day):
        return cls.objects.filter(effective_from__lte=day).order_by("-effective_from").first()


class Area(LocalizedNameMixin, models.Model):
    """One of the areas of the state social order (19 in the 2022 edition, 17 in 2021)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=300)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    editions = models.ManyToManyField(Edition, through="EditionArea", related_name="areas")
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")


class EditionArea(models.Model):
    """The number an area carries in an edition (X-AREA: numbering changed in 2022)."""

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="edition_areas")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="edition_numbers")
    number = models.PositiveSmallIntegerField(_("number"))
    # The area's name as this edition words it (X-EDITION), when it differs from the area's
    # current name; blank: the area's name. Loaded from reference/edition_area_names.csv.
    name_kk = models.CharField(_("name in this edition (Kazakh)"), max_length=300, blank=True)
    name_ru = models.CharField(_("name in this edition (Russian)"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["edition", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "number"], name="edition_area_number_unique"
            ),
            models.UniqueConstraint(fields=["edition", "area"], name="edition_area_unique"),
        ]

    def __str__(self):
        return f"{self.edition.code} · {self.number}. {self.area}"

    def name(self, lang):
        """The area's name in `lang` ("kk"/"ru") as this edition words it."""
        return getattr(self, f"name_{lang}") or getattr(self.area, f"name_{lang}")


class Region(LocalizedNameMixin, models.Model):
    class Kind(models.TextChoices):
        REGION = "region", _("region")
        CITY = "city", _("city of republican significance")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=120)
    name_ru = models.CharField(_("name (Russian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class MCIRate(models.Model):
    """The monthly calculation index in force from a date (X-MCI)."""

    class AppliesTo(models.TextChoices):
        ALL = "all", _("all payments")
        SOCIAL = "social_payments", _("social payments only")

    effective_from = models.DateField(_("in force from"))
    value_tenge = models.PositiveIntegerField(_("value, tenge"))
    applies_to = models.CharField(
        _("applies to"), max_length=20, choices=AppliesTo.choices, default=AppliesTo.ALL
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["effective_from", "applies_to"]
        verbose_name = _("MCI rate")
        verbose_name_plural = _("MCI rates")
        constraints = [
            models.UniqueConstraint(fields=["effective_from", "applies_to"], name="mci_unique"),
            models.CheckConstraint(condition=Q(value_tenge__gt=0), name="mci_positive"),
        ]

    def __str__(self):
        return f"{self.effective_from:%d.%m.%Y}: {self.value_tenge} ₸ ({self.get_applies_to_display()})"


class EvaluationCriterion(LocalizedNameMixin, models.Model):
    """Criteria of the assessment sheet (Annex 7, §18): integer scores min..max."""

    no = models.PositiveSmallIntegerField(_("number"), unique=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    min_score = models.PositiveSmallIntegerField(_("minimum score"))
    max_score = models.PositiveSmallIntegerField(_("maximum score"))
    name_kk = models.TextField(_("name (Kazakh)"))
    name_ru = models.TextField(_("name (Russian)"))
    name_en = models.TextField(_("name (English)"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["no"]
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_score__lte=models.F("max_score")), name="eval_criterion_range"
            )
        ]


class GrantCriterion(LocalizedNameMixin, models.Model):
    """Criteria for scoring grant applications (G-5)."""

    no = models.PositiveSmallIntegerField(_("number"), unique=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    min_score = models.PositiveSmallIntegerField(_("minimum score"))
    max_score = models.PositiveSmallIntegerField(_("maximum score"))
    name_kk = models.TextField(_("name (Kazakh)"), blank=True)
    name_ru = models.TextField(_("name (Russian)"))
    name_en = models.TextField(_("name (English)"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["no"]
        verbose_name = _("grant criterion")
        verbose_name_plural = _("grant criteria")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_score__lte=models.F("max_score")), name="grant_criterion_range"
            )
        ]


class MonitoringTool(LocalizedNameMixin, models.Model):
    """Monitoring tools of §9 (M-3)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("monitoring tool")
        verbose_name_plural = _("monitoring tools")


class ServiceType(LocalizedNameMixin, models.Model):
    """Service types of the State Social Order Standard (S-1)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("service type")
        verbose_name_plural = _("service types")


# --- Organisations and people (X-ORG) ----------------------------------------------------------


class OrganisationQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:  # save() is skipped by bulk_create: keep the search column right
            obj.search_text = obj.compose_search_text()
        return super().bulk_create(objs, *args, **kwargs)


class Organisation(LocalizedNameMixin, models.Model):
    class Kind(models.TextChoices):
        AUTHORIZED_BODY = "authorized_body", _("authorized body")
        STATE_BODY = "state_body", _("state body")
        NGO = "ngo", _("non-governmental organisation")
        GRANT_OPERATOR = "grant_operator", _("grant operator")

    class Level(models.TextChoices):
        CENTRAL = "central", _("central state body")
        REGIONAL = "regional", _("regional akimat")
        CITY = "city", _("akimat of a city of republican significance")
        DISTRICT = "district", _("district (city) akimat")

    class LegalForm(models.TextChoices):
        PUBLIC_ASSOCIATION = "public_association", _("public association")
        FOUNDATION = "foundation", _("public foundation")
        INSTITUTION = "institution", _("private institution")
        ASSOCIATION = "association", _("association (union) of legal entities")
        NONPROFIT_JSC = "nonprofit_jsc", _("non-profit joint-stock company")
        RELIGIOUS = "religious", _("religious association")
        CONSUMER_COOPERATIVE = "consumer_cooperative", _("consumer cooperative")
        STATE_INSTITUTION = "state_institution", _("state institution")
        OTHER = "other", _("other non-profit form")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    level = models.CharField(
        _("level"), max_length=10, choices=Level.choices, blank=True, db_index=True
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    bin = models.CharField(
        _("BIN"),
        max_length=12,
        unique=True,
        validators=[validate_bin],
        help_text=_("Business identification number: 12 digits with the check digit."),
    )
    name_kk = models.CharField(_("full name (Kazakh)"), max_length=500)
    name_ru = models.CharField(_("full name (Russian)"), max_length=500)
    name_en = models.CharField(_("full name (English)"), max_length=500, blank=True)
    short_name_kk = models.CharField(_("short name (Kazakh)"), max_length=200, blank=True)
    short_name_ru = models.CharField(_("short name (Russian)"), max_length=200, blank=True)
    legal_form = models.CharField(
        _("legal form"), max_length=30, choices=LegalForm.choices, blank=True
    )
    areas = models.ManyToManyField(
        Area, verbose_name=_("areas of activity"), blank=True, related_name="organisations"
    )
    address = models.CharField(_("address"), max_length=500, blank=True)
    phones = models.CharField(_("phones"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    description = BoundedTextField(_("description"), blank=True, max_length=4000)
    is_verified = models.BooleanField(_("verified"), default=False, db_index=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    # The authorized body refused to verify a self-registered NGO (it leaves the queue).
    rejected_at = models.DateTimeField(_("rejected at"), null=True, blank=True)
    rejection_reason = BoundedTextField(_("reason for rejection"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    is_active = models.BooleanField(pgettext_lazy("organisation", "active"), default=True)
    # Upper-cased names and BIN in one column: one trigram index serves the registry search.
    search_text = models.TextField(editable=False, blank=True, default="")
    history = HistoricalRecords(excluded_fields=["search_text"])
    show_history = True

    objects = OrganisationQuerySet.as_manager()

    SEARCH_FIELDS = ("bin", "name_kk", "name_ru", "name_en", "short_name_kk", "short_name_ru")

    class Meta:
        ordering = ["name_ru"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            models.Index(fields=["kind", "region"], name="org_kind_region_idx"),
            models.Index(fields=["kind", "name_ru"], name="org_kind_name_ru_idx"),
            models.Index(fields=["kind", "name_kk"], name="org_kind_name_kk_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name_kk="") & ~Q(name_ru=""), name="org_names_required"
            ),
            models.CheckConstraint(
                condition=Q(kind="state_body") | Q(level=""), name="org_level_only_for_bodies"
            ),
        ]

    def save(self, *args, **kwargs):
        self.search_text = self.compose_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def compose_search_text(self):
        return " ".join(getattr(self, f) for f in self.SEARCH_FIELDS if getattr(self, f)).upper()

    @property
    def short_name(self):
        return self.localized("short_name") or self.name

    @property
    def is_ngo(self):
        return self.kind == self.Kind.NGO

    @property
    def is_state_body(self):
        return self.kind == self.Kind.STATE_BODY

    @property
    def is_central(self):
        return self.level == self.Level.CENTRAL

    def owner_org_ids(self):
        return {self.pk}


class Role(models.TextChoices):
    PUBLIC = "public", _("public")
    CITIZEN = "citizen", _("citizen")
    NGO = "ngo", _("NGO member")
    STATE_BODY = "state_body", _("state body staff")
    AUTHORIZED_BODY = "authorized_body", _("authorized body staff")
    EXPERT = "expert", _("independent expert")
    COUNCIL_MEMBER = "council_member", _("expert council member")
    GRANT_OPERATOR = "grant_operator", _("grant operator staff")
    ADMIN = "admin", _("system administrator")


class User(AbstractUser):
    """A person. Belongs to at most one organisation; holds one or more roles."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=settings.LANGUAGES, default="kk"
    )
    is_org_admin = models.BooleanField(_("organisation administrator"), default=False)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.get_full_name() or self.username

    def save(self, *args, **kwargs):
        # set_password() leaves the new raw password in _password until the save: a changed
        # password revokes every API token of the account (issue 7).
        password_changed = self._password is not None and self.pk is not None
        super().save(*args, **kwargs)
        if password_changed:
            from rest_framework.authtoken.models import Token

            from .events import record

            # a credential, not submitted data: the revocation is the account's event (X-AUDIT)
            revoked, _ = Token.objects.filter(user=self).delete()
            if revoked:
                record(self, "core.token.revoked", actor=self, data={"reason": "password_changed"})

    @property
    def display_name(self):
        return str(self)

    @property
    def role_codes(self):
        """Role codes of this user, read once per request (prefetch-friendly)."""
        cache = getattr(self, "_role_codes", None)
        if cache is None:
            if not self.pk:
                cache = frozenset()
            else:
                cache = frozenset(a.role for a in self.role_assignments.all())
            if self.is_superuser:
                cache = cache | {Role.ADMIN}
            self._role_codes = cache
        return cache

    def has_role(self, *roles):
        return bool(self.role_codes & set(roles))


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="role_assignment_unique")
        ]
        indexes = [models.Index(fields=["role"], name="role_assignment_role_idx")]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()}"


# --- Audit (X-AUDIT) and notifications (X-NOTIFY) ------------------------------------------------


class AuditEvent(models.Model):
    """A business event: who did what to which object, with old → new values."""

    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("who (as shown)"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("object"), max_length=300)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The organisation that owns the object."),
    )
    changes = models.JSONField(_("changes (old → new)"), default=dict, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["content_type", "object_id", "-created_at"], name="audit_obj_idx")
        ]

    def __str__(self):
        return f"{self.created_at:%d.%m.%Y %H:%M} {self.action} {self.object_repr}"


class Notification(models.Model):
    """An in-app notification; the same text goes by e-mail (X-NOTIFY).

    `key` makes sending idempotent: the daily job may run twice without duplicates.
    """

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    key = models.CharField(max_length=200)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once")
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notif_inbox_idx")
        ]

    def __str__(self):
        return self.subject


from .accounts.models import EmailConfirmation, Invitation  # noqa: E402,F401  (accounts)
from .due import DueItem  # noqa: E402,F401  (deadlines of every app, with their runner)
from .files import StoredFile  # noqa: E402,F401  (a core model, defined with its helpers)
from .outbox import Outbox  # noqa: E402,F401  (notifications waiting for delivery)

"""The public ledger of published documents (X-AUDIT): every official form an app publishes is
stored as bytes in one `LedgerEntry` with the SHA-256 of those bytes, a gapless sequence
number and the hash of the entry before it, so anyone can verify the chain
(`/ledger/`, `GET /api/ledger/`, `manage.py verify_ledger`).

An entry is never updated or deleted: a correction is a new entry with the next `version` of
the same (kind, object, language, format).
"""

import datetime as dt
import hashlib

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

GENESIS = "0" * 64  # the "previous hash" of the first entry
SHA256_LENGTH = 64


class DocumentKind(models.TextChoices):
    """What a published document is. Later stages add their annexes here (5, 8, 9, …)."""

    ANNEX1 = "annex1", _("Annex 1: planned topics")
    ANNEX2 = "annex2", _("Annex 2: report on the completion of the public discussion")
    ANNEX3_COUNCIL = "annex3_council", _("Annex 3: Information submitted to the council")
    ANNEX3_BUDGET = "annex3_budget", _("Annex 3: Information after the budget approval")
    ANNEX4 = "annex4", _("Annex 4: an expert's notice of conflicts of interest")
    MONITORING_REPORT = "monitoring_report", _("Monitoring report of a project")
    ANNEX5 = "annex5", _("Annex 5: Information on implementation and assessment of results")
    ANNEX9 = "annex9", _("Annex 9: report on the state social order")
    NATIONAL_SUMMARY = "national_summary", _("Information on the results for the Government")
    ANNEX6 = "annex6", _("Annex 6: a council member's notice of conflicts of interest")
    ANNEX7 = "annex7", _("Annex 7: a council member's assessment sheet")
    ANNEX8 = "annex8", _("Annex 8: report on the evaluation of a project's results")


class DocumentLanguage(models.TextChoices):
    KK = "kk", _("Kazakh")
    RU = "ru", _("Russian")


class DocumentFormat(models.TextChoices):
    XLSX = "xlsx", "xlsx"
    PDF = "pdf", "PDF"


def canonical_moment(moment) -> str:
    """The publication moment as hashed and as the API shows it: UTC, microseconds, `Z`."""
    utc = moment.astimezone(dt.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(
    *, seq, kind, object_key, language, format, sha256, previous_sha256, published_at
) -> str:
    """SHA-256 of `seq|kind|object|language|format|sha256|previous_sha256|published_at` (UTF-8),
    every part exactly as `GET /api/ledger/` shows it (object as `app.model:id`)."""
    text = "|".join(
        [
            str(seq),
            kind,
            object_key,
            language,
            format,
            sha256,
            previous_sha256,
            canonical_moment(published_at),
        ]
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class LedgerEntry(models.Model):
    """One published document (one language, one format) in the hash chain."""

    seq = models.PositiveBigIntegerField(_("number"), unique=True)
    kind = models.CharField(_("document"), max_length=32, choices=DocumentKind.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    published_object = GenericForeignKey("content_type", "object_id")
    object_key = models.CharField(max_length=120)  # "app.model:id", part of the entry hash
    object_label = models.CharField(_("published object"), max_length=300)
    organisation = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=2, choices=DocumentLanguage.choices)
    format = models.CharField(_("format"), max_length=4, choices=DocumentFormat.choices)
    version = models.PositiveIntegerField(_("version"))
    content = models.BinaryField(_("content"))
    media_type = models.CharField(max_length=120)
    filename = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField("SHA-256", max_length=SHA256_LENGTH)
    previous_sha256 = models.CharField(_("previous entry's SHA-256"), max_length=SHA256_LENGTH)
    entry_sha256 = models.CharField(_("entry hash"), max_length=SHA256_LENGTH, unique=True)
    published_at = models.DateTimeField(_("published at"), db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("published document")
        verbose_name_plural = _("published documents")
        constraints = [
            models.CheckConstraint(condition=Q(seq__gte=1), name="publishing_entry_seq_positive"),
            # Two entries naming the same predecessor would fork the chain.
            models.UniqueConstraint(fields=["previous_sha256"], name="publishing_entry_one_next"),
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id", "language", "format", "version"],
                name="publishing_entry_version",
            ),
        ]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "kind", "language", "format", "-version"],
                name="publishing_entry_object",
            )
        ]

    def __str__(self):
        return f"#{self.seq} {self.get_kind_display()} · {self.object_label} · {self.language}"

    def owner_org_ids(self):
        return {self.organisation_id} if self.organisation_id else set()

    def computed_sha256(self) -> str:
        return hashlib.sha256(bytes(self.content)).hexdigest()

    def computed_entry_sha256(self) -> str:
        return entry_hash(
            seq=self.seq,
            kind=self.kind,
            object_key=self.object_key,
            language=self.language,
            format=self.format,
            sha256=self.sha256,
            previous_sha256=self.previous_sha256,
            published_at=self.published_at,
        )

"""Appending to the public ledger: the one way an app publishes a document (X-AUDIT).

The head of the chain is locked for the append (a PostgreSQL advisory lock held to the end of
the transaction; SQLite serialises writers), so two publishers cannot fork the chain; the
unique `seq` and the unique `previous_sha256` are the database's last line of defence.
"""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tapsyrys.core.audit import log_action, owner_organisation_id
from tapsyrys.core.errors import ApplicationError

from . import selectors
from .annexes import FORM_LANGUAGES, FORMATS, render
from .models import GENESIS, DocumentKind, LedgerEntry

LEDGER_LOCK_KEY = 0x7A9_1ED6E  # pg_advisory_xact_lock key of the ledger head


class StaleLedgerHead(ApplicationError):
    """The caller expected another head of the chain: someone published in between."""

    status_code = 409


def _lock_head():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LEDGER_LOCK_KEY])


def object_key(obj) -> str:
    """`app_label.model:pk`: how an entry names its object in the entry hash and the API."""
    meta = obj._meta
    return f"{meta.app_label}.{meta.model_name}:{obj.pk}"


def ledger_append(
    *,
    kind,
    obj,
    language,
    format,
    content: bytes,
    media_type,
    stem,
    label=None,
    actor=None,
    now=None,
    expected_previous=None,
):
    """Append one published document (bytes in one language and format) to the ledger.

    `stem` names the download (`<stem>_v<version>_<language>.<format>`); `expected_previous`,
    when given, must be the head's entry hash, else the entry is refused (StaleLedgerHead).
    Returns the new LedgerEntry; the version counts per (kind, object, language, format)."""
    if kind not in DocumentKind.values:
        raise ApplicationError(_("Unknown kind of published document."), field="kind")
    if language not in FORM_LANGUAGES:
        raise ApplicationError(
            _("Official forms are issued in Kazakh (kk) or Russian (ru)."), field="language"
        )
    if format not in FORMATS:
        raise ApplicationError(_("The format must be xlsx or pdf."), field="format")
    if not content:
        raise ApplicationError(_("A published document cannot be empty."), field="content")
    content = bytes(content)
    now = now or timezone.now()
    ct = ContentType.objects.get_for_model(obj.__class__)
    with transaction.atomic():
        _lock_head()
        head = selectors.ledger_head()
        previous = head.entry_sha256 if head else GENESIS
        if expected_previous is not None and expected_previous != previous:
            raise StaleLedgerHead(
                _(
                    "The ledger has moved on: its head is %(head)s, not %(expected)s. "
                    "Nothing was published."
                )
                % {"head": previous[:12], "expected": str(expected_previous)[:12]},
                field="previous_sha256",
            )
        version = (
            LedgerEntry.objects.filter(
                kind=kind, content_type=ct, object_id=obj.pk, language=language, format=format
            ).aggregate(v=Max("version"))["v"]
            or 0
        ) + 1
        entry = LedgerEntry(
            seq=(head.seq + 1) if head else 1,
            kind=kind,
            content_type=ct,
            object_id=obj.pk,
            object_key=object_key(obj),
            object_label=str(label if label is not None else obj)[:300],
            organisation_id=owner_organisation_id(obj),
            language=language,
            format=format,
            version=version,
            content=content,
            media_type=media_type,
            filename=f"{stem}_v{version}_{language}.{format}",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            previous_sha256=previous,
            published_at=now,
            published_by=actor if actor is not None and actor.is_authenticated else None,
        )
        entry.entry_sha256 = entry.computed_entry_sha256()
        try:
            with transaction.atomic():
                entry.save(force_insert=True)
        except IntegrityError as exc:  # only without the lock (e.g. a raw writer)
            raise StaleLedgerHead(
                _("Another document was published at the same moment. Nothing was published."),
                field="previous_sha256",
            ) from exc
        log_action(
            entry,
            "publishing.document.published",
            actor=actor,
            data={
                "seq": entry.seq,
                "kind": kind,
                "object": entry.object_key,
                "language": language,
                "format": format,
                "version": version,
                "sha256": entry.sha256,
            },
        )
    return entry


def ledger_publish_form(*, kind, obj, documents, stem, label=None, actor=None, now=None):
    """Publish one form in every official language and format.

    `documents` maps a language to its `FormDocument`; every document is rendered to xlsx
    and PDF *before* the ledger head is locked (rendering is the slow part), then the
    entries are appended in a fixed order (kk xlsx, kk pdf, ru xlsx, ru pdf) with one
    version. `label` is the object's label, or a dict of labels per language. Returns the
    entries."""
    rendered = []
    for language in FORM_LANGUAGES:
        for fmt in FORMATS:
            content, media_type = render(documents[language], fmt)
            rendered.append((language, fmt, content, media_type))
    with transaction.atomic():
        entries = [
            ledger_append(
                kind=kind,
                obj=obj,
                language=language,
                format=fmt,
                content=content,
                media_type=media_type,
                stem=stem,
                label=label.get(language) if isinstance(label, dict) else label,
                actor=actor,
                now=now,
            )
            for language, fmt, content, media_type in rendered
        ]
        if len({e.version for e in entries}) != 1:
            raise ApplicationError(
                _("The stored versions of this document disagree between languages.")
            )
    return entries

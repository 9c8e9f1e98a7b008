"""Reading the public ledger, and recomputing it (`verify_ledger`)."""

import hashlib
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType

from .models import GENESIS, LedgerEntry, entry_hash

LIST_FIELDS = (
    "seq",
    "kind",
    "object_key",
    "object_label",
    "language",
    "format",
    "version",
    "filename",
    "size",
    "sha256",
    "previous_sha256",
    "published_at",
)


def ledger_head():
    """The last entry of the chain (seq and entry hash only), or None for an empty ledger."""
    return LedgerEntry.objects.order_by("-seq").only("seq", "entry_sha256").first()


def ledger_list():
    """Every entry, newest first, without the stored bytes (public: the ledger is open)."""
    return LedgerEntry.objects.order_by("-seq").only(*LIST_FIELDS)


def ledger_get(seq):
    return LedgerEntry.objects.only(*LIST_FIELDS).get(seq=seq)


def entry_with_content(seq):
    return LedgerEntry.objects.get(seq=seq)


def published_entry(obj, kinds, *, language, format):
    """The latest stored entry of `obj` for the first of `kinds` that has one (a correction
    supersedes earlier versions; a later kind in the list is a fallback), or None."""
    ct = ContentType.objects.get_for_model(obj.__class__)
    entries = LedgerEntry.objects.filter(
        content_type=ct, object_id=obj.pk, kind__in=list(kinds), language=language, format=format
    ).order_by("-version")
    found = {}
    for entry in entries.defer("content"):
        found.setdefault(entry.kind, entry)
    for kind in kinds:
        if kind in found:
            return found[kind]
    return None


def entries_of(obj, *, kind=None, version=None):
    """The entries of one published object (without bytes), in ledger order."""
    ct = ContentType.objects.get_for_model(obj.__class__)
    qs = LedgerEntry.objects.filter(content_type=ct, object_id=obj.pk).defer("content")
    if kind is not None:
        qs = qs.filter(kind=kind)
    if version is not None:
        qs = qs.filter(version=version)
    return qs.order_by("seq")


@dataclass(frozen=True)
class Break:
    seq: int
    problem: str

    def __str__(self):
        return f"seq {self.seq}: {self.problem}"


@dataclass(frozen=True)
class Verification:
    entries: int
    breaks: list
    head: str

    @property
    def ok(self):
        return not self.breaks


def verify_ledger(*, chunk_size=200) -> Verification:
    """Recompute the whole chain: each stored document's SHA-256, each entry's hash, each link
    to the predecessor and the sequence (1, 2, 3, … without gaps). Streams the entries in
    `seq` order, so memory stays bounded whatever the ledger's size."""
    breaks = []
    expected_seq = 1
    previous = GENESIS
    count = 0
    rows = (
        LedgerEntry.objects.order_by("seq")
        .values_list(
            "seq",
            "kind",
            "object_key",
            "language",
            "format",
            "content",
            "sha256",
            "previous_sha256",
            "entry_sha256",
            "published_at",
        )
        .iterator(chunk_size=chunk_size)
    )
    for seq, kind, key, language, fmt, content, sha256, prev_sha, stored_hash, moment in rows:
        count += 1
        if seq != expected_seq:
            missing = f"{expected_seq}" if seq == expected_seq + 1 else f"{expected_seq}..{seq - 1}"
            breaks.append(Break(seq, f"sequence gap: entries {missing} are missing"))
        actual = hashlib.sha256(bytes(content)).hexdigest()
        if actual != sha256:
            breaks.append(Break(seq, f"document SHA-256 is {actual}, the entry records {sha256}"))
        if prev_sha != previous:
            breaks.append(
                Break(
                    seq, f"previous_sha256 is {prev_sha}, the preceding entry hashes to {previous}"
                )
            )
        recomputed = entry_hash(
            seq=seq,
            kind=kind,
            object_key=key,
            language=language,
            format=fmt,
            sha256=sha256,
            previous_sha256=prev_sha,
            published_at=moment,
        )
        if recomputed != stored_hash:
            breaks.append(
                Break(seq, f"entry hash is {recomputed}, the entry records {stored_hash}")
            )
        previous = recomputed
        expected_seq = seq + 1
    return Verification(entries=count, breaks=breaks, head=previous)

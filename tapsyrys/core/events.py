"""Business events that tell people (X-AUDIT + X-NOTIFY): one call writes both.

`record(obj, action, ...)` writes the audit event (as `log_action` does) and the outbox rows
of the notification kind registered for `action`, in the caller's transaction; delivery
follows after commit. Apps register kinds in their `notifications.py`:

    @notification("formation.comment.posted", email=False)
    def comment_posted(occurrences):
        for o in occurrences:          # o.obj, o.event
            yield Notice(o, recipients=[...], subject=_("…"), body=lambda: …, url="…")

A handler receives a batch (one occurrence from `record`, many from the daily job) so it can
load recipients set-based. Subjects and bodies are lazy strings or callables of no arguments,
rendered in each recipient's language (`user.language`).
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation

from .audit import _plain, log_action, owner_organisation_id
from .extensions import app_modules
from .models import AuditEvent, User
from .outbox import Outbox, deliver_after_commit


@dataclass(frozen=True)
class Occurrence:
    obj: object
    event: AuditEvent | None


@dataclass
class Notice:
    occurrence: Occurrence
    recipients: Iterable
    subject: object
    body: object = ""
    url: str = ""
    key: str | None = None  # default "<action>:<object pk>"
    email: bool | None = None  # None: as registered for the kind


@dataclass(frozen=True)
class NotificationKind:
    name: str
    handler: Callable
    email: bool = True
    module: str = field(default="", compare=False)


_KINDS: dict[str, NotificationKind] = {}
_loaded = False


def notification(name, *, email=True):
    """Register the handler telling people about the business event `name`."""

    def register(handler):
        if name in _KINDS and _KINDS[name].handler.__qualname__ != handler.__qualname__:
            raise ValueError(f"Notification kind {name!r} is registered twice")
        _KINDS[name] = NotificationKind(name, handler, email, handler.__module__)
        return handler

    return register


def load():
    """Import every app's notifications.py (once)."""
    global _loaded
    if not _loaded:
        for _module in app_modules("notifications"):
            pass
        _loaded = True
    return _KINDS


def kinds():
    return dict(load())


def is_registered(name) -> bool:
    return name in load()


def record(obj, action, *, actor=None, changes=None, data=None):
    """The audit event of `action` on `obj` plus its notices (call inside the transaction)."""
    event = log_action(obj, action, actor=actor, changes=changes, data=data)
    notify_occurrences(action, [Occurrence(obj, event)])
    return event


def record_many(objs, action, *, data=None, now=None):
    """One event per object (set-based: one INSERT), and their notices.

    `data`: one dict for all, a callable `data(obj)`, or a list of dicts aligned with `objs`.
    """
    objs = list(objs)
    if not objs:
        return []
    now = now or timezone.now()
    content_types = {}
    events = []
    for n, obj in enumerate(objs):
        model = obj.__class__
        if model not in content_types:
            content_types[model] = ContentType.objects.get_for_model(model)
        payload = _payload(data, n, obj)
        events.append(
            AuditEvent(
                created_at=now,
                actor=None,
                actor_label="",
                action=action,
                content_type=content_types[model],
                object_id=str(obj.pk),
                object_repr=str(obj)[:300],
                organisation_id=owner_organisation_id(obj),
                changes={},
                data={
                    k: _plain(v) if not isinstance(v, (list, dict)) else v
                    for k, v in payload.items()
                },
            )
        )
    AuditEvent.objects.bulk_create(events)
    notify_occurrences(action, [Occurrence(o, e) for o, e in zip(objs, events, strict=True)])
    return events


def _payload(data, n, obj):
    if isinstance(data, list):
        return data[n]
    return data(obj) if callable(data) else (data or {})


def _render(value, language):
    with translation.override(language or settings.LANGUAGE_CODE):
        return str(value() if callable(value) else value)


def notify_occurrences(action, occurrences):
    """Outbox rows for the notices of `action` (nothing if no kind is registered for it)."""
    kind = load().get(action)
    if kind is None or not occurrences:
        return []
    return write_notices(kind.name, kind.handler(occurrences), default_email=kind.email)


def write_notices(kind_name, notices, *, default_email=True):
    rows, keys = [], set()
    for notice in notices:
        occurrence = notice.occurrence
        key = notice.key or f"{kind_name}:{occurrence.obj.pk}"
        email = default_email if notice.email is None else notice.email
        for user in notice.recipients:
            if user is None or not user.is_active:
                continue
            texts = {}
            for channel in (Outbox.Channel.IN_APP, Outbox.Channel.EMAIL):
                if channel == Outbox.Channel.EMAIL and not (email and user.email):
                    continue
                if not texts:
                    texts = {
                        "subject": _render(notice.subject, user.language)[:300],
                        "body": _render(notice.body, user.language),
                    }
                rows.append(
                    Outbox(
                        kind=kind_name,
                        event=occurrence.event,
                        recipient=user,
                        channel=channel,
                        key=key[:200],
                        url=str(notice.url or "")[:500],
                        **texts,
                    )
                )
                keys.add(key[:200])
    if not rows:
        return []
    recipients = {r.recipient_id for r in rows}
    existing = set(
        Outbox.objects.filter(key__in=keys, recipient_id__in=recipients).values_list(
            "recipient_id", "channel", "key"
        )
    )
    fresh = {}
    for row in rows:
        fresh.setdefault((row.recipient_id, row.channel, row.key), row)
    for triple in existing:
        fresh.pop(triple, None)
    if not fresh:
        return []
    # ignore_conflicts: a concurrent writer of the same notice wins, this one is dropped
    Outbox.objects.bulk_create(list(fresh.values()), ignore_conflicts=True)
    ids = [
        pk
        for pk, *triple in Outbox.objects.filter(key__in=keys, recipient_id__in=recipients)
        .values_list("pk", "recipient_id", "channel", "key")
        .order_by("pk")
        if tuple(triple) in fresh
    ]
    deliver_after_commit(ids)
    return ids


# --- Recipients, loaded set-based ---------------------------------------------------------------


def users_of_many(organisation_ids, role) -> dict:
    """{organisation id: [active users holding `role`]} in one query."""
    found = defaultdict(list)
    ids = {i for i in organisation_ids if i is not None}
    if ids:
        users = (
            User.objects.filter(
                organisation_id__in=ids, is_active=True, role_assignments__role=role
            )
            .distinct()
            .order_by("pk")
        )
        for user in users:
            found[user.organisation_id].append(user)
    return found

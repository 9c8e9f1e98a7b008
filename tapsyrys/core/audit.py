"""The business-event log (X-AUDIT). Row history comes from django-simple-history."""

from django.contrib.contenttypes.models import ContentType

from .models import AuditEvent


def owner_organisation_id(obj):
    """The owning organisation of a business object (models define owner_org_ids())."""
    ids = obj.owner_org_ids() if hasattr(obj, "owner_org_ids") else set()
    return min(ids) if ids else None


def diff(old: dict, new: dict) -> dict:
    """{field: [old, new]} for the fields whose value changed."""
    return {
        k: [_plain(old.get(k)), _plain(new.get(k))]
        for k in sorted(set(old) | set(new))
        if old.get(k) != new.get(k)
    }


def _plain(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def log_action(obj, action, *, actor=None, changes=None, data=None):
    """Record that `actor` did `action` to `obj` (call inside the service's transaction)."""
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_label=str(actor) if is_user else (data or {}).get("actor_label", ""),
        action=action,
        content_type=ContentType.objects.get_for_model(obj.__class__),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        organisation_id=owner_organisation_id(obj),
        changes={k: [_plain(a), _plain(b)] for k, (a, b) in (changes or {}).items()},
        data={
            k: _plain(v) if not isinstance(v, (list, dict)) else v for k, v in (data or {}).items()
        },
    )


def history_for(obj, limit=200):
    """Business events and row versions of one object, newest first."""
    ct = ContentType.objects.get_for_model(obj.__class__)
    events = list(
        AuditEvent.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related("actor")[
            :limit
        ]
    )
    versions = []
    if hasattr(obj, "history"):
        records = list(obj.history.select_related("history_user").order_by("-history_date")[:limit])
        for newer, older in zip(records, records[1:] + [None], strict=False):
            changes = {}
            if older is not None:
                delta = newer.diff_against(older)
                changes = {c.field: [_plain(c.old), _plain(c.new)] for c in delta.changes}
            versions.append(
                {
                    "when": newer.history_date,
                    "who": newer.history_user,
                    "type": newer.get_history_type_display(),
                    "changes": changes,
                }
            )
    return events, versions

"""The business-event log (X-AUDIT). Row history comes from django-simple-history."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404

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


# A model opts in to its history page and API with `show_history = True` (X-AUDIT).
HISTORY_MODELS_ATTR = "show_history"
HISTORY_LIMIT = 200


def history_object(app_label, model, pk):
    """The object whose history is asked for, or Http404 (unknown model, opted out, no object).

    The caller then asks `core.history.view` (the page and `GET /api/history/...` alike)."""
    try:
        model_class = apps.get_model(app_label, model)
    except LookupError:
        raise Http404 from None
    if not getattr(model_class, HISTORY_MODELS_ATTR, False):
        raise Http404
    try:
        return model_class._default_manager.get(pk=pk)
    except (model_class.DoesNotExist, ValueError, ValidationError):
        # no such object, or a pk of the wrong form (not a number, not a UUID)
        raise Http404 from None


def history_for(obj, limit=HISTORY_LIMIT):
    """Business events and row versions of one object, newest first, with the names a reader
    needs beside the raw codes (`core.history.describe`)."""
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
                    "history_type": newer.history_type,
                    "changes": changes,
                }
            )
    from .history import describe

    return describe(obj, events, versions)


# --- Bulk writes (the import, the demo seed) ------------------------------------------------------


def _id_ranges(ids):
    """[[first, last], ...] of a list of integer ids (bulk-created ids are mostly consecutive)."""
    ranges = []
    for pk in sorted(ids):
        if ranges and pk == ranges[-1][1] + 1:
            ranges[-1][1] = pk
        else:
            ranges.append([pk, pk])
    return ranges


def log_batch(model, action, objs, *, actor=None, actor_label="", data=None):
    """One business event for a batch of rows of `model` written together (X-AUDIT).

    The event names the model and the ids (as ranges), not one object: ``object_id`` is
    empty, so it is found by action and content type rather than on one object's page."""
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    ids = [o.pk for o in objs]
    numeric = all(isinstance(pk, int) for pk in ids)
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_label=str(actor) if is_user else actor_label,
        action=action,
        # an m2m link table has no content type of its own: file it under its owning model
        content_type=ContentType.objects.get_for_model(model._meta.auto_created or model),
        object_id="",
        object_repr=f"{len(ids)} × {model._meta.verbose_name_plural}"[:300],
        data={
            "model": model._meta.label,
            "count": len(ids),
            "ids": _id_ranges(ids) if numeric else [str(pk) for pk in ids],
            **(data or {}),
        },
    )


def bulk_create_audited(
    model, objs, *, action, actor=None, actor_label="", batch_size=None, data=None
):
    """Set-based create that leaves row history ("+", when the model keeps history) for every
    row and one business event for the batch, in one transaction (X-AUDIT). Returns the rows."""
    from django.db import transaction
    from simple_history.utils import bulk_create_with_history

    objs = list(objs)
    if not objs:
        return objs
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        if hasattr(model, "history"):
            objs = bulk_create_with_history(objs, model, batch_size=batch_size, default_user=user)
        else:
            objs = model._default_manager.bulk_create(objs, batch_size=batch_size)
        log_batch(model, action, objs, actor=actor, actor_label=actor_label, data=data)
    return objs

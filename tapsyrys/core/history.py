"""The history page for people (issue 13 item 6): event names, field labels and values as a
reader expects them — translated event labels, the fields' verbose names, choice labels,
dates as dd.mm.yyyy hh:mm in Asia/Almaty, Yes/No, the related object's name. The raw codes and
values stay where they were (`event.action`, `event.changes`, `version["changes"]`); this
module adds `action_label` and `changes_display` beside them."""

import datetime as dt

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Business events whose generic name ("<object>: <verb>") would say less than a sentence.
EVENT_LABELS = {
    "core.organisation.registered": gettext_lazy("The organisation registered itself"),
    "contracting.ngo.registered": gettext_lazy("The NGO registered itself"),
    "core.organisation.verified": gettext_lazy("Verified by the authorized body"),
    "core.organisation.rejected": gettext_lazy("Rejected by the authorized body"),
    "core.organisation.updated": gettext_lazy("The profile was changed"),
    "formation.comment.posted": gettext_lazy("Comment received"),
    "formation.comment.decided": gettext_lazy("The state body decided on the comment"),
    "formation.comment.redecided": gettext_lazy("The state body revised its decision"),
    "formation.comment.hidden": gettext_lazy("Hidden by the moderator"),
    "formation.cycle.published": gettext_lazy("Topics placed for public discussion"),
    "contracting.report.submitted": gettext_lazy("The report was submitted"),
    "contracting.report.draft_saved": gettext_lazy("A draft of the report was saved"),
}

# The last part of an event code (what happened), for the generic name.
VERBS = {
    "created": gettext_lazy("created"),
    "create": gettext_lazy("created"),
    "opened": gettext_lazy("opened"),
    "updated": gettext_lazy("changed"),
    "edit": gettext_lazy("changed"),
    "saved": gettext_lazy("saved"),
    "draft_saved": gettext_lazy("draft saved"),
    "deleted": gettext_lazy("deleted"),
    "added": gettext_lazy("added"),
    "submitted": gettext_lazy("submitted"),
    "submit": gettext_lazy("submitted"),
    "published": gettext_lazy("published"),
    "post": gettext_lazy("posted"),
    "posted": gettext_lazy("posted"),
    "decided": gettext_lazy("decided"),
    "recorded": gettext_lazy("recorded"),
    "signed": gettext_lazy("signed"),
    "sign": gettext_lazy("signed"),
    "closed": gettext_lazy("closed"),
    "approve": gettext_lazy("approved"),
    "approved": gettext_lazy("approved"),
    "verified": gettext_lazy("verified"),
    "rejected": gettext_lazy("rejected"),
    "granted": gettext_lazy("granted"),
    "revoked": gettext_lazy("revoked"),
    "expired": gettext_lazy("expired"),
    "accepted": gettext_lazy("accepted"),
    "answered": gettext_lazy("answered"),
    "reviewed": gettext_lazy("reviewed"),
    "sent": gettext_lazy("sent"),
    "late": gettext_lazy("late"),
    "seeded": gettext_lazy("loaded with the demo data"),
    "started": gettext_lazy("started"),
    "correction_started": gettext_lazy("correction started"),
    "synced": gettext_lazy("synchronised"),
    "viewed": gettext_lazy("viewed"),
    "looked_at": gettext_lazy("viewed"),
    "overdue": gettext_lazy("overdue"),
    "announce": gettext_lazy("announced"),
    "form": gettext_lazy("formed"),
    "complete": gettext_lazy("completed"),
    "file": gettext_lazy("filed"),
    "declare": gettext_lazy("declared"),
    "recomputed": gettext_lazy("recomputed"),
    "registered": gettext_lazy("registered"),
    "checked": gettext_lazy("checked"),
    "hidden": gettext_lazy("hidden"),
    "entered": gettext_lazy("entered"),
    "set": gettext_lazy("set"),
}


def _humanise(code):
    return code.replace("_", " ").strip()


def _model_label(app_label, entity, model=None):
    try:
        return str(apps.get_model(app_label, entity.replace("_", ""))._meta.verbose_name)
    except LookupError:
        if model is not None:  # "evaluation.council.form" on an ExpertCouncil
            return str(model._meta.verbose_name)
        return _humanise(entity)


def event_label(action, model=None):
    """A translated name of the event code `action` ("formation.comment.decided"); codes
    without their own label read "<object>: <what happened>" (the object named by the code's
    model, else by `model`, the model of the object whose history it is); anything else is
    shown humanised, never as an empty cell."""
    if action in EVENT_LABELS:
        return str(EVENT_LABELS[action])
    parts = (action or "").split(".")
    if len(parts) >= 3:
        app_label, entity, verb = parts[0], parts[1], "_".join(parts[2:])
        what = VERBS.get(verb)
        what = str(what) if what is not None else _humanise(verb)
        label = _model_label(app_label, entity, model)
        return _("%(object)s: %(what)s") % {"object": label[:1].upper() + label[1:], "what": what}
    return _humanise(action or "") or "—"


def _local(value):
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%d.%m.%Y %H:%M")


class _Values:
    """Formats the values of one model's fields; related objects' names are looked up once."""

    def __init__(self, model):
        self.model = model
        self.names = {}

    def field(self, name):
        try:
            return self.model._meta.get_field(name)
        except (FieldDoesNotExist, AttributeError):
            try:  # "region_id" as stored by the versions
                return self.model._meta.get_field(name.removesuffix("_id"))
            except (FieldDoesNotExist, AttributeError):
                return None

    def label(self, name):
        field = self.field(name)
        verbose = getattr(field, "verbose_name", None)
        if verbose:
            text = str(verbose)
            return text[:1].upper() + text[1:]
        return _humanise(name).capitalize()

    def value(self, name, value):
        if value is None or value == "":
            return "—"
        field = self.field(name)
        if field is not None and getattr(field, "choices", None):
            choices = {str(k): v for k, v in field.flatchoices}
            if str(value) in choices:
                return str(choices[str(value)])
        if isinstance(value, bool) or isinstance(field, models.BooleanField):
            truth = value if isinstance(value, bool) else str(value).lower() in ("true", "1")
            return _("Yes") if truth else _("No")
        if isinstance(value, dt.datetime):
            return _local(value)
        if isinstance(value, dt.date):
            return value.strftime("%d.%m.%Y")
        if isinstance(field, models.DateTimeField) or (
            isinstance(value, str)
            and len(value) >= 16
            and value[4:5] == "-"
            and value[10:11] in "T "
        ):
            parsed = parse_datetime(str(value))
            if parsed is not None:
                return _local(parsed)
        if isinstance(field, models.DateField):
            parsed = parse_date(str(value))
            if parsed is not None:
                return parsed.strftime("%d.%m.%Y")
        if isinstance(field, models.DecimalField):
            try:
                return formats.number_format(value, use_l10n=True, force_grouping=True)
            except (TypeError, ValueError):
                return str(value)
        if isinstance(field, models.ForeignKey):
            return self.related(field, value)
        if isinstance(value, (list, dict)):
            return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
        return str(value)

    def related(self, field, pk):
        key = (field.related_model, str(pk))
        if key not in self.names:
            try:
                obj = field.related_model._default_manager.filter(pk=pk).first()
            except (ValueError, TypeError):
                obj = None
            self.names[key] = str(obj) if obj is not None else str(pk)
        return self.names[key]

    def changes(self, changes):
        rows = []
        for name, pair in (changes or {}).items():
            old, new = (list(pair) + [None, None])[:2] if isinstance(pair, list) else (None, pair)
            rows.append(
                {
                    "field": name,
                    "label": self.label(name),
                    "old": self.value(name, old),
                    "new": self.value(name, new),
                }
            )
        return rows


def describe(obj, events, versions):
    """Add `action_label` and `changes_display` to the events (AuditEvent rows) and
    `changes_display` to the versions (dicts) of `obj`, in the active language."""
    values = _Values(obj.__class__)
    for event in events:
        event.action_label = event_label(event.action, obj.__class__)
        event.changes_display = values.changes(event.changes)
    for version in versions:
        version["changes_display"] = values.changes(version["changes"])
    return events, versions

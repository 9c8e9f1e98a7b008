"""Everything that falls due (X-CAL, X-NOTIFY): one stored, indexed moment per deadline.

A `DueItem` is one deadline of one object: its kind, the moment it is due (the last second
of the deadline day, 23:59:59 Asia/Almaty), its state (open → met, or open → overdue →
notified) and how it was computed (the period's start, its working days, the rule and its
explanation in kk/ru/en), so a decree can recompute it. Pages, APIs and enforcement read
`due_at` (or the owning model's copy of it, written in the same transaction).

Apps register kinds in `<app>/deadlines.py`:

    @due_kind("formation.decisions_due", model="formation.Cycle", mirror="decisions_due_at",
              notifies=("formation.decisions.overdue",))
    def decisions_due(items, *, now):  # the items that fell due, a batch; set-based
        ...

`run(now=...)` (manage.py run_deadlines, the Celery beat task) claims due rows with one
conditional UPDATE per batch, calls the handlers (which write the events and the outbox rows)
in the same transaction, and drains the whole backlog. Running it twice, or twice at once,
changes nothing the second time: a row is claimed once.
"""

import datetime as dt
import logging
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tapsyrys.calendar.rules import ALMATY, day_end, local_date

from .extensions import app_modules
from .models import LocalizedNameMixin  # defined before core.models imports this module

logger = logging.getLogger(__name__)
LANGUAGES = ("kk", "ru", "en")
ONE_SECOND = dt.timedelta(seconds=1)


class DueItem(LocalizedNameMixin, models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("open")
        MET = "met", _("met")
        OVERDUE = "overdue", _("overdue")
        NOTIFIED = "notified", _("overdue, notified")

    class Method(models.TextChoices):
        WORKING_DAYS = "working_days", _("working days after the start")
        ROLL_FORWARD = "roll_forward", _("a date, moved to the next working day")
        FIXED = "fixed", _("a fixed date")

    kind = models.CharField(_("kind"), max_length=80)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    obj = GenericForeignKey("content_type", "object_id")
    due_at = models.DateTimeField(_("due at"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default="open")
    method = models.CharField(_("computed as"), max_length=15, choices=Method.choices)
    period_start = models.DateField(_("period counted from"))
    working_days = models.PositiveSmallIntegerField(_("working days"), null=True, blank=True)
    follows = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followers",
        help_text=_("The period starts on the day this other deadline falls."),
    )
    rule_kk = models.TextField(_("rule (Kazakh)"), blank=True)
    rule_ru = models.TextField(_("rule (Russian)"), blank=True)
    rule_en = models.TextField(_("rule (English)"), blank=True)
    explanation_kk = models.TextField(_("explanation (Kazakh)"), blank=True)
    explanation_ru = models.TextField(_("explanation (Russian)"), blank=True)
    explanation_en = models.TextField(_("explanation (English)"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("due item")
        verbose_name_plural = _("due items")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id"], name="due_item_once_per_object"
            )
        ]
        indexes = [
            models.Index(fields=["due_at"], condition=Q(state="open"), name="due_open_idx"),
            models.Index(fields=["content_type", "object_id"], name="due_object_idx"),
            models.Index(fields=["state", "due_at"], name="due_state_idx"),
        ]

    def __str__(self):
        return f"{self.kind} #{self.object_id}: {self.due_at.astimezone(ALMATY):%d.%m.%Y}"

    @property
    def date(self) -> dt.date:
        """The deadline day in Asia/Almaty."""
        return local_date(self.due_at)

    @property
    def ends_at(self):
        return self.due_at

    @property
    def is_open(self):
        return self.state == self.State.OPEN

    @property
    def rule(self):
        return self.localized("rule")

    def explanation(self):
        return self.localized("explanation")

    def is_overdue(self, now) -> bool:
        return is_past(self.due_at, now)


def is_past(due_at, now) -> bool:
    """`due_at` is the last second of the deadline: it is past from the next second on."""
    return due_at + ONE_SECOND <= now


# --- Registry -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueKind:
    name: str
    handler: Callable
    model: str  # "app_label.Model"
    mirror: str | None = None  # the model's field holding a copy of due_at
    notifies: tuple = ()
    rule: object = ""  # the rule of a FIXED deadline (lazy)
    sync: Callable | None = None

    def model_class(self):
        return apps.get_model(self.model)


_KINDS: dict[str, DueKind] = {}
_loaded = False


def due_kind(name, *, model, mirror=None, notifies=(), rule="", sync=None):
    """Register what happens when a `name` deadline falls due (a batch handler)."""

    def register(handler):
        if name in _KINDS and _KINDS[name].handler.__qualname__ != handler.__qualname__:
            raise ValueError(f"Due-item kind {name!r} is registered twice")
        _KINDS[name] = DueKind(name, handler, model, mirror, tuple(notifies), rule, sync)
        return handler

    return register


def load():
    global _loaded
    if not _loaded:
        for _module in app_modules("deadlines"):
            pass
        _loaded = True
    return _KINDS


def get_kind(name) -> DueKind:
    kind = load().get(name)
    if kind is None:
        raise ImproperlyConfigured(f"Unknown due-item kind {name!r}: register it with @due_kind")
    return kind


def unknown_stored_kinds():
    stored = set(DueItem.objects.values_list("kind", flat=True).distinct())
    return sorted(stored - set(load()))


# --- Start-up checks ----------------------------------------------------------------------------


@checks.register("tapsyrys")
def check_registries(app_configs=None, databases=None, **kwargs):
    """Unknown kinds fail at start-up (manage.py check, migrate, the Celery worker)."""
    from . import events

    errors = []
    installed = {c.label for c in apps.get_app_configs()}
    installed |= {c.name.rsplit(".", 1)[-1] for c in apps.get_app_configs()}
    for name, kind in load().items():
        try:
            kind.model_class()
        except LookupError:
            errors.append(
                checks.Error(f"Due-item kind {name!r}: unknown model {kind.model}", id="due.E002")
            )
        for action in kind.notifies:
            if not events.is_registered(action):
                errors.append(
                    checks.Error(
                        f"Due-item kind {name!r} notifies {action!r}, which is not a registered "
                        "notification kind",
                        hint="Register it with @notification in the app's notifications.py.",
                        id="due.E003",
                    )
                )
    for name, kind in events.kinds().items():
        app = name.split(".", 1)[0]
        if name.count(".") < 2 or app not in installed:
            errors.append(
                checks.Error(
                    f"Notification kind {name!r} is not named app.entity.verb of an installed app",
                    obj=kind.module,
                    id="notify.E001",
                )
            )
    if databases and "default" in databases and _tables_exist():
        for name in unknown_stored_kinds():
            errors.append(checks.Error(f"Stored due items of unknown kind {name!r}", id="due.E001"))
        from .outbox import Outbox

        stored = set(
            Outbox.objects.filter(delivered_at__isnull=True)
            .values_list("kind", flat=True)
            .distinct()
        )
        for name in sorted(stored - set(events.kinds()) - {NOTIFY_DIRECT}):
            errors.append(
                checks.Error(f"Pending outbox rows of unknown kind {name!r}", id="notify.E002")
            )
    return errors


def _tables_exist():
    """`migrate` runs the checks before it creates the tables of a fresh database."""
    from .outbox import Outbox

    tables = set(connection.introspection.table_names())
    return {DueItem._meta.db_table, Outbox._meta.db_table} <= tables


NOTIFY_DIRECT = "core.notice.direct"  # core.services.notify without a registered kind


def validate_or_raise():
    """Run the checks above against the database; raise on the first error."""
    errors = [e for e in check_registries(databases=["default"]) if e.is_serious()]
    if errors:
        raise ImproperlyConfigured("; ".join(e.msg for e in errors))


# --- Computing ----------------------------------------------------------------------------------


def _calendar(language):
    from tapsyrys.calendar.selectors import calendar_from_table

    return calendar_from_table(language)


def _texts(compute):
    """{lang: Deadline} for `compute(calendar)` evaluated in each language."""
    result = {}
    for lang in LANGUAGES:
        with translation.override(lang):
            result[lang] = compute(_calendar(lang))
    return result


def _fixed_texts(day, rule):
    result = {}
    for lang in LANGUAGES:
        with translation.override(lang):
            rule_text = str(rule) if rule else ""
            parts = [f"{rule_text}." if rule_text else ""]
            parts.append(
                gettext("Deadline: %(date)s, until 23:59:59 Asia/Almaty time.")
                % {"date": day.strftime("%d.%m.%Y")}
            )
            result[lang] = (rule_text, " ".join(p for p in parts if p))
    return result


def _fields_from(deadlines: dict):
    sample = deadlines["ru"]
    values = {
        "due_at": sample.ends_at,
        "period_start": sample.start,
        "working_days": sample.working_days,
        "method": DueItem.Method.WORKING_DAYS
        if sample.working_days is not None
        else DueItem.Method.ROLL_FORWARD,
    }
    for lang, deadline in deadlines.items():
        with translation.override(lang):
            values[f"rule_{lang}"] = str(deadline.rule)
            values[f"explanation_{lang}"] = deadline.explanation()
    return values


def computed_fields(compute):
    """The stored fields of a deadline `compute(calendar)` (evaluated in kk/ru/en), for bulk
    paths that write their items themselves; `fixed_fields` is the same for a fixed date."""
    return _fields_from(_texts(compute))


def fixed_fields(day: dt.date, rule):
    values = {
        "due_at": day_end(day),
        "period_start": day,
        "working_days": None,
        "method": DueItem.Method.FIXED,
    }
    for lang, (rule_text, explanation) in _fixed_texts(day, rule).items():
        values[f"rule_{lang}"] = rule_text
        values[f"explanation_{lang}"] = explanation
    return values


# --- Services -----------------------------------------------------------------------------------


def due_open(obj, kind, deadline, *, follows=None, now=None):
    """Open (or reopen with new values) the `kind` deadline of `obj`.

    `deadline`: a callable `(calendar) -> Deadline` (evaluated in kk/ru/en, so the rule and
    the explanation are stored in each language), or a `datetime.date` for a fixed date
    deadline (the kind's `rule`). The owning model's mirror field is written in the same
    transaction.
    """
    spec = get_kind(kind)
    if isinstance(deadline, dt.date) and not isinstance(deadline, dt.datetime):
        values = fixed_fields(deadline, spec.rule)
    elif callable(deadline):
        values = computed_fields(deadline)
    else:
        raise TypeError("due_open needs a callable (calendar) -> Deadline or a date")
    values.update(state=DueItem.State.OPEN, closed_at=None, follows=follows)
    ct = ContentType.objects.get_for_model(obj.__class__)
    with transaction.atomic():
        item, created = DueItem.objects.update_or_create(
            kind=kind,
            content_type=ct,
            object_id=obj.pk,
            defaults=values,
            create_defaults={**values, "created_at": now or timezone.now()},
        )
        _write_mirror(spec, {obj.pk: item.due_at}, objs=[obj])
    return item


def due_close(obj, kind, *, state=DueItem.State.MET, now=None):
    """Close the open `kind` deadline of `obj` (met, by default). Returns rows changed."""
    get_kind(kind)
    ct = ContentType.objects.get_for_model(obj.__class__)
    return DueItem.objects.filter(
        kind=kind, content_type=ct, object_id=obj.pk, state=DueItem.State.OPEN
    ).update(state=state, closed_at=now or timezone.now())


def due_met(obj, kind, *, now=None):
    return due_close(obj, kind, state=DueItem.State.MET, now=now)


def due_for(obj, kind=None):
    """The `kind` due item of `obj` (or {kind: item} of all its items when kind is None)."""
    ct = ContentType.objects.get_for_model(obj.__class__)
    items = DueItem.objects.filter(content_type=ct, object_id=obj.pk)
    if kind is not None:
        return items.filter(kind=kind).first()
    return {item.kind: item for item in items}


def _write_mirror(spec, moments: dict, objs=None):
    """Copy due moments into the owning model's field (saving each: row history records it)."""
    if not spec.mirror or not moments:
        return
    model = spec.model_class()
    field = model._meta.get_field(spec.mirror)
    as_date = isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField)
    by_pk = {o.pk: o for o in objs or ()}
    missing = [pk for pk in moments if pk not in by_pk]
    if missing:
        by_pk.update({o.pk: o for o in model.objects.filter(pk__in=missing)})
    for pk, moment in moments.items():
        obj = by_pk.get(pk)
        if obj is None:
            continue
        value = local_date(moment) if as_date else moment
        if getattr(obj, spec.mirror) != value:
            setattr(obj, spec.mirror, value)
            obj.save(update_fields=[spec.mirror])


# --- Decrees: recompute open items --------------------------------------------------------------


def recompute_for_dates(dates, *, actor=None, decree=None, now=None):
    """Recompute every OPEN computed due item whose period covers one of `dates`.

    Call inside the transaction that changed the decree table. Items that follow a moved
    item are recomputed too. Each changed item leaves an audit event on its object and its
    copy on the owning model moves in the same transaction. Closed items never change.
    """
    from .events import record

    dates = sorted(set(dates))
    if not dates:
        return []
    now = now or timezone.now()
    cover = Q()
    for day in dates:
        cover |= Q(period_start__lte=day, due_at__gte=day_end(day))
    queue = list(
        DueItem.objects.select_for_update()
        .filter(cover, state=DueItem.State.OPEN)
        .exclude(method=DueItem.Method.FIXED)
        .order_by("due_at", "id")
    )
    changed, seen = [], set()
    while queue:
        item = queue.pop(0)
        if item.pk in seen:
            continue
        seen.add(item.pk)
        old = item.due_at
        if not _recompute(item):
            continue
        changed.append((item, old))
        queue.extend(
            DueItem.objects.select_for_update()
            .filter(follows=item, state=DueItem.State.OPEN)
            .exclude(method=DueItem.Method.FIXED)
        )
    by_kind = defaultdict(dict)
    for item, _old in changed:
        by_kind[item.kind][item.object_id] = item.due_at
    objects = {}
    for kind, moments in by_kind.items():
        spec = get_kind(kind)
        model = spec.model_class()
        objs = list(model.objects.filter(pk__in=list(moments)))
        objects.update({(kind, o.pk): o for o in objs})
        _write_mirror(spec, moments, objs=objs)
    for item, old in changed:
        obj = objects.get((item.kind, item.object_id))
        if obj is None:
            continue
        record(
            obj,
            "calendar.deadline.moved",
            actor=actor,
            changes={"due_at": [old.isoformat(), item.due_at.isoformat()]},
            data={
                "kind": item.kind,
                "due_item": item.pk,
                "from": local_date(old).isoformat(),
                "to": item.date.isoformat(),
                "decree_dates": [d.isoformat() for d in dates],
                "decree": decree or "",
            },
        )
    return [item for item, _old in changed]


def _recompute(item) -> bool:
    start = item.period_start
    if item.follows_id is not None:
        start = local_date(DueItem.objects.get(pk=item.follows_id).due_at)

    def compute(calendar, lang):
        rule = getattr(item, f"rule_{lang}") or item.rule_ru
        if item.method == DueItem.Method.WORKING_DAYS:
            return calendar.add_working_days(start, item.working_days, rule=rule)
        return calendar.roll_forward(start, rule=rule)

    deadlines = {}
    for lang in LANGUAGES:
        with translation.override(lang):
            deadlines[lang] = compute(_calendar(lang), lang)
    values = _fields_from(deadlines)
    values.pop("method")
    if all(getattr(item, k) == v for k, v in values.items()):
        return False
    for key, value in values.items():
        setattr(item, key, value)
    item.save(update_fields=list(values))
    return True


# --- The runner ---------------------------------------------------------------------------------


def _claim(now, limit):
    """Mark up to `limit` open rows that are past due as overdue; their ids (one UPDATE)."""
    table = DueItem._meta.db_table
    cutoff = now - ONE_SECOND
    if connection.vendor == "postgresql":
        # A materialized CTE picks the batch once; `id IN (SELECT … LIMIT n SKIP LOCKED)`
        # may be re-evaluated by the planner and claim more than n rows.
        sql = (
            f"WITH picked AS MATERIALIZED (SELECT id FROM {table} "
            f"WHERE state = %s AND due_at <= %s ORDER BY due_at, id LIMIT %s "
            f"FOR UPDATE SKIP LOCKED) "
            f"UPDATE {table} AS d SET state = %s FROM picked "
            f"WHERE d.id = picked.id AND d.state = %s RETURNING d.id"
        )
        params = ["open", cutoff, limit, "overdue", "open"]
    else:  # SQLite (the embedded default): one writer at a time
        sql = (
            f"UPDATE {table} SET state = %s WHERE id IN (SELECT id FROM {table} "
            f"WHERE state = %s AND due_at <= %s ORDER BY due_at, id LIMIT %s) "
            f"AND state = %s RETURNING id"
        )
        params = ["overdue", "open", cutoff, limit, "open"]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def sync(*, now):
    """Give objects made without their app's service (bulk paths) their due items."""
    counts = {}
    for name, kind in load().items():
        if kind.sync is not None:
            counts[name] = kind.sync(now=now)
    return counts


def run(*, now=None, batch_size=None, pause=None):
    """The daily job: every open item past due is handled once. {kind: handled}."""
    from .outbox import deliver

    now = now or timezone.now()
    batch_size = batch_size or getattr(settings, "DUE_BATCH_SIZE", 1000)
    pause = getattr(settings, "DUE_BATCH_PAUSE", 0) if pause is None else pause
    validate_or_raise()
    sync(now=now)
    logger.info("Due items past %s: batches of %d, pause %.2f s", now, batch_size, pause)
    report = dict.fromkeys(load(), 0)
    while True:
        with transaction.atomic():
            ids = _claim(now, batch_size)
            if not ids:
                break
            items = list(DueItem.objects.filter(pk__in=ids).order_by("due_at", "id"))
            grouped = defaultdict(list)
            for item in items:
                grouped[item.kind].append(item)
            for name, batch in grouped.items():
                get_kind(name).handler(batch, now=now)
                report[name] += len(batch)
            logger.info("Handled %d due items", len(ids))
            DueItem.objects.filter(pk__in=ids, state=DueItem.State.OVERDUE).update(
                state=DueItem.State.NOTIFIED, closed_at=now
            )
        if pause:
            time.sleep(pause)
    report["core.outbox.delivered"] = deliver()
    return report

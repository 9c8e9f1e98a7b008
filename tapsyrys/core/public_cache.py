"""The anonymous public portal, cached per language and invalidated when its data changes (P-8,
issue 8).

Every app has a *data version* in the cache. Any write bumps the version of the app whose data
it changed — a model's save or delete (signals), a bulk write through `core.audit`
(`bulk_create_audited`, `log_batch`) and every audit event (an audited `QuerySet.update()` in a
service has no signal, but its event names the app). A public page says which apps' data it
shows (`@public_page("contracting", "core")`); its cache key holds those versions, so a write
makes the next visitor render afresh and the stale entry simply ages out.

What is cached: a GET of a visitor with no session and no messages (an anonymous visitor; a
signed-in user, an API token or a pending flash message always reaches the view), answered 200
without setting a cookie (a page that put a CSRF token in a form is never shared). The key
holds the language, htmx's partial flag, the full path with its query and the day in
Asia/Almaty; entries live `PUBLIC_CACHE_SECONDS` (60 s), the bound on how late a page that
depends on the clock alone (a window closing at a given minute) can be.

Several processes must share one cache for the versions to reach them all: production runs on
Redis (`REDIS_URL`); the embedded default runs one process, whose threads share its locmem
cache. Counts that a page or an API shows go through `cached_count`, keyed the same way.
"""

import functools
import hashlib
import threading
import time

from django.apps import apps as django_apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone, translation

VERSION_KEY = "tapsyrys:dv:%s"
PAGE_KEY = "tapsyrys:page:"
COUNT_KEY = "tapsyrys:count:"
HEADERS_KEPT = ("Content-Type", "Content-Language", "Content-Disposition", "Vary")
# Writes that no public page shows: sessions, lockouts, notifications, the outbox, due items,
# the history tables (every row change writes one) and a user's sign-in time.
IGNORED_MODELS = {
    "sessions.session",
    "admin.logentry",
    "contenttypes.contenttype",
    "core.notification",
    "core.outbox",
    "core.dueitem",
}
# A page that shows panels of every domain app (a contract, an NGO, a topic) depends on them all.
EVERY_APP = (
    "workcalendar",
    "contracting",
    "core",
    "evaluation",
    "formation",
    "monitoring",
    "publishing",
)
IGNORED_APPS = {"axes", "sessions", "admin", "contenttypes", "authtoken"}
_local = threading.local()  # the labels a transaction's commit bumps again


def _seconds():
    return getattr(settings, "PUBLIC_CACHE_SECONDS", 60)


def versions(labels) -> list:
    """The current data version of each app label (a fresh one where the cache has none, so an
    evicted version never matches an entry written before)."""
    keys = [VERSION_KEY % label for label in labels]
    found = cache.get_many(keys)
    out = []
    for key in keys:
        if key not in found:
            cache.add(key, time.time_ns(), timeout=None)
            found[key] = cache.get(key)
        out.append(found[key])
    return out


def bump(*labels):
    """A write changed these apps' data: bump now (the writer's own next read sees it) and
    again on commit (a page rendered from the old rows in between is not kept) — once per
    transaction however many rows it writes."""
    labels = {label for label in labels if label}
    if not labels:
        return
    _bump(labels)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return
    outermost = connection.atomic_blocks[0]
    pending = getattr(_local, "pending", None)
    if pending is None or pending[0] is not outermost:  # a new transaction
        pending = _local.pending = (outermost, set())
        transaction.on_commit(lambda: _bump(pending[1]))
    pending[1].update(labels)


def _bump(labels):
    for label in labels:
        key = VERSION_KEY % label
        try:
            cache.incr(key)
        except ValueError:  # not in the cache yet (or evicted): a fresh value
            cache.set(key, time.time_ns(), timeout=None)


def bump_models(*models):
    bump(*{m._meta.app_label for m in models if _tracked(m)})


def _tracked(model) -> bool:
    meta = model._meta
    if meta.app_label in IGNORED_APPS or meta.label_lower in IGNORED_MODELS:
        return False
    return not meta.model_name.startswith("historical")


def _on_save(sender, instance=None, update_fields=None, **kwargs):
    if sender._meta.label_lower == "core.auditevent":
        # an audited write names its app in the action and its object's model in the event
        from django.contrib.contenttypes.models import ContentType

        labels = [(instance.action or "").split(".", 1)[0]]
        if instance.content_type_id:
            labels.append(ContentType.objects.get_for_id(instance.content_type_id).app_label)
        bump(*(label for label in labels if label in _app_labels()))
        return
    if update_fields and set(update_fields) <= {"last_login"}:
        return
    if _tracked(sender):
        bump(sender._meta.app_label)


def _on_delete(sender, **kwargs):
    if _tracked(sender):
        bump(sender._meta.app_label)


def _on_m2m(sender, instance=None, action="", **kwargs):
    if action.startswith("post_"):
        bump_models(type(instance), kwargs.get("model") or type(instance))


def connect():
    post_save.connect(_on_save, dispatch_uid="tapsyrys.public_cache.save")
    post_delete.connect(_on_delete, dispatch_uid="tapsyrys.public_cache.delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="tapsyrys.public_cache.m2m")


# --- pages ---------------------------------------------------------------------------------


def _shareable(request) -> bool:
    cookies = request.COOKIES
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in cookies
        and getattr(settings, "MESSAGES_COOKIE_NAME", "messages") not in cookies
        and "HTTP_AUTHORIZATION" not in request.META
        and getattr(request, "_force_auth_user", None) is None  # DRF's test client signing in
    )


def _page_key(request, labels):
    digest = hashlib.sha1(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
    day = timezone.localdate().isoformat()
    partial = "h" if request.headers.get("HX-Request") else "p"
    language = translation.get_language() or settings.LANGUAGE_CODE
    stamp = ".".join(str(v) for v in versions(labels))
    return f"{PAGE_KEY}{language}:{partial}:{day}:{digest}:{stamp}"


def _private(request) -> bool:
    """Did rendering put something of this visitor's own in the response: a CSRF token (its
    cookie is set on the way out), a flash message or a new session?"""
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return True
    storage = getattr(request, "_messages", None)
    if storage is not None and (getattr(storage, "added_new", False) or len(storage)):
        return True
    session = getattr(request, "session", None)
    return bool(session is not None and session.modified)


def _storable(request, response) -> bool:
    return (
        not _private(request)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "no-store" not in response.get("Cache-Control", "")
        and "private" not in response.get("Cache-Control", "")
    )


def public_page(*labels):
    """Serve this view's anonymous GETs from the cache; `labels` are the apps whose data the
    page shows (each write to them invalidates it)."""
    labels = tuple(sorted(set(labels)))
    for label in labels:  # a typo would silently never invalidate
        django_apps.get_app_config(label)

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not _shareable(request):
                return view(request, *args, **kwargs)
            key = _page_key(request, labels)
            hit = cache.get(key)
            if hit is not None:
                status, headers, content = hit
                response = HttpResponse(content, status=status, headers=headers)
                response["X-Public-Cache"] = "hit"
                return response
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
            if _storable(request, response):
                headers = {h: response[h] for h in HEADERS_KEPT if h in response}
                cache.set(key, (response.status_code, headers, response.content), _seconds())
                response["X-Public-Cache"] = "miss"
            return response

        wrapped.public_cache_labels = labels
        return wrapped

    return decorate


def public_api(*labels):
    """`public_page` for an API view class: its anonymous GETs are served from the cache."""

    def decorate(cls):
        as_view = cls.as_view.__func__

        def cached_as_view(klass, **initkwargs):
            return public_page(*labels)(as_view(klass, **initkwargs))

        cls.as_view = classmethod(cached_as_view)
        return cls

    return decorate


# --- values ---------------------------------------------------------------------------------


def cached_value(name, labels, compute, *, timeout=None):
    """`compute()` once per data version of `labels` (and per day in Asia/Almaty), for a costly
    read that several users' pages share — the national summary, say (issue 8). `name` must
    hold every argument the result depends on."""
    stamp = ".".join(str(v) for v in versions(sorted(set(labels))))
    key = f"tapsyrys:value:{name}:{timezone.localdate().isoformat()}:{stamp}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, _seconds() if timeout is None else timeout)
    return value


# --- counts --------------------------------------------------------------------------------


def cached_count(queryset) -> int:
    """An exact COUNT(*) of `queryset`, computed once per data version of the apps whose
    tables it reads (no whole-table count per request, issue 8)."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # .none(), or a filter on an empty list: nothing to count
        return 0
    labels = sorted(_labels_of(queryset))
    text = f"{queryset.db}|{sql}|{params!r}"
    digest = hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()
    key = f"{COUNT_KEY}{digest}:" + ".".join(str(v) for v in versions(labels))
    value = cache.get(key)
    if value is None:
        value = queryset.count()
        cache.set(key, value, _seconds() * 10)
    return value


def _labels_of(queryset) -> set:
    tables = {alias.table_name for alias in queryset.query.alias_map.values()}
    tables.add(queryset.model._meta.db_table)
    by_table = _labels_by_table()
    return {by_table[t] for t in tables if t in by_table}


@functools.cache
def _labels_by_table() -> dict:
    return {
        model._meta.db_table: model._meta.app_label
        for model in django_apps.get_models(include_auto_created=True)
    }


@functools.cache
def _app_labels() -> frozenset:
    return frozenset(config.label for config in django_apps.get_app_configs())

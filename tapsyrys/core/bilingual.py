"""Texts kept in Kazakh and Russian (X-I18N): `<prefix>_kk` / `<prefix>_ru` pairs.

Every text that appears on an official form or a public page is stored twice. This module is
the one place that knows the convention:

* `pick(source, prefix, language=None)` — the text in `language` (default: the active one),
  falling back to the other language; `source` is a model instance or a plain dict (the rows
  of an annex);
* `bilingual(prefix)` — a read-only property for a model (`topic.justification` is the text
  in the active language), so templates and `str()` need nothing else;
* `missing(obj, prefixes)` / `require_both(obj, prefixes)` — which `_kk`/`_ru` field is
  empty; the second raises a translated ApplicationError naming that field (publishing
  refuses a record whose Kazakh or Russian text is missing).
"""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

LANGUAGES = ("kk", "ru")


def field_names(prefix):
    """('<prefix>_kk', '<prefix>_ru')."""
    return tuple(f"{prefix}_{code}" for code in LANGUAGES)


def active(prefix):
    """The field of `prefix` in the active language ('<prefix>_kk' or '<prefix>_ru'; English
    writes Russian) — the field an error about a pair names."""
    lang = (get_language() or "kk")[:2]
    return f"{prefix}_{lang if lang in LANGUAGES else 'ru'}"


def _get(source, name):
    if isinstance(source, dict):
        return source.get(name) or ""
    return getattr(source, name, "") or ""


def pick(source, prefix, language=None):
    """The text of `prefix` in `language` (the active language by default; English reads
    Russian), else the other language's; a dict may also carry a plain `prefix` value (the
    rows of annexes published before the texts were paired)."""
    if source is None:
        return ""
    lang = (language or get_language() or "kk")[:2]
    order = (lang, *(c for c in ("ru", "kk", "en") if c != lang))
    for code in order:
        value = _get(source, f"{prefix}_{code}")
        if value:
            return value
    return source.get(prefix) or "" if isinstance(source, dict) else ""


def bilingual(prefix):
    """A model property: the `<prefix>_kk`/`_ru` text in the active language."""

    def getter(self) -> str:  # the type hint documents the API field (drf-spectacular)
        return pick(self, prefix)

    getter.__name__ = prefix
    getter.__doc__ = f"{prefix}_kk / {prefix}_ru in the active language."
    return property(getter)


def pair(source, prefix):
    """{'<prefix>_kk': …, '<prefix>_ru': …} — the two texts, for an annex row or an API."""
    return {name: _get(source, name) for name in field_names(prefix)}


def split(value):
    """(kk, ru) of a pair given as a (kk, ru) sequence, a {'kk', 'ru'} dict, or one text that
    stands for both languages (older callers and API clients)."""
    if isinstance(value, dict):
        return str(value.get("kk") or "").strip(), str(value.get("ru") or "").strip()
    if isinstance(value, (list, tuple)):
        kk, ru = value
        return str(kk or "").strip(), str(ru or "").strip()
    text = str(value or "").strip()
    return text, text


def _label(obj, name):
    try:
        return str(obj._meta.get_field(name).verbose_name)
    except Exception:  # a dict or a non-field attribute: the field's name is the label
        return name


def missing(obj, prefixes, *, optional=()):
    """The `_kk`/`_ru` field names that are empty. A prefix in `optional` may be empty in
    both languages, but not in only one of them."""
    gaps = []
    for prefix in prefixes:
        names = field_names(prefix)
        empty = [n for n in names if not str(_get(obj, n)).strip()]
        if prefix in optional and len(empty) == len(names):
            continue
        gaps.extend(empty)
    return gaps


def require_both(obj, prefixes, *, optional=(), what=""):
    """Raise a translated ApplicationError naming the first empty `_kk`/`_ru` field."""
    from .errors import ApplicationError

    gaps = missing(obj, prefixes, optional=optional)
    if gaps:
        name = gaps[0]
        params = {"field": _label(obj, name), "what": what or str(obj)}
        raise ApplicationError(
            _(
                "Fill in “%(field)s” of “%(what)s”: official forms and public pages are issued in Kazakh and Russian."
            )
            % params,
            field=name,
            code="bilingual_missing",
            extra={"missing": gaps},
        )

"""Template helpers loaded everywhere (settings TEMPLATES builtins)."""

from django import template
from django.utils.formats import date_format

from .. import money

register = template.Library()


@register.filter
def tenge(value, places=2):
    """Money in tenge with thin-space thousands: 1234567.5 → 1 234 567,50 ₸."""
    if value in (None, ""):
        return ""
    return f"{money.group(value, int(places))}\u00a0₸"


@register.filter
def thousands(value, places=1):
    """Thousand tenge as the annexes show it: 1234567 → 1 234,6."""
    if value in (None, ""):
        return ""
    return money.group(money.tenge_to_thousands(value), int(places))


@register.filter
def grouped(value, places=0):
    if value in (None, ""):
        return ""
    return money.group(value, int(places))


@register.filter
def ddmmyyyy(value):
    if not value:
        return ""
    return date_format(value, "d.m.Y")


@register.filter
def loc(obj, prefix):
    """`{{ topic|loc:"theme" }}` → theme_kk / theme_ru in the active language (X-I18N)."""
    from tapsyrys.core.bilingual import pick

    if hasattr(obj, "localized"):
        return obj.localized(prefix)
    return pick(obj, prefix)


@register.simple_tag(takes_context=True)
def history_url(context, obj):
    """The object's history page URL when the current user may see it (X-AUDIT), else ""."""
    from django.urls import reverse

    from ..permissions import check

    request = context.get("request")
    if request is None or not check(request.user, "core.history.view", obj):
        return ""
    meta = obj._meta
    return reverse("history", args=[meta.app_label, meta.model_name, obj.pk])

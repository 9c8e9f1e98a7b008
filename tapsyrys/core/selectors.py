"""Queries of core data, filtered to what the caller may see."""

from django.db.models import Prefetch

from .models import Area, Organisation


def organisation_public_list(*, kind=None, q="", region=None, area=None, verified=None):
    """Organisations with their public fields (the NGO registry when kind='ngo')."""
    qs = Organisation.objects.filter(is_active=True).select_related("region")
    if kind:
        qs = qs.filter(kind=kind)
    q = (q or "").strip()
    if q.isdigit():
        qs = qs.filter(bin__startswith=q)
    elif q:
        # search_text holds the upper-cased names (kk/ru/en, full and short) and the BIN.
        qs = qs.filter(search_text__contains=q.upper())
    if region:
        qs = (
            qs.filter(region__code=region)
            if not str(region).isdigit()
            else qs.filter(region_id=region)
        )
    if area:
        qs = qs.filter(areas__code=area) if not str(area).isdigit() else qs.filter(areas__id=area)
    if verified is not None:
        qs = qs.filter(is_verified=verified)
    return qs.prefetch_related(
        Prefetch("areas", queryset=Area.objects.only("id", "code", "name_kk", "name_ru", "name_en"))
    )

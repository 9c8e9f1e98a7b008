"""Queries of core data, filtered to what the caller may see."""

from collections import defaultdict

from django.db.models import F, Prefetch

from .models import Area, Organisation

# The registry API's columns (OrganisationPublicSerializer's fields, in its order); `region`,
# `areas` and `parent` are read through their relations.
PUBLIC_FIELDS = (
    "id",
    "kind",
    "level",
    "bin",
    "name_kk",
    "name_ru",
    "name_en",
    "short_name_kk",
    "short_name_ru",
    "legal_form",
    "region",
    "areas",
    "address",
    "phones",
    "email",
    "website",
    "description",
    "is_verified",
    "parent",
)
AREA_FIELDS = ("id", "code", "name_kk", "name_ru")


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


def organisation_public_values(queryset):
    """`queryset` (of organisation_public_list) read as plain values, for the registry API's hot
    list (issue 8: no model instance, no per-row prefetch); `organisation_public_rows` turns a
    page of it into what OrganisationPublicSerializer gives."""
    own = [f for f in PUBLIC_FIELDS if f not in ("region", "areas", "parent")]
    return queryset.prefetch_related(None).values(
        *own, region_code=F("region__code"), parent_ref=F("parent_id")
    )


def organisation_public_rows(rows):
    """A page of `organisation_public_values` as the API gives it: the areas of the whole page
    in one query (by id, as the areas are ordered)."""
    through = Organisation.areas.through
    areas = defaultdict(list)
    for organisation_id, *area in (
        through.objects.filter(organisation_id__in=[row["id"] for row in rows])
        .order_by("area_id")
        .values_list("organisation_id", *(f"area__{f}" for f in AREA_FIELDS))
    ):
        areas[organisation_id].append(dict(zip(AREA_FIELDS, area, strict=True)))
    out = []
    for row in rows:
        values = {**row, "region": row["region_code"], "parent": row["parent_ref"]}
        values["areas"] = areas.get(row["id"], [])
        out.append({field: values[field] for field in PUBLIC_FIELDS})
    return out

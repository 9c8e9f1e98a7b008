"""The NGO ratings in the admin: read-only (they are recomputed, never edited)."""

from django.contrib import admin

from tapsyrys.core.admin import AuditedAdmin
from tapsyrys.evaluation.models import NgoRating


@admin.register(NgoRating)
class NgoRatingAdmin(AuditedAdmin):
    deletable = False
    read_only = True
    list_display = (
        "ngo", "year", "projects", "evaluated", "timeliness", "completeness", "effectiveness",
        "sustainability", "long_term_effect", "score", "computed_at",
    )  # fmt: skip
    list_filter = ("year",)
    list_select_related = ("ngo",)
    raw_id_fields = ("ngo",)
    ordering = ("-year", "ngo_id")

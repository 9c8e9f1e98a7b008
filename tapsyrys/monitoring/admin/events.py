"""The Standard's thresholds (S-2) are reference data the administrator edits (audited)."""

from django.contrib import admin

from tapsyrys.core.admin import AuditedAdmin
from tapsyrys.monitoring.models import StandardThreshold


@admin.register(StandardThreshold)
class StandardThresholdAdmin(AuditedAdmin):
    deletable = False
    list_display = (
        "code", "name_ru", "satisfaction_min_from", "satisfaction_max_from", "stories_min",
        "stories_max", "participants_min", "participants_max", "duration_min_hours",
        "duration_max_hours", "trainer_experience_years",
    )  # fmt: skip
    ordering = ("order", "id")

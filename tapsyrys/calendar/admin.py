from django.contrib import admin

from tapsyrys.core.admin import AuditedAdmin

from . import services
from .models import WorkdayOverride


@admin.register(WorkdayOverride)
class WorkdayOverrideAdmin(AuditedAdmin):
    """Decrees go through the calendar's services: open deadlines move with them."""

    list_display = ("date", "is_working", "reason_ru", "decree")
    list_filter = ("is_working",)
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        services.override_save(override=obj, actor=request.user)

    def delete_model(self, request, obj):
        services.override_delete(override=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.override_delete(override=obj, actor=request.user)

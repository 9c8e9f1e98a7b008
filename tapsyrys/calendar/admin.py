from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tapsyrys.core.admin import AdminOnlyMixin

from .models import WorkdayOverride


@admin.register(WorkdayOverride)
class WorkdayOverrideAdmin(AdminOnlyMixin, SimpleHistoryAdmin):
    list_display = ("date", "is_working", "reason_ru", "decree")
    list_filter = ("is_working",)
    date_hierarchy = "date"

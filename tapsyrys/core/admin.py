from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Area,
    AuditEvent,
    Edition,
    EditionArea,
    EvaluationCriterion,
    GrantCriterion,
    MCIRate,
    MonitoringTool,
    Notification,
    Organisation,
    Region,
    RoleAssignment,
    ServiceType,
    User,
)
from .permissions import is_admin


class AdminOnlyMixin:
    """Reference data and accounts are edited in the admin by `admin` only (X-ACL)."""

    def has_module_permission(self, request):
        return is_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_admin(request.user)

    def has_add_permission(self, request, *args):
        return is_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_admin(request.user)


class EditionAreaInline(admin.TabularInline):
    model = EditionArea
    extra = 0


@admin.register(Edition)
class EditionAdmin(AdminOnlyMixin, SimpleHistoryAdmin):
    list_display = ("code", "order_no", "order_date", "effective_from")
    inlines = [EditionAreaInline]


@admin.register(Area)
class AreaAdmin(AdminOnlyMixin, SimpleHistoryAdmin):
    list_display = ("code", "name_ru", "name_kk")
    search_fields = ("code", "name_ru", "name_kk")


@admin.register(Region)
class RegionAdmin(AdminOnlyMixin, admin.ModelAdmin):
    list_display = ("code", "kind", "name_ru", "name_kk", "order")


@admin.register(MCIRate)
class MCIRateAdmin(AdminOnlyMixin, SimpleHistoryAdmin):
    list_display = ("effective_from", "value_tenge", "applies_to", "note")


@admin.register(EvaluationCriterion, GrantCriterion)
class CriterionAdmin(AdminOnlyMixin, admin.ModelAdmin):
    list_display = ("no", "code", "min_score", "max_score", "name_ru")


@admin.register(MonitoringTool, ServiceType)
class CodeNameAdmin(AdminOnlyMixin, admin.ModelAdmin):
    list_display = ("code", "name_ru", "name_kk")


@admin.register(Organisation)
class OrganisationAdmin(AdminOnlyMixin, SimpleHistoryAdmin):
    list_display = ("name_ru", "kind", "level", "bin", "region", "is_verified")
    list_filter = ("kind", "level", "is_verified", "region")
    search_fields = ("name_ru", "name_kk", "bin")
    raw_id_fields = ("parent",)
    filter_horizontal = ("areas",)


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 1


@admin.register(User)
class UserAdmin(AdminOnlyMixin, BaseUserAdmin):
    list_display = ("username", "full_name", "organisation", "email", "is_active")
    search_fields = ("username", "full_name", "email")
    raw_id_fields = ("organisation",)
    inlines = [RoleInline]
    fieldsets = BaseUserAdmin.fieldsets + (
        (
            "Tapsyrys",
            {
                "fields": (
                    "organisation",
                    "full_name",
                    "position",
                    "phone",
                    "language",
                    "is_org_admin",
                )
            },
        ),
    )


@admin.register(AuditEvent)
class AuditEventAdmin(AdminOnlyMixin, admin.ModelAdmin):
    list_display = ("created_at", "action", "object_repr", "actor", "organisation")
    list_filter = ("action",)
    search_fields = ("object_repr", "action")

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(AdminOnlyMixin, admin.ModelAdmin):
    list_display = ("created_at", "recipient", "subject", "read_at", "emailed_at")

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from simple_history.admin import SimpleHistoryAdmin

from .audit import log_action
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


def _admin_value(value):
    if isinstance(value, (list, tuple, set)) or hasattr(value, "model"):
        return sorted(str(getattr(v, "pk", v)) for v in value)
    return getattr(value, "pk", value)


def admin_changes(form, obj):
    """{field: [old, new]} of what an admin form changed (passwords never shown)."""
    changes = {}
    for name in form.changed_data:
        if "password" in name:
            changes[name] = ["***", "***"]
            continue
        try:
            new = obj._meta.get_field(name).value_from_object(obj)
        except FieldDoesNotExist:
            new = form.cleaned_data.get(name)
        changes[name] = [_admin_value(form.initial.get(name)), _admin_value(new)]
    return changes


class AuditedAdmin(AdminOnlyMixin, SimpleHistoryAdmin):
    """The admin of a model with row history (X-AUDIT), shared by every app's admin.

    Every save, inline save, revert and delete leaves row history (simple-history,
    attributed to the admin) and a business event
    ``<app>.<model>.admin_created|admin_changed|admin_deleted`` with the changes.
    ``deletable = False`` for what users submitted or what other records stand on: no
    delete permission, no delete button, no bulk delete action. ``read_only = True`` for
    records that change only through their services (the admin shows them and their history).
    """

    deletable = True
    read_only = False

    def has_add_permission(self, request, *args):
        return not self.read_only and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return not self.read_only and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.deletable and not self.read_only and super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.has_delete_permission(request):
            actions.pop("delete_selected", None)
        return actions

    @staticmethod
    def _action(obj, verb):
        opts = obj._meta
        return f"{opts.app_label}.{opts.model_name}.admin_{verb}"

    def save_model(self, request, obj, form, change):
        changes = admin_changes(form, obj) if change else {}
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            log_action(
                obj, self._action(obj, "changed" if change else "created"),
                actor=request.user, changes=changes,
            )  # fmt: skip

    def save_formset(self, request, form, formset, change):
        with transaction.atomic():
            for inline_form in formset.forms:
                inline_form.instance._history_user = request.user
            super().save_formset(request, form, formset, change)
            for obj in formset.new_objects:
                log_action(obj, self._action(obj, "created"), actor=request.user)
            for obj, changed in formset.changed_objects:
                log_action(
                    obj, self._action(obj, "changed"), actor=request.user,
                    data={"fields": sorted(changed)},
                )  # fmt: skip
            for obj in formset.deleted_objects:
                log_action(obj, self._action(obj, "deleted"), actor=request.user)

    def delete_model(self, request, obj):
        with transaction.atomic():
            log_action(obj, self._action(obj, "deleted"), actor=request.user)
            obj._history_user = request.user
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # one by one: each row leaves its "-" history row and its event
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


class ReadOnlyAdmin(AdminOnlyMixin, admin.ModelAdmin):
    """Shown in the admin, never added, changed or deleted there (X-AUDIT)."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EditionAreaInline(admin.TabularInline):
    model = EditionArea
    extra = 0


@admin.register(Edition)
class EditionAdmin(AuditedAdmin):
    list_display = ("code", "order_no", "order_date", "effective_from")
    inlines = [EditionAreaInline]


@admin.register(Area)
class AreaAdmin(AuditedAdmin):
    list_display = ("code", "name_ru", "name_kk")
    search_fields = ("code", "name_ru", "name_kk")


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    list_display = ("code", "kind", "name_ru", "name_kk", "order")


@admin.register(MCIRate)
class MCIRateAdmin(AuditedAdmin):
    list_display = ("effective_from", "value_tenge", "applies_to", "note")


@admin.register(EvaluationCriterion, GrantCriterion)
class CriterionAdmin(AuditedAdmin):
    list_display = ("no", "code", "min_score", "max_score", "name_ru")


@admin.register(MonitoringTool, ServiceType)
class CodeNameAdmin(AuditedAdmin):
    list_display = ("code", "name_ru", "name_kk")


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    # records stand on organisations; an organisation is deactivated, never deleted
    deletable = False
    list_display = ("name_ru", "kind", "level", "bin", "region", "is_verified")
    list_filter = ("kind", "level", "is_verified", "region")
    search_fields = ("name_ru", "name_kk", "bin")
    raw_id_fields = ("parent",)
    filter_horizontal = ("areas",)


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 1


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    # an account is deactivated (is_active), never deleted: its events name it
    deletable = False
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
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "action", "object_repr", "actor", "organisation")
    list_filter = ("action",)
    search_fields = ("object_repr", "action")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "recipient", "subject", "read_at", "emailed_at")

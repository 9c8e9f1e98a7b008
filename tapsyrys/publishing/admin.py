"""The ledger in the admin: read-only for `admin`; nothing is added, changed or deleted here
(a correction is a new entry published by the owning app's service)."""

from django.contrib import admin

from tapsyrys.core.permissions import is_admin

from .models import LedgerEntry


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    list_display = (
        "seq",
        "published_at",
        "kind",
        "object_label",
        "language",
        "format",
        "version",
        "sha256",
    )
    list_filter = ("kind", "language", "format")
    search_fields = ("object_label", "sha256", "entry_sha256")
    exclude = ("content",)
    readonly_fields = (
        "seq",
        "kind",
        "content_type",
        "object_id",
        "object_key",
        "object_label",
        "organisation",
        "language",
        "format",
        "version",
        "media_type",
        "filename",
        "size",
        "sha256",
        "previous_sha256",
        "entry_sha256",
        "published_at",
        "published_by",
    )
    actions = None  # no bulk delete action
    list_select_related = False

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content")

    def has_module_permission(self, request):
        return is_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_admin(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

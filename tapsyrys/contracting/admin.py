from django.contrib import admin

from tapsyrys.core.admin import AuditedAdmin, ReadOnlyAdmin

from .models import Competition, Contract, ImportJob, Lot, ReportStage, StageReport


@admin.register(Competition)
class CompetitionAdmin(AuditedAdmin):
    # lots and contracts stand on it: corrected by an audited edit, never deleted
    deletable = False
    list_display = ["procurement_number", "body", "year", "held_on"]
    list_filter = ["year"]
    search_fields = ["procurement_number", "title_ru", "title_kk"]
    raw_id_fields = ["body"]


@admin.register(Lot)
class LotAdmin(AuditedAdmin):
    deletable = False
    list_display = ["number", "name_ru", "body", "amount", "status"]
    list_filter = ["status"]
    search_fields = ["number", "name_ru", "name_kk"]
    raw_id_fields = ["competition", "body", "topic"]


@admin.register(Contract)
class ContractAdmin(AuditedAdmin):
    """Read-only here: statuses change only through services (C-3)."""

    read_only = True
    list_display = ["number", "body", "supplier", "amount", "status", "signed_on"]
    list_filter = ["status", "year"]
    search_fields = ["number", "supplier__bin", "supplier__name_ru"]
    raw_id_fields = ["lot", "body", "supplier", "spec_document"]


@admin.register(ReportStage)
class ReportStageAdmin(ReadOnlyAdmin):
    list_display = ["contract", "kind", "due_date", "submitted_at", "missing_flagged_at"]
    raw_id_fields = ["contract"]


@admin.register(StageReport)
class StageReportAdmin(AuditedAdmin):
    """Submitted by an NGO: shown with its history, never changed or deleted here (X-AUDIT)."""

    read_only = True
    list_display = ["contract", "stage", "version", "status", "submitted_at", "on_time"]
    list_filter = ["status", "on_time"]
    raw_id_fields = ["contract", "stage", "submitted_by"]


@admin.register(ImportJob)
class ImportJobAdmin(AuditedAdmin):
    read_only = True
    list_display = ["original_name", "organisation", "dry_run", "status", "created_at"]
    raw_id_fields = ["organisation", "created_by"]

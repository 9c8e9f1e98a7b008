"""Stage reports: drafts, files, submission, corrections (C-4)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tapsyrys.core.audit import diff, log_action
from tapsyrys.core.due import due_met
from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.events import record
from tapsyrys.core.files import StoredFile, store_upload
from tapsyrys.core.permissions import require
from tapsyrys.core.services import full_clean_or_raise

from .. import rules
from ..deadlines import STAGE_REPORT
from ..models import (
    ReportFile,
    ReportStage,
    StageReport,
)

# --- Stage reports (C-4) --------------------------------------------------------------------------

REPORT_FIELDS = (
    "team_composition",
    "about_project",
    "main_work",
    "indicator_actuals",
    "coverage_reached",
    "satisfaction_results",
    "financial_report",
)


def report_start(*, stage, actor):
    """The draft of a stage's report (the first version, or the open draft).

    Create-once (X-ACL races): the stage row is locked, so concurrent callers queue behind the
    first one and get the draft it created; the partial unique constraint
    `stage_report_one_draft` backs it up in the database."""
    contract = stage.contract
    rules.ensure_allowed(contract.status, "submit_reports")
    probe = StageReport(stage=stage, contract=contract)
    require(actor, "contracting.report.edit", probe)
    with transaction.atomic():
        ReportStage.objects.select_for_update().filter(pk=stage.pk).first()
        draft = StageReport.objects.filter(stage=stage, status=StageReport.Status.DRAFT).first()
        if draft is not None:
            return draft
        if StageReport.objects.filter(stage=stage).exists():
            raise ApplicationError(
                _("This report has been submitted; create a correction to change it.")
            )
        report = StageReport.objects.create(stage=stage, contract=contract, version=1)
        log_action(report, "contracting.report.started", actor=actor)
    return report


def _clean_numbers(values, allowed_ids, field, integer):
    cleaned = {}
    if not isinstance(values or {}, dict):  # a section is {row id: number}
        raise ApplicationError(_("Unknown row in this section."), field=field)
    for key, value in (values or {}).items():
        if str(key) not in allowed_ids:
            raise ApplicationError(_("Unknown row in this section."), field=field)
        if value in (None, ""):
            continue
        if integer:  # a count of people: 1.5 is refused, never truncated
            try:
                number = rules.parse_count(value)
            except ValueError as exc:
                raise ApplicationError(str(exc), field=field) from None
            cleaned[str(key)] = number
            continue
        try:
            number = Decimal(str(value).replace(",", "."))
            if not number.is_finite():  # NaN, Infinity
                raise ArithmeticError
        except (TypeError, ValueError, ArithmeticError):
            raise ApplicationError(_("Enter a number."), field=field) from None
        if number < 0:
            raise ApplicationError(_("Values cannot be negative."), field=field)
        cleaned[str(key)] = number if integer else str(number)
    return cleaned


REPORT_TEXT_MAX = 20_000  # characters per text section of a stage report


def _clean_text(value, field):
    """A report's text section: a string of at most REPORT_TEXT_MAX characters."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ApplicationError(RegexValidator.message, field=field)
    try:
        MaxLengthValidator(REPORT_TEXT_MAX)(value)
    except ValidationError as exc:
        raise ApplicationError(exc.messages[0], field=field) from None
    return value


def report_save_draft(*, report, actor, fields, uploads=()):
    rules.ensure_allowed(report.contract.status, "submit_reports")
    require(actor, "contracting.report.edit", report)
    unknown = set(fields) - set(REPORT_FIELDS)
    if unknown:
        raise ApplicationError(_("These fields cannot be changed here."), field=sorted(unknown)[0])
    for key in set(fields) - {"indicator_actuals", "coverage_reached"}:
        fields[key] = _clean_text(fields[key], key)
    contract = report.contract
    if "indicator_actuals" in fields:
        ids = {str(i) for i in contract.indicators.values_list("pk", flat=True)}
        fields["indicator_actuals"] = _clean_numbers(
            fields["indicator_actuals"], ids, "indicator_actuals", integer=False
        )
    if "coverage_reached" in fields:
        ids = {str(i) for i in contract.target_groups.values_list("pk", flat=True)}
        fields["coverage_reached"] = _clean_numbers(
            fields["coverage_reached"], ids, "coverage_reached", integer=True
        )
    with transaction.atomic():
        locked = StageReport.objects.select_for_update().get(pk=report.pk)
        if locked.status != StageReport.Status.DRAFT:
            raise ApplicationError(
                _("A submitted report cannot be changed; create a correction instead.")
            )
        before = {k: getattr(locked, k) for k in fields}
        for key, value in fields.items():
            setattr(locked, key, value)
        locked.updated_at = timezone.now()
        full_clean_or_raise(locked)
        locked.save()
        for upload in uploads:
            report_file_add(report=locked, actor=actor, upload=upload, checked=True)
        changes = {k: v for k, v in diff(before, fields).items() if k not in ("indicator_actuals",)}
        log_action(locked, "contracting.report.draft_saved", actor=actor, changes=changes)
    return locked


def report_file_add(*, report, actor, upload, checked=False):
    """Attach a file to a draft. The report row is locked and its status read inside the
    transaction, so a file can never be attached to a report submitted in the meantime."""
    if not checked:
        rules.ensure_allowed(report.contract.status, "submit_reports")
        require(actor, "contracting.report.edit", report)
    with transaction.atomic():
        locked = (
            StageReport.objects.select_for_update(of=("self",))
            .select_related("contract__supplier", "contract__body")
            .get(pk=report.pk)
        )
        if locked.status != StageReport.Status.DRAFT:
            raise ApplicationError(
                _("Files cannot be added to a submitted report; create a correction instead."),
                field="files",
            )
        contract = locked.contract
        # A draft is the NGO's alone (X-ACL): the body reads the file once it is submitted.
        stored = store_upload(
            upload, actor=actor, owner_org=contract.supplier, viewer_org=None, field="files"
        )
        return ReportFile.objects.create(report=locked, file=stored)


def report_ensure_complete(report):
    """Raise the incomplete-report error naming the first missing section (the check the
    submission makes; the page asks it before its confirmation step)."""
    contract = report.contract
    missing = rules.missing_sections(
        report,
        indicator_ids=list(contract.indicators.values_list("pk", flat=True)),
        target_group_ids=list(contract.target_groups.values_list("pk", flat=True)),
        is_final=report.stage.is_final,
    )
    if missing:
        raise ApplicationError(
            _("The report is incomplete. Fill in: %(sections)s.")
            % {"sections": ", ".join(str(label) for _f, label in missing)},
            field=missing[0][0],
            extra={"missing": [f for f, _label in missing]},
        )


def report_submit(*, report, actor, now=None):
    """Completeness check, then the immutable submission with its moment (on time or late)."""
    rules.ensure_allowed(report.contract.status, "submit_reports")
    require(actor, "contracting.report.edit", report)
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            StageReport.objects.select_for_update()
            .select_related("stage", "contract")
            .get(pk=report.pk)
        )
        if locked.status != StageReport.Status.DRAFT:
            raise ApplicationError(_("This report has already been submitted."))
        contract = locked.contract
        report_ensure_complete(locked)
        locked.status = StageReport.Status.SUBMITTED
        locked.submitted_at = now
        locked.submitted_by = actor
        locked.on_time = rules.submission_on_time(now, locked.stage.due_date)
        full_clean_or_raise(locked)
        locked.save(update_fields=["status", "submitted_at", "submitted_by", "on_time"])
        StoredFile.objects.filter(
            pk__in=ReportFile.objects.filter(report=locked).values("file_id"),
            viewer_org__isnull=True,
        ).update(viewer_org_id=contract.body_id)
        ReportStage.objects.filter(pk=locked.stage_id, submitted_at__isnull=True).update(
            submitted_at=now
        )
        due_met(locked.stage, STAGE_REPORT, now=now)
        record(
            locked,
            "contracting.report.submitted",
            actor=actor,
            changes={"status": ["draft", "submitted"]},
            data={"on_time": locked.on_time, "due_date": locked.stage.due_date.isoformat()},
        )
    return locked


def report_correct(*, report, actor):
    """A correction of a submitted report: a new draft version with the same content."""
    rules.ensure_allowed(report.contract.status, "correct_reports")
    require(actor, "contracting.report.correct", report)
    with transaction.atomic():
        stage = ReportStage.objects.select_for_update().get(pk=report.stage_id)
        if StageReport.objects.filter(stage=stage, status=StageReport.Status.DRAFT).exists():
            raise ApplicationError(_("A correction of this report is already being prepared."))
        latest = StageReport.objects.filter(stage=stage).order_by("-version").first()
        if latest is None or latest.status != StageReport.Status.SUBMITTED:
            raise ApplicationError(_("Only a submitted report can be corrected."))
        new = StageReport.objects.create(
            stage=stage,
            contract_id=latest.contract_id,
            version=latest.version + 1,
            **{f: getattr(latest, f) for f in REPORT_FIELDS},
        )
        ReportFile.objects.bulk_create(
            [ReportFile(report=new, file_id=f.file_id) for f in latest.files.all()]
        )
        log_action(
            new, "contracting.report.correction_started", actor=actor, data={"of": latest.pk}
        )
    return new

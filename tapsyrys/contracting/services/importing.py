"""The procurement import (X-IMPORT)."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.permissions import require

# --- Import (X-IMPORT) ----------------------------------------------------------------------------

IMPORT_EXTENSIONS = ("csv", "xlsx")


def import_start(*, actor, upload, dry_run=True, organisation=None):
    """Store the file, create the job and run it (a Celery task; eager in demo and tests)."""
    from ..importer import FileError, check_xlsx_size
    from ..models import ImportJob
    from ..tasks import run_import_job

    require(actor, "contracting.import.run")
    organisation = organisation or actor.organisation
    if upload is None:
        raise ApplicationError(_("Choose a file to upload."), field="file")
    name = upload.name or "import.csv"
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in IMPORT_EXTENSIONS:
        raise ApplicationError(_("Upload a .csv or .xlsx file."), field="file")
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ApplicationError(
            _("The file is too large: at most %(mb)d MB.")
            % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)},
            field="file",
        )
    if upload.size == 0:
        raise ApplicationError(_("The file is empty."), field="file")
    head = upload.read(4)
    upload.seek(0)
    if ext == "xlsx" and head != b"PK\x03\x04":
        raise ApplicationError(_("This file is not an Excel workbook (.xlsx)."), field="file")
    if ext == "csv" and head == b"PK\x03\x04":
        raise ApplicationError(_("This file is not a CSV text file."), field="file")
    if ext == "xlsx":
        # The cap on the unpacked size is checked now, from the zip directory alone; the
        # cap on rows while the job streams the sheet (importer.read_table).
        try:
            check_xlsx_size(upload.read())
        except FileError as exc:
            raise ApplicationError(str(exc), field="file") from exc
        finally:
            upload.seek(0)
    job = ImportJob(
        organisation=organisation, created_by=actor, original_name=name[-255:], dry_run=dry_run
    )
    job.file.save(name, upload, save=False)
    job.save()
    transaction.on_commit(lambda: run_import_job.delay(job.pk))
    return job


def import_repeat(*, job, actor):
    """Run a checked file for real (after its dry run)."""
    from ..models import ImportJob
    from ..tasks import run_import_job

    require(actor, "contracting.import.view", job)
    require(actor, "contracting.import.run")
    new = ImportJob.objects.create(
        organisation=job.organisation,
        created_by=actor,
        file=job.file.name,
        original_name=job.original_name,
        dry_run=False,
    )
    transaction.on_commit(lambda: run_import_job.delay(new.pk))
    return new

"""Background work of contracting: the import job (eager in the demo and in tests)."""

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from tapsyrys.core.audit import log_action

from .importer import run_import
from .models import ImportJob


def _progress(job_id):
    last = {"done": -1}

    def update(done, total):
        # Written outside the import's transaction so the page polling it sees it move.
        if done == last["done"]:
            return
        last["done"] = done
        ImportJob.objects.filter(pk=job_id).update(processed_rows=done, total_rows=total)

    return update


@shared_task(name="tapsyrys.contracting.tasks.run_import_job")
def run_import_job(job_id):
    job = ImportJob.objects.select_related("organisation", "created_by").get(pk=job_id)
    if job.finished:
        return job.status
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    with job.file.open("rb") as handle:
        data = handle.read()
    result = run_import(
        data=data,
        filename=job.original_name,
        organisation=job.organisation,
        dry_run=job.dry_run,
        actor=job.created_by,
        progress=_progress(job.pk),
        today=timezone.localdate(),
    )
    status = ImportJob.Status.FAILED if result.error_count else ImportJob.Status.DONE
    with transaction.atomic():
        ImportJob.objects.filter(pk=job.pk).update(
            status=status,
            result=result.as_dict(),
            total_rows=result.rows,
            processed_rows=result.rows,
            finished_at=timezone.now(),
        )
        if result.written:
            log_action(
                job,
                "contracting.import.applied",
                actor=job.created_by,
                data={
                    "file": job.original_name,
                    "created": result.created,
                    "updated": result.updated,
                },
            )
    return status

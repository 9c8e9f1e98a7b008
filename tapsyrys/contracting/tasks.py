"""Background work of contracting: the import job (eager in the demo and in tests)."""

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from .importer import run_import
from .models import ImportJob


def _progress(job_id):
    last = {"done": -1}

    def update(done, total):
        # Written outside the import's transaction so the page polling it sees it move.
        # X-AUDIT: a plain .update() is right here: the counters are a progress bar, not
        # business state (excluded from ImportJob's row history); the job's status and
        # result change through _job_save below, which leaves history.
        if done == last["done"]:
            return
        last["done"] = done
        ImportJob.objects.filter(pk=job_id).update(processed_rows=done, total_rows=total)

    return update


def _job_save(job, **values):
    """Change the job's status/result with a row-history entry attributed to its creator."""
    for name, value in values.items():
        setattr(job, name, value)
    job._history_user = job.created_by
    job.save(update_fields=list(values))


@shared_task(name="tapsyrys.contracting.tasks.run_import_job")
def run_import_job(job_id):
    job = ImportJob.objects.select_related("organisation", "created_by").get(pk=job_id)
    if job.finished:
        return job.status
    _job_save(job, status=ImportJob.Status.RUNNING)
    with job.file.open("rb") as handle:
        data = handle.read()
    # The import writes its rows, their history and the job's one business event
    # (contracting.import.applied, listing the created and updated numbers) in one
    # transaction.
    result = run_import(
        data=data,
        filename=job.original_name,
        organisation=job.organisation,
        dry_run=job.dry_run,
        actor=job.created_by,
        progress=_progress(job.pk),
        today=timezone.localdate(),
        job=job,
    )
    status = ImportJob.Status.FAILED if result.error_count else ImportJob.Status.DONE
    with transaction.atomic():
        _job_save(
            job,
            status=status,
            result=result.as_dict(),
            total_rows=result.rows,
            processed_rows=result.rows,
            finished_at=timezone.now(),
        )
    return status

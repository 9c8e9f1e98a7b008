"""A real Celery worker (X-NOTIFY, issue 12 item 8): the daily job runs through its task on
the local Redis, the worker is killed (SIGKILL) in the middle, a new worker gets the
unacknowledged task again (acks_late) and finishes it without a duplicate notice.

The worker is a subprocess on the test database (`connection.settings_dict['NAME']`) and
Redis db 7, claiming one due item per transaction with a pause so that the kill lands in
the middle. Redis down is a failure, never a skip.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection

from tapsyrys.contracting.tests.factories import contract_make
from tapsyrys.core.models import AuditEvent, DueItem, Notification, Outbox

from .test_due import AFTER_ALL, STAGE_REPORT

BROKER = "redis://127.0.0.1:6379/7"
STAGES = 18  # 6 contracts × 3 stage reports, each told to the NGO user and the body user
ROOT = Path(settings.BASE_DIR)


def _database_url():
    db = connection.settings_dict
    auth = quote(db["USER"] or "postgres")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _start_worker(log, name):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(),
        "TAPSYRYS_WORKER_BROKER": BROKER,
        "CELERY_VISIBILITY_TIMEOUT": "3",  # an unacknowledged task comes back after 3 s
        "DUE_BATCH_SIZE": "1",
        "DUE_BATCH_PAUSE": "0.3",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
         "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
         "-n", f"{name}@%h"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip


def _wait(condition, timeout, what, log_path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}; worker log:\n{log_path.read_text()[-4000:]}")


def _stop(process):
    if process.poll() is None:
        process.kill()
    process.wait(timeout=20)


def _notified():
    """Stage reports flagged missing (monitoring's plan years of these contracts fall due too)."""
    return DueItem.objects.filter(kind=STAGE_REPORT, state=DueItem.State.NOTIFIED).count()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_in_the_middle_reruns_the_daily_job_without_duplicates(
    body_user, ngo_user, tmp_path
):
    import redis

    broker = redis.Redis.from_url(BROKER, socket_connect_timeout=2)
    try:
        broker.ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.fail(f"Redis at {BROKER} is required for the worker test: {exc}")
    broker.flushdb()
    for _ in range(STAGES // 3):
        contract_make(body_user, ngo_user.organisation)
    client = Celery("tapsyrys-test", broker=BROKER)
    log_path = tmp_path / "worker.log"
    workers = []
    with log_path.open("w") as log:
        try:
            workers.append(_start_worker(log, "first"))
            client.send_task("tapsyrys.core.tasks.run_deadlines", args=[AFTER_ALL.isoformat()])
            _wait(lambda: _notified() >= 3, 90, "the first items", log_path)
            os.kill(workers[0].pid, signal.SIGKILL)
            workers[0].wait(timeout=20)
            halfway = _notified()
            assert 3 <= halfway < STAGES, "the worker was not killed in the middle"

            workers.append(_start_worker(log, "second"))
            _wait(
                lambda: (
                    _notified() == STAGES
                    and not Outbox.objects.filter(delivered_at__isnull=True).exists()
                ),
                120,
                "the re-run to finish",
                log_path,
            )
        finally:
            for process in workers:
                _stop(process)
            broker.flushdb()
    keys = list(
        Notification.objects.filter(key__startswith="contracting.report.missing:").values_list(
            "recipient_id", "key"
        )
    )
    assert len(keys) == len(set(keys)) == 2 * STAGES
    assert AuditEvent.objects.filter(action="contracting.report.missing").count() == STAGES
    emails = Outbox.objects.filter(kind="contracting.report.missing", channel="email")
    assert emails.count() == 2 * STAGES and not emails.filter(delivered_at__isnull=True).exists()

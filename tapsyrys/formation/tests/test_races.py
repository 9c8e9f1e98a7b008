"""Opening a cycle is create-once (issue 12, item 6): twelve threads, each with its own
PostgreSQL connection, open the same body's cycle for the same year at the same moment."""

import threading

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from tapsyrys.calendar.rules import local_date
from tapsyrys.core.models import AuditEvent
from tapsyrys.formation.models import Cycle

THREADS = 12


@pytest.mark.django_db(transaction=True)
def test_twelve_threads_opening_the_same_cycle_make_one_cycle_and_no_5xx(body, body_user):
    year = local_date(timezone.now()).year + 1
    barrier = threading.Barrier(THREADS)
    responses, errors = [], []

    def run():
        try:
            client = APIClient(raise_request_exception=False)
            client.force_authenticate(body_user)
            barrier.wait(timeout=30)
            responses.append(client.post("/api/formation/cycles/", {"year": year}, format="json"))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    codes = sorted(r.status_code for r in responses)
    assert codes == [201] + [400] * (THREADS - 1), codes
    cycle = Cycle.objects.get(body=body, year=year)
    assert Cycle.objects.filter(body=body).count() == 1
    refusals = [r.json() for r in responses if r.status_code == 400]
    assert all(r.get("field") == "year" and r.get("code") == "cycle_exists" for r in refusals), (
        refusals
    )
    assert all(str(year) in r["detail"] for r in refusals)
    opened = AuditEvent.objects.filter(action="formation.cycle.opened", object_id=cycle.pk)
    assert opened.count() == 1

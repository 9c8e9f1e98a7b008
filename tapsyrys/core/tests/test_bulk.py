"""core.bulk.copy_create (issue 8) keeps X-AUDIT: a model that keeps row history is never
written without it; and the bench's purge of its own import refuses to run outside the bench."""

import pytest

from tapsyrys.contracting.bench import purge_import_rows
from tapsyrys.contracting.models import Lot
from tapsyrys.core.bulk import copy_create

pytestmark = pytest.mark.django_db


def test_a_model_with_row_history_is_refused_without_its_history(body):
    with pytest.raises(ValueError, match="Lot keeps row history"):
        copy_create(Lot, [{"body_id": body.pk, "number": "L1"}])
    assert not Lot.objects.exists()


def test_the_bench_purge_refuses_outside_the_bench():
    with pytest.raises(RuntimeError, match="config.settings.bench"):
        purge_import_rows()

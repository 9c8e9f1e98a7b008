"""The Standard's thresholds (S-2): loaded from reference/standard_thresholds.csv as the seed
gives them, editable by the administrator with history and an audit event."""

from decimal import Decimal

import pytest

from tapsyrys.core.models import AuditEvent
from tapsyrys.core.tests.test_admin_audit import _post_data
from tapsyrys.monitoring.models import StandardThreshold

pytestmark = pytest.mark.django_db


def test_the_seed_table_is_loaded():
    rows = {
        t.code: (
            t.satisfaction_min_from, t.satisfaction_max_from, t.stories_min, t.stories_max,
            t.participants_min, t.participants_max, t.trainer_experience_years,
        )
        for t in StandardThreshold.objects.all()
    }  # fmt: skip
    d = Decimal
    assert rows == {
        "seminar": (d(50), d(85), None, None, 12, 35, 1),
        "training": (d(60), d(85), 3, 7, 10, 25, 2),
        "master_class": (d(50), d(85), None, None, None, None, None),
        "lecture": (d(50), d(85), None, None, None, None, None),
        "webinar": (None, None, None, None, None, None, None),
        "course": (d(75), d(95), 5, 10, None, None, None),
        "internship": (d(50), d(85), 1, 5, None, None, None),
    }
    assert StandardThreshold.objects.get(code="course").name_kk == "Оқыту курсы (мектеп)"


def test_the_admin_edits_a_threshold_with_history_and_an_event(admin_user, client_for):
    threshold = StandardThreshold.objects.get(code="seminar")
    client = client_for(admin_user)
    url = f"/admin/monitoring/standardthreshold/{threshold.pk}/change/"
    data = _post_data(client.get(url).context["adminform"].form)
    data["satisfaction_min_from"] = "55"
    assert client.post(url, data).status_code == 302
    threshold.refresh_from_db()
    assert threshold.satisfaction_min_from == Decimal("55")
    assert threshold.history.count() >= 1
    assert (
        AuditEvent.objects.filter(action="monitoring.standardthreshold.admin_changed").count() == 1
    )


def test_only_the_admin_sees_the_thresholds_admin(body_user, client_for):
    response = client_for(body_user).get("/admin/monitoring/standardthreshold/")
    assert response.status_code in (302, 403)

"""Loads the S-2 thresholds of the Standard (reference/standard_thresholds.csv): run by
monitoring's migration 0003 and after a transactional test's flush (idempotent)."""

import csv
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

INT_FIELDS = (
    "order", "stories_min", "stories_max", "participants_min", "participants_max",
    "duration_min_hours", "duration_max_hours", "trainer_experience_years",
)  # fmt: skip


def load_thresholds(apps):
    """S-2 thresholds of the Standard's training forms from reference/standard_thresholds.csv
    (idempotent; the administrator edits them afterwards)."""
    StandardThreshold = apps.get_model("monitoring", "StandardThreshold")
    Historical = apps.get_model("monitoring", "HistoricalStandardThreshold")
    path = settings.REFERENCE_DIR / "standard_thresholds.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            values = {k: row[k] for k in ("name_kk", "name_ru", "name_en")}
            for key in INT_FIELDS:
                values[key] = int(row[key]) if row[key] else None
            for key in ("satisfaction_min_from", "satisfaction_max_from"):
                values[key] = Decimal(row[key]) if row[key] else None
            threshold, created = StandardThreshold.objects.update_or_create(
                code=row["code"], defaults=values
            )
            if created:  # X-AUDIT: the loaded row's initial "+" history row
                fields = [f.attname for f in StandardThreshold._meta.concrete_fields]
                Historical.objects.create(
                    **{f: getattr(threshold, f) for f in fields},
                    history_date=timezone.now(),
                    history_type="+",
                    history_change_reason="reference data loaded (S-2)",
                )

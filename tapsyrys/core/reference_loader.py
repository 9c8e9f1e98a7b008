"""Loads the reference data shipped in reference/*.csv (run by a data migration; idempotent)."""

import csv
import datetime as dt

from django.conf import settings


def _rows(name):
    with open(settings.REFERENCE_DIR / name, encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def load_reference(apps):
    Edition = apps.get_model("core", "Edition")
    Area = apps.get_model("core", "Area")
    EditionArea = apps.get_model("core", "EditionArea")
    Region = apps.get_model("core", "Region")
    MCIRate = apps.get_model("core", "MCIRate")
    EvaluationCriterion = apps.get_model("core", "EvaluationCriterion")
    GrantCriterion = apps.get_model("core", "GrantCriterion")
    MonitoringTool = apps.get_model("core", "MonitoringTool")
    ServiceType = apps.get_model("core", "ServiceType")

    editions = {}
    for row in _rows("editions.csv"):
        editions[row["code"]], _ = Edition.objects.update_or_create(
            code=row["code"],
            defaults={
                "order_no": row["order_no"],
                "order_date": dt.date.fromisoformat(row["order_date"]),
                "effective_from": dt.date.fromisoformat(row["effective_from"]),
                "title_kk": row["title_kk"],
                "title_ru": row["title_ru"],
                "title_en": row["title_en"],
            },
        )
    for row in _rows("areas.csv"):
        area, _ = Area.objects.update_or_create(
            code=row["code"],
            defaults={k: row[k] for k in ("name_kk", "name_ru", "name_en")},
        )
        # X-AREA: 2022 numbering for the 2022 edition; the 2021 list (17 areas) also served
        # the 2018 edition (assumption: no separate 2018 list in the seeds).
        for code, column in (("2022", "no_2022"), ("2021", "no_2021"), ("2018", "no_2021")):
            if row[column]:
                EditionArea.objects.update_or_create(
                    edition=editions[code], area=area, defaults={"number": int(row[column])}
                )
    for row in _rows("regions.csv"):
        Region.objects.update_or_create(
            code=row["code"],
            defaults={
                "kind": row["kind"],
                "order": int(row["order"]),
                **{k: row[k] for k in ("name_kk", "name_ru", "name_en")},
            },
        )
    for row in _rows("mci.csv"):
        MCIRate.objects.update_or_create(
            effective_from=dt.date.fromisoformat(row["effective_from"]),
            applies_to=row["applies_to"],
            defaults={"value_tenge": int(row["value_tenge"]), "note": row["note"]},
        )
    for model, name in (
        (EvaluationCriterion, "evaluation_criteria.csv"),
        (GrantCriterion, "grant_criteria.csv"),
    ):
        for row in _rows(name):
            model.objects.update_or_create(
                code=row["code"],
                defaults={
                    "no": int(row["no"]),
                    "min_score": int(row["min"]),
                    "max_score": int(row["max"]),
                    **{k: row.get(k, "") for k in ("name_kk", "name_ru", "name_en")},
                },
            )
    for model, name in (
        (MonitoringTool, "monitoring_tools.csv"),
        (ServiceType, "service_types.csv"),
    ):
        for row in _rows(name):
            model.objects.update_or_create(
                code=row["code"], defaults={k: row[k] for k in ("name_kk", "name_ru", "name_en")}
            )


def load_edition_area_names(apps):
    """Area names an edition words differently (X-EDITION: 2021 "бағыттар", 2022 "салалар")."""
    EditionArea = apps.get_model("core", "EditionArea")
    for row in _rows("edition_area_names.csv"):
        EditionArea.objects.filter(edition__code=row["edition"], area__code=row["code"]).update(
            name_kk=row["name_kk"], name_ru=row["name_ru"]
        )

from django.db import migrations, models

SEARCH_FIELDS = ("bin", "name_kk", "name_ru", "name_en", "short_name_kk", "short_name_ru")


def backfill(apps, schema_editor):
    Organisation = apps.get_model("core", "Organisation")
    rows = list(Organisation.objects.only("pk", *SEARCH_FIELDS))
    for org in rows:
        org.search_text = " ".join(getattr(org, f) for f in SEARCH_FIELDS if getattr(org, f)).upper()
    Organisation.objects.bulk_update(rows, ["search_text"], batch_size=2000)


def indexes(apps, schema_editor):
    """Registry search on PostgreSQL: a trigram index on the search column (LIKE '%…%') and
    a pattern index for BIN prefixes."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS core_org_search_trgm ON core_organisation "
        "USING gin (search_text gin_trgm_ops)"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS core_org_bin_pattern ON core_organisation "
        "(bin varchar_pattern_ops)"
    )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS core_org_search_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS core_org_bin_pattern")


class Migration(migrations.Migration):
    dependencies = [("core", "0003_stored_file")]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.RunPython(indexes, drop_indexes),
    ]

from django.db import migrations

TRIGRAM_COLUMNS = ("name_ru", "name_kk", "short_name_ru", "short_name_kk")


def load(apps, schema_editor):
    from tapsyrys.core.reference_loader import load_reference

    load_reference(apps)


def trigram_indexes(apps, schema_editor):
    """Registry search (icontains → UPPER(col) LIKE) uses trigram indexes on PostgreSQL."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in TRIGRAM_COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS core_org_{column}_trgm ON core_organisation "
            f"USING gin (UPPER({column}) gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in TRIGRAM_COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS core_org_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RunPython(trigram_indexes, drop_trigram_indexes),
    ]

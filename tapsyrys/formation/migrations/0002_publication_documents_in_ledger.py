"""Published annexes move onto the public ledger: each existing publication is rendered in
kk/ru × xlsx/PDF from its stored rows and appended to the ledger (oldest first, with its
version), then the rows' own SHA-256 column goes (the ledger hashes the documents)."""

import hashlib
from collections import defaultdict

import django.db.models.deletion
from django.db import migrations, models

STEMS = {
    "annex1": "annex1",
    "annex2": "annex2",
    "annex3_council": "annex3_council",
    "annex3_budget": "annex3_budget",
}


def _groups(EditionArea, edition_id, rows):
    by_area = defaultdict(list)
    for row in rows:
        by_area[row["area_id"]].append(row)
    return [
        {
            "number": ea.number,
            "name_kk": ea.area.name_kk,
            "name_ru": ea.area.name_ru,
            "rows": by_area.get(ea.area_id, []),
        }
        for ea in EditionArea.objects.filter(edition_id=edition_id)
        .select_related("area")
        .order_by("number")
    ]


def forwards(apps, schema_editor):
    from tapsyrys.calendar.rules import local_date
    from tapsyrys.publishing import annexes
    from tapsyrys.publishing.models import GENESIS, entry_hash

    Publication = apps.get_model("formation", "Publication")
    LedgerEntry = apps.get_model("publishing", "LedgerEntry")
    EditionArea = apps.get_model("core", "EditionArea")
    ContentType = apps.get_model("contenttypes", "ContentType")
    publications = Publication.objects.select_related("cycle__body").order_by("published_at", "pk")
    if not publications.exists():
        return
    ct, _ = ContentType.objects.get_or_create(app_label="formation", model="cycle")
    head = LedgerEntry.objects.order_by("-seq").first()
    seq, previous = (head.seq, head.entry_sha256) if head else (0, GENESIS)
    for pub in publications:
        cycle, body = pub.cycle, pub.cycle.body
        if LedgerEntry.objects.filter(
            kind=pub.kind, content_type=ct, object_id=cycle.pk, version=pub.version
        ).exists():  # already in the ledger (a re-run after a reverse)
            continue
        names = {"name_kk": body.name_kk, "name_ru": body.name_ru}
        as_of = local_date(pub.published_at)
        for lang in annexes.FORM_LANGUAGES:
            if pub.kind == "annex1":
                doc = annexes.annex1_document(
                    lang=lang, year=cycle.year, body=names, rows=pub.rows, as_of=as_of
                )
            elif pub.kind == "annex2":
                doc = annexes.annex2_document(
                    lang=lang, year=cycle.year, body=names, rows=pub.rows, as_of=as_of
                )
            else:
                doc = annexes.annex3_document(
                    lang=lang,
                    year=cycle.year,
                    body=names,
                    groups=_groups(EditionArea, cycle.edition_id, pub.rows),
                    as_of=as_of,
                )
            for fmt in annexes.FORMATS:
                content, media_type = annexes.render(doc, fmt)
                seq += 1
                sha = hashlib.sha256(content).hexdigest()
                key = f"formation.cycle:{cycle.pk}"
                entry = LedgerEntry(
                    seq=seq,
                    kind=pub.kind,
                    content_type=ct,
                    object_id=cycle.pk,
                    object_key=key,
                    object_label=f"{names[f'name_{lang}'] or body.name_ru} · {cycle.year}"[:300],
                    organisation_id=body.pk,
                    language=lang,
                    format=fmt,
                    version=pub.version,
                    content=content,
                    media_type=media_type,
                    filename=f"{STEMS[pub.kind]}_{cycle.year}_{body.pk}_v{pub.version}_{lang}.{fmt}",
                    size=len(content),
                    sha256=sha,
                    previous_sha256=previous,
                    published_at=pub.published_at,
                    published_by_id=pub.published_by_id,
                )
                entry.entry_sha256 = entry_hash(
                    seq=seq,
                    kind=pub.kind,
                    object_key=key,
                    language=lang,
                    format=fmt,
                    sha256=sha,
                    previous_sha256=previous,
                    published_at=pub.published_at,
                )
                entry.save(force_insert=True)
                previous = entry.entry_sha256


def backwards(apps, schema_editor):
    """The ledger entries stay (nothing published is deleted); the rows are still here."""


class Migration(migrations.Migration):
    dependencies = [
        ("formation", "0001_initial"),
        ("publishing", "0001_ledger"),
        ("core", "0005_reference_data_history"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.AlterModelOptions(
            name="publication",
            options={
                "ordering": ["cycle", "kind", "-version"],
                "verbose_name": "published annex",
                "verbose_name_plural": "published annexes",
            },
        ),
        migrations.AlterField(  # so that a reverse can re-add the column to existing rows
            model_name="publication",
            name="sha256",
            field=models.CharField(default="", max_length=64),
        ),
        migrations.RemoveField(model_name="publication", name="sha256"),
        migrations.AlterField(
            model_name="publication",
            name="cycle",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="publications",
                to="formation.cycle",
            ),
        ),
    ]

"""X-I18N (issue 13): a lot's Kazakh name and its description in both languages are required;
an activity's text and an indicator's name of a contract are kept in Kazakh and Russian.

Existing rows: the single activity text / indicator name moves into the `_ru` field and is
copied into `_kk` as well (nothing better exists, and a registered contract's lines are not
edited). A lot without a Kazakh name or description gets a copy of the other language's text
so that the rows stay valid; a body can correct it.
"""

import tapsyrys.core.fields
from django.db import migrations, models
from django.db.models import F


def copy_forward(apps, schema_editor):
    Lot = apps.get_model("contracting", "Lot")
    Activity = apps.get_model("contracting", "Activity")
    Indicator = apps.get_model("contracting", "Indicator")
    Lot.objects.filter(name_kk="").update(name_kk=F("name_ru"))
    Lot.objects.filter(description_kk="").update(description_kk=F("description_ru"))
    Lot.objects.filter(description_ru="").update(description_ru=F("description_kk"))
    Activity.objects.filter(text_kk="").update(text_kk=F("text_ru"))
    Indicator.objects.filter(name_kk="").update(name_kk=F("name_ru"))


class Migration(migrations.Migration):

    dependencies = [
        ("contracting", "0005_reports_service_act"),
    ]

    operations = [
        migrations.RenameField(model_name="activity", old_name="text", new_name="text_ru"),
        migrations.AlterField(
            model_name="activity",
            name="text_ru",
            field=models.CharField(blank=True, max_length=1000, verbose_name="activity (Russian)"),
        ),
        migrations.AddField(
            model_name="activity",
            name="text_kk",
            field=models.CharField(blank=True, max_length=1000, verbose_name="activity (Kazakh)"),
        ),
        migrations.RenameField(model_name="indicator", old_name="name", new_name="name_ru"),
        migrations.AlterField(
            model_name="indicator",
            name="name_ru",
            field=models.CharField(blank=True, max_length=500, verbose_name="indicator (Russian)"),
        ),
        migrations.AddField(
            model_name="indicator",
            name="name_kk",
            field=models.CharField(blank=True, max_length=500, verbose_name="indicator (Kazakh)"),
        ),
        migrations.RunPython(copy_forward, migrations.RunPython.noop),
    ] + [
        migrations.AlterField(model_name=model, name=name, field=field)
        for model in ("lot", "historicallot")
        for name, field in (
            ("name_kk", models.CharField(max_length=1000, verbose_name="name (Kazakh)")),
            (
                "description_kk",
                tapsyrys.core.fields.BoundedTextField(
                    max_length=4000, verbose_name="description (Kazakh)"
                ),
            ),
            (
                "description_ru",
                tapsyrys.core.fields.BoundedTextField(
                    max_length=4000, verbose_name="description (Russian)"
                ),
            ),
        )
    ]

"""X-I18N (issue 13): a topic's justification, target group, expected result and summary and an
evidence's title in Kazakh and Russian.

The single value of each row moves into the `_ru` field (the texts were written in Russian).
The `_kk` field gets a copy of it where nothing better exists and the row can no longer be
edited: every evidence title (the register has no edit) and the topics of cycles already past
the planning stage (their annexes are published). A topic still being planned keeps an empty
Kazakh text: the body writes it, and publishing refuses the topics until it does.
"""

import tapsyrys.core.fields
from django.db import migrations, models
from django.db.models import F


def copy_forward(apps, schema_editor):
    Topic = apps.get_model("formation", "Topic")
    Evidence = apps.get_model("formation", "Evidence")
    Evidence.objects.filter(title_kk="").update(title_kk=F("title_ru"))
    published = Topic.objects.exclude(cycle__stage="planning")
    for name in ("justification", "target_group", "expected_result", "summary"):
        published.filter(**{f"{name}_kk": ""}).update(**{f"{name}_kk": F(f"{name}_ru")})


class Migration(migrations.Migration):

    dependencies = [
        ("formation", "0007_publication_kind_evaluation_annexes"),
    ]

    operations = [
        migrations.RenameField(model_name='topic', old_name='justification', new_name='justification_ru'),
        migrations.AlterField(
            model_name='topic',
            name='justification_ru',
            field=tapsyrys.core.fields.BoundedTextField(blank=True, max_length=4000, verbose_name='justification (Russian)'),
        ),
        migrations.AddField(
            model_name='topic',
            name='justification_kk',
            field=tapsyrys.core.fields.BoundedTextField(blank=True, max_length=4000, verbose_name='justification (Kazakh)'),
        ),
        migrations.RenameField(model_name='topic', old_name='target_group', new_name='target_group_ru'),
        migrations.AlterField(
            model_name='topic',
            name='target_group_ru',
            field=models.CharField(blank=True, max_length=500, verbose_name='target population group (Russian)'),
        ),
        migrations.AddField(
            model_name='topic',
            name='target_group_kk',
            field=models.CharField(blank=True, max_length=500, verbose_name='target population group (Kazakh)'),
        ),
        migrations.RenameField(model_name='topic', old_name='expected_result', new_name='expected_result_ru'),
        migrations.AlterField(
            model_name='topic',
            name='expected_result_ru',
            field=tapsyrys.core.fields.BoundedTextField(blank=True, max_length=4000, verbose_name='expected result (Russian)'),
        ),
        migrations.AddField(
            model_name='topic',
            name='expected_result_kk',
            field=tapsyrys.core.fields.BoundedTextField(blank=True, max_length=4000, verbose_name='expected result (Kazakh)'),
        ),
        migrations.RenameField(model_name='topic', old_name='summary', new_name='summary_ru'),
        migrations.AlterField(
            model_name='topic',
            name='summary_ru',
            field=tapsyrys.core.fields.BoundedTextField(blank=True, max_length=4000, verbose_name='summary of the project (Russian)'),
        ),
        migrations.AddField(
            model_name='topic',
            name='summary_kk',
            field=tapsyrys.core.fields.BoundedTextField(blank=True, max_length=4000, verbose_name='summary of the project (Kazakh)'),
        ),
        migrations.RenameField(model_name='historicaltopic', old_name='justification', new_name='justification_ru'),
        migrations.AlterField(
            model_name='historicaltopic',
            name='justification_ru',
            field=tapsyrys.core.fields.BoundedTextField(blank=True, max_length=4000, verbose_name='justification (Russian)'),
        ),
        migrations.AddField(
            model_name='historicaltopic',
            name='justification_kk',
            field=tapsyrys.core.fields.BoundedTextField(blank=True, max_length=4000, verbose_name='justification (Kazakh)'),
        ),
        migrations.RenameField(model_name='historicaltopic', old_name='target_group', new_name='target_group_ru'),
        migrations.AlterField(
            model_name='historicaltopic',
            name='target_group_ru',
            field=models.CharField(blank=True, max_length=500, verbose_name='target population group (Russian)'),
        ),
        migrations.AddField(
            model_name='historicaltopic',
            name='target_group_kk',
            field=models.CharField(blank=True, max_length=500, verbose_name='target population group (Kazakh)'),
        ),
        migrations.RenameField(model_name='historicaltopic', old_name='expected_result', new_name='expected_result_ru'),
        migrations.AlterField(
            model_name='historicaltopic',
            name='expected_result_ru',
            field=tapsyrys.core.fields.BoundedTextField(blank=True, max_length=4000, verbose_name='expected result (Russian)'),
        ),
        migrations.AddField(
            model_name='historicaltopic',
            name='expected_result_kk',
            field=tapsyrys.core.fields.BoundedTextField(blank=True, max_length=4000, verbose_name='expected result (Kazakh)'),
        ),
        migrations.RenameField(model_name='historicaltopic', old_name='summary', new_name='summary_ru'),
        migrations.AlterField(
            model_name='historicaltopic',
            name='summary_ru',
            field=tapsyrys.core.fields.BoundedTextField(blank=True, max_length=4000, verbose_name='summary of the project (Russian)'),
        ),
        migrations.AddField(
            model_name='historicaltopic',
            name='summary_kk',
            field=tapsyrys.core.fields.BoundedTextField(blank=True, max_length=4000, verbose_name='summary of the project (Kazakh)'),
        ),
        migrations.RenameField(model_name='evidence', old_name='title', new_name='title_ru'),
        migrations.AlterField(
            model_name='evidence',
            name='title_ru',
            field=models.CharField(blank=True, max_length=500, verbose_name='title (Russian)'),
        ),
        migrations.AddField(
            model_name='evidence',
            name='title_kk',
            field=models.CharField(blank=True, max_length=500, verbose_name='title (Kazakh)'),
        ),
        migrations.RenameField(model_name='historicalevidence', old_name='title', new_name='title_ru'),
        migrations.AlterField(
            model_name='historicalevidence',
            name='title_ru',
            field=models.CharField(blank=True, max_length=500, verbose_name='title (Russian)'),
        ),
        migrations.AddField(
            model_name='historicalevidence',
            name='title_kk',
            field=models.CharField(blank=True, max_length=500, verbose_name='title (Kazakh)'),
        ),
        migrations.RunPython(copy_forward, migrations.RunPython.noop),
    ]

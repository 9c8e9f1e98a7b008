# Accounts move to core (issue 12): core takes over contracting's EmailConfirmation and Invitation
# tables (state only, the rows stay where they are, ids and e-mailed links stay valid), renames
# them to core's names, and invitations learn which role they grant (every existing one: ngo).

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_reference_data_history"),
        ("contracting", "0003_accounts_move_to_core"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="EmailConfirmation",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("email", models.EmailField(max_length=254, verbose_name="e-mail")),
                        ("sent_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="sent at")),
                        ("confirmed_at", models.DateTimeField(blank=True, null=True, verbose_name="confirmed at")),
                        ("user", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="email_confirmation", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "verbose_name": "e-mail confirmation",
                        "verbose_name_plural": "e-mail confirmations",
                        "db_table": "contracting_emailconfirmation",
                    },
                ),
                migrations.CreateModel(
                    name="Invitation",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("email", models.EmailField(max_length=254, verbose_name="e-mail")),
                        ("full_name", models.CharField(max_length=200, verbose_name="full name")),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="invited at")),
                        ("accepted_at", models.DateTimeField(blank=True, null=True, verbose_name="accepted at")),
                        ("invited_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("organisation", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="invitations", to="core.organisation")),
                        ("user", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "verbose_name": "invitation",
                        "verbose_name_plural": "invitations",
                        "ordering": ["-created_at"],
                        "db_table": "contracting_invitation",
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("accepted_at__isnull", True)),
                                fields=("organisation", "email"),
                                name="invitation_open_once",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="emailconfirmation", table=None),
        migrations.AlterModelTable(name="invitation", table=None),
        migrations.AddField(
            model_name="invitation",
            name="role",
            field=models.CharField(
                choices=[
                    ("public", "public"),
                    ("citizen", "citizen"),
                    ("ngo", "NGO member"),
                    ("state_body", "state body staff"),
                    ("authorized_body", "authorized body staff"),
                    ("expert", "independent expert"),
                    ("council_member", "expert council member"),
                    ("grant_operator", "grant operator staff"),
                    ("admin", "system administrator"),
                ],
                default="ngo",
                max_length=20,
                verbose_name="role",
            ),
        ),
    ]

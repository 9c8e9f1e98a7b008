# Accounts move to core (issue 12): EmailConfirmation and Invitation leave contracting's state;
# their tables stay and are taken over (and renamed) by core.0006_accounts_from_contracting.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("contracting", "0002_import_job_history")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveConstraint(model_name="invitation", name="invitation_open_once"),
                migrations.DeleteModel(name="EmailConfirmation"),
                migrations.DeleteModel(name="Invitation"),
            ],
            database_operations=[],
        )
    ]

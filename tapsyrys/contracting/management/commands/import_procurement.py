import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tapsyrys.contracting.importer import run_import
from tapsyrys.core.models import Organisation


class Command(BaseCommand):
    help = (
        "Import lots and contracts from a CSV/XLSX export of the public procurement portal "
        "(X-IMPORT). All-or-nothing; importing the same file twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV or XLSX file")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument(
            "--body",
            required=True,
            help="BIN of the importing organisation (a state body, or the authorized body for all)",
        )

    def handle(self, *args, file, dry_run, body, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        org = Organisation.objects.filter(
            bin=body, kind__in=[Organisation.Kind.STATE_BODY, Organisation.Kind.AUTHORIZED_BODY]
        ).first()
        if org is None:
            raise CommandError(f"No state body or authorized body with BIN {body}")
        started = time.monotonic()
        show = self.stdout.isatty() if hasattr(self.stdout, "isatty") else sys.stdout.isatty()

        def progress(done, total):
            width = 40
            filled = int(width * done / total) if total else width
            line = f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} rows"
            self.stdout.write(line, ending="")
            if show:
                self.stdout.flush()

        result = run_import(
            data=path.read_bytes(),
            filename=path.name,
            organisation=org,
            dry_run=dry_run,
            progress=progress,
            today=timezone.localdate(),
        )
        self.stdout.write("")
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"rows: {result.rows}  created: {result.created}  updated: {result.updated}  "
            f"({elapsed:.1f}s, {result.rows / elapsed if elapsed else 0:,.0f} rows/s)"
        )
        for error in result.errors:
            self.stdout.write(f"row {error['row']}, {error['column'] or '-'}: {error['message']}")
        if result.error_count:
            raise CommandError(f"{result.error_count} errors: nothing has been imported.")
        if result.written:
            # run_import recorded the business event with the rows (X-AUDIT)
            self.stdout.write(self.style.SUCCESS("Imported."))
        elif dry_run:
            self.stdout.write(self.style.SUCCESS("Dry run: no errors, nothing written."))
        else:
            self.stdout.write(self.style.SUCCESS("Nothing to change."))

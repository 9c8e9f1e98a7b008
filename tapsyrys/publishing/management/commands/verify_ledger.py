"""`manage.py verify_ledger`: recompute the public ledger (documents' SHA-256, entry hashes,
links, the sequence). One line per break; exit status 1 on any break."""

from django.core.management.base import BaseCommand, CommandError

from tapsyrys.publishing.selectors import verify_ledger


class Command(BaseCommand):
    help = "Recompute every published document's SHA-256 and the hash chain of the ledger."

    def handle(self, *args, **options):
        result = verify_ledger()
        for problem in result.breaks:
            self.stderr.write(str(problem))
        if not result.ok:
            raise CommandError(
                f"ledger broken: {len(result.breaks)} problem(s) in {result.entries} entries",
                returncode=1,
            )
        if not result.entries:
            self.stdout.write("ledger ok: empty (nothing published yet)")
            return
        self.stdout.write(
            f"ledger ok: {result.entries} entries, sequence 1..{result.entries} without gaps, "
            f"head {result.head}"
        )

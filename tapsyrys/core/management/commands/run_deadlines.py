from django.core.management.base import BaseCommand

from tapsyrys.core.tasks import run_deadlines


class Command(BaseCommand):
    help = (
        "Run the daily deadline job without Celery: handle every due item past due, then "
        "deliver pending notifications (safe to run more than once, or twice at once)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", help="ISO moment to run as (default: now)")

    def handle(self, *args, now=None, **options):
        report = run_deadlines.run(now)
        for key, count in sorted(report.items()):
            self.stdout.write(f"{key}: {count}")

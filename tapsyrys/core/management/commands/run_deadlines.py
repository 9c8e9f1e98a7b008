from django.core.management.base import BaseCommand

from tapsyrys.core.tasks import run_deadlines


class Command(BaseCommand):
    help = "Run the daily deadline job without Celery (safe to run more than once a day)."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="ISO moment to run as (default: now)")

    def handle(self, *args, now=None, **options):
        report = run_deadlines(now)
        for key, count in sorted(report.items()):
            self.stdout.write(f"{key}: {count}")

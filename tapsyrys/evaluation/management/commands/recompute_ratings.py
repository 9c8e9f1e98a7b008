import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from tapsyrys.evaluation.services.rating import recompute_ratings


class Command(BaseCommand):
    help = "Recompute every NGO's rating for every year (E-8), set-based; safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="the day to rate as, YYYY-MM-DD (default: today)")

    def handle(self, *args, today=None, **options):
        day = None
        if today:
            try:
                day = dt.date.fromisoformat(today)
            except ValueError:
                raise CommandError("--today must be a date, YYYY-MM-DD") from None
        count = recompute_ratings(today=day, actor_label="manage.py recompute_ratings")
        self.stdout.write(f"ratings: {count}")

import datetime as dt
import random
import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone, translation

from tapsyrys.core import due
from tapsyrys.core.demo import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, MINISTRY_BIN_PREFIX
from tapsyrys.core.extensions import app_modules
from tapsyrys.core.models import Organisation, Role, User


class DemoContext:
    """What each app's demo.seed(ctx) gets: the scale, a seeded RNG, today, shared objects."""

    def __init__(self, scale, stdout, today):
        self.scale = scale
        self.national = scale == "national"
        self.rng = random.Random(2026)
        self.stdout = stdout
        self.today = today
        self.now = timezone.now()
        self.objects = {}
        self.accounts = []


class Command(BaseCommand):
    help = "Create realistic demo data (idempotent: does nothing on a seeded database)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["demo", "national"], default="demo")
        parser.add_argument("--today", help="YYYY-MM-DD to build the data around (default today)")

    def handle(self, *args, scale, today=None, **options):
        if Organisation.objects.filter(bin__startswith=MINISTRY_BIN_PREFIX).exists():
            self.stdout.write("Demo data is already there; nothing to do.")
            self.print_accounts()
            return
        today = dt.date.fromisoformat(today) if today else timezone.localdate()
        ctx = DemoContext(scale, self.stdout, today)
        with transaction.atomic():
            for module in app_modules("demo"):
                started = time.monotonic()
                module.seed(ctx)
                self.stdout.write(f"  {module.__name__}: {time.monotonic() - started:.1f}s")
            # Rows the seed wrote in bulk get their due items now, not at the first daily job.
            due.sync(now=timezone.now())
        self.print_accounts()

    def print_accounts(self):
        """Every demo account with its roles and organisation, in English for the console."""
        users = (
            User.objects.filter(email__endswith=DEMO_EMAIL_DOMAIN)
            .select_related("organisation")
            .prefetch_related("role_assignments")
            .order_by("pk")
        )
        self.stdout.write(
            self.style.SUCCESS(f"\nDemo accounts (password for all: {DEMO_PASSWORD}):")
        )
        with translation.override("en"):
            for user in users:
                roles = ", ".join(str(Role(a.role).label) for a in user.role_assignments.all())
                org = user.organisation.short_name if user.organisation else ""
                self.stdout.write(f"  {user.username:<10} {roles:<24} {org}")
        self.stdout.write("\nOpen http://127.0.0.1:8000 and sign in.\n")

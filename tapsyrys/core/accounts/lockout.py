"""Sign-in lockout (django-axes) by username and address, and by address alone against
password spraying (issue 7).

Axes compares one number, AXES_FAILURE_LIMIT, with the failures of each lockout parameter
set. Here the sets are `[["username", "ip_address"], "ip_address"]`: one username from one
address is locked after AXES_FAILURE_LIMIT failures (5), one address after
TAPSYRYS_SIGNIN_IP_FAILURE_LIMIT failures over any usernames (30, so an office behind one
NAT address is not locked by a few typing errors). The address-only failures are scaled onto
axes' one limit: `ip_failures * AXES_FAILURE_LIMIT // TAPSYRYS_SIGNIN_IP_FAILURE_LIMIT`."""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum


def spray_scaled(ip_failures, failure_limit, ip_failure_limit):
    """The address-only failures on the scale of axes' one limit (a pure function)."""
    if ip_failure_limit <= 0:
        return 0
    return ip_failures * failure_limit // ip_failure_limit


class SprayAwareHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None):
        sums = [
            qs.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for qs in self.get_user_attempts(request, credentials)
        ]
        if not sums:
            return 0
        per_user = sums[0]
        per_address = sums[1] if len(sums) > 1 else 0
        scaled = spray_scaled(
            per_address,
            get_failure_limit(request, credentials),
            settings.TAPSYRYS_SIGNIN_IP_FAILURE_LIMIT,
        )
        return max(per_user, scaled)

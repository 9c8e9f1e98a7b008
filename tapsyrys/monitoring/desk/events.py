"""Monitoring plans on "My desk": the running contracts whose plan for this year has fewer than
2 events (M-1), linking to the plan list filtered to exactly those contracts. One query."""

from django.urls import reverse
from django.utils.translation import gettext as _

from tapsyrys.calendar.rules import local_date
from tapsyrys.contracting.permissions import is_body_user
from tapsyrys.core.permissions import is_authorized_body
from tapsyrys.monitoring.access import is_expert
from tapsyrys.monitoring.rules import events as rules
from tapsyrys.monitoring.selectors import events as selectors


def cards(request, *, now):
    user = request.user
    if not (is_body_user(user) or is_expert(user) or is_authorized_body(user)):
        return []
    year = local_date(now).year
    below = selectors.below_minimum_count(user, year=year)
    return [
        {
            "title": _("Monitoring plans"),
            "order": 30,
            "items": [
                {
                    "key": "monitoring.plans_below_minimum",
                    "label": _("Contracts with fewer than %(n)s monitoring events in %(year)s")
                    % {"n": rules.MIN_EVENTS, "year": year},
                    "value": below,
                    "url": f"{reverse('monitoring:plans')}?year={year}&below=1",
                    "tone": "bad" if below else "ok",
                    "hint": _("§9: at least 2 and at most 5 events per calendar year"),
                }
            ],
        }
    ]

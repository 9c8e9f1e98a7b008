"""Contracting on "My desk": the NGO's contracts and reports, the body's contracts and incoming
reports, the authorized body's verification queue.

`cards(request, *, now)` → cards of the portal's dashboard (see docs/DEVELOPING.md). Numbers
come from the scoped selectors `ngo_desk_counts`, `body_desk_counts` and
`verification_desk_count` (one or two queries each).
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from tapsyrys.calendar.rules import local_date

from . import selectors
from .models import Contract
from .permissions import email_confirmed, is_ngo_user


def cards(request, *, now):
    user = request.user
    today = local_date(now)
    result = []
    if is_ngo_user(user):
        result.append(_ngo_card(user, today))
    body = selectors.body_desk_counts(user, now=now, today=today)
    if body is not None:
        result.extend(_body_cards(body))
    waiting = selectors.verification_desk_count(user)
    if waiting is not None:
        result.append(
            {
                "title": _("NGO verification"),
                "order": 25,
                "items": [
                    {
                        "key": "contracting.verification",
                        "label": _("NGOs awaiting verification"),
                        "value": waiting,
                        "url": reverse("contracting:verification"),
                        "tone": "warn" if waiting else "ok",
                    }
                ],
            }
        )
    return result


def _ngo_card(user, today):
    contracts = reverse("contracting:contracts")
    if not email_confirmed(user):
        return {
            "title": _("My NGO"),
            "order": 5,
            "items": [
                {
                    "key": "contracting.email_unconfirmed",
                    "label": _("Confirm your e-mail address to work for your NGO"),
                    "value": _("not confirmed"),
                    "url": reverse("contracting:my_ngo"),
                    "tone": "bad",
                }
            ],
        }
    counts = selectors.ngo_desk_counts(user, today=today)
    # each card opens the list of exactly what it counts (issue 13)
    stages = reverse("contracting:report_stages")
    return {
        "title": _("My contracts"),
        "order": 20,
        "items": [
            {
                "key": "contracting.active_contracts",
                "label": _("Active contracts"),
                "value": counts["active"],
                "url": f"{contracts}?status={Contract.Status.ACTIVE}",
                "tone": "",
            },
            {
                "key": "contracting.reports_due_soon",
                "label": _("Reports due within %(days)s days")
                % {"days": selectors.REPORT_SOON_DAYS},
                "value": counts["due_soon"],
                "url": f"{stages}?show=due_soon",
                "tone": "warn" if counts["due_soon"] else "",
            },
            {
                "key": "contracting.reports_missing",
                "label": _("Overdue reports, not submitted"),
                "value": counts["missing"],
                "url": f"{stages}?show=missing",
                "tone": "bad" if counts["missing"] else "ok",
            },
            {
                "key": "contracting.report_drafts",
                "label": _("Report drafts not submitted"),
                "value": counts["drafts"],
                "url": f"{stages}?show=drafts",
                "tone": "warn" if counts["drafts"] else "",
            },
        ],
    }


def _body_cards(counts):
    contracts = reverse("contracting:contracts")
    reports = reverse("contracting:reports")
    by_status = counts["by_status"]
    status_items = [
        {
            "key": f"contracting.contracts_{status}",
            "label": _("Contracts: %(status)s") % {"status": label},
            "value": by_status.get(status, 0),
            "url": f"{contracts}?status={status}",
            "tone": "",
        }
        for status, label in Contract.Status.choices
        if by_status.get(status) or status == Contract.Status.ACTIVE
    ]
    return [
        {"title": _("Contracts of my body"), "order": 20, "items": status_items},
        {
            "title": _("Stage reports"),
            "order": 21,
            "items": [
                {
                    "key": "contracting.reports_received",
                    "label": _("Received in the last %(days)s days")
                    % {"days": selectors.RECENT_REPORT_DAYS},
                    "value": counts["received"],
                    "url": f"{reports}?received=recent",
                    "tone": "",
                },
                {
                    "key": "contracting.reports_missing",
                    "label": _("Missing reports (past their due date)"),
                    "value": counts["missing"],
                    "url": f"{reverse('contracting:report_stages')}?show=missing",
                    "tone": "bad" if counts["missing"] else "ok",
                },
            ],
        },
    ]

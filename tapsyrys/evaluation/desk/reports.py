"""Evaluation reports on "My desk" (E-5): the body's projects whose evaluation it may close
(a sheet counts) and its Annex 8 reports still to post (overdue ones in red). Counts from
`selectors.reports.body_desk_counts` (one query)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from tapsyrys.contracting.permissions import is_body_user

from ..selectors import reports as selectors


def cards(request, *, now):
    user = request.user
    if not is_body_user(user):
        return []
    counts = selectors.body_desk_counts(user.organisation_id, now=now)
    if not (counts["to_post"] or counts["overdue"]):
        return []
    return [
        {
            "title": _("Evaluation reports (Annex 8)"),
            "order": 41,
            "items": [
                {
                    "key": "evaluation.reports.to_post",
                    "label": _("Annex 8 reports to post on the portal"),
                    "value": counts["to_post"],
                    "url": reverse("evaluation:reports") + "?show=to_post",
                    "tone": "bad" if counts["overdue"] else "warn",
                    "hint": _("%(n)s of them overdue (3 working days, §19)")
                    % {"n": counts["overdue"]},
                }
            ],
        }
    ]

"""Experts on "My desk": the expert's projects and notices to sign; the body's projects above
500 MCI still without an expert. Each item links to a list of exactly those items."""

from django.urls import reverse
from django.utils.translation import gettext as _

from tapsyrys.monitoring.access import is_expert
from tapsyrys.monitoring.selectors import experts as selectors


def cards(request, *, now):
    user = request.user
    result = []
    if is_expert(user):
        counts = selectors.expert_desk_counts(user)
        desk = reverse("monitoring:expert_desk")
        result.append(
            {
                "title": _("Independent expert"),
                "order": 30,
                "items": [
                    {
                        "key": "monitoring.expert.assigned",
                        "label": _("Projects assigned to me"),
                        "value": counts["assigned"],
                        "url": f"{desk}?show=assigned",
                        "tone": "",
                    },
                    {
                        "key": "monitoring.expert.drafts",
                        "label": _("Notices to sign"),
                        "value": counts["drafts"],
                        "url": f"{desk}?show=drafts",
                        "tone": "warn" if counts["drafts"] else "ok",
                    },
                    {
                        "key": "monitoring.expert.open",
                        "label": _("Projects waiting for an expert"),
                        "value": counts["open"],
                        "url": f"{desk}?show=open",
                        "tone": "",
                    },
                ],
            }
        )
    body = selectors.body_desk_counts(user)
    if body is not None and body["waiting"]:
        result.append(
            {
                "title": _("Independent experts"),
                "order": 31,
                "items": [
                    {
                        "key": "monitoring.needs_expert",
                        "label": _("Projects needing an expert, not yet assigned"),
                        "value": body["waiting"],
                        "url": reverse("monitoring:needs_expert"),
                        "tone": "bad",
                        "hint": _("%(n)s of them have a signed Annex 4 notice")
                        % {"n": body["with_notices"]},
                    }
                ],
            }
        )
    return result

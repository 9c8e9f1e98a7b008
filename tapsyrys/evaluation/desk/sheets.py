"""Evaluation on "My desk": a council member's projects to score; a body's (the authorized
body: every body's) projects waiting for their evaluation, with those overdue and those
without a council. Each item links to the list of exactly those items."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from tapsyrys.contracting.permissions import is_body_user
from tapsyrys.core.permissions import is_authorized_body, is_signed_in
from tapsyrys.evaluation.models import AssessmentSheet, CouncilMember
from tapsyrys.evaluation.selectors import sheets as selectors


def _member_counts(user):
    """{"open": projects of my councils in evaluation, "signed": my signed sheets on them}."""
    open_evaluations = selectors.evaluations_for_member(user).filter(status="open")
    counts = open_evaluations.aggregate(open=Count("pk"))
    counts["signed"] = AssessmentSheet.objects.filter(
        member__in=CouncilMember.objects.filter(user=user).values("pk"),
        evaluation__in=open_evaluations.values("pk"),
        signed_at__isnull=False,
    ).count()
    return counts


def cards(request, *, now):
    user = request.user
    if not is_signed_in(user):
        return []
    result = []
    if user.council_memberships.exists():
        counts = _member_counts(user)
        to_score = max(counts["open"] - counts["signed"], 0)
        result.append(
            {
                "title": _("Expert council"),
                "order": 40,
                "items": [
                    {
                        "key": "evaluation.my.to_score",
                        "label": _("Projects in evaluation not yet scored by me"),
                        "value": to_score,
                        "url": reverse("evaluation:my"),
                        "tone": "warn" if to_score else "ok",
                    }
                ],
            }
        )
    if is_body_user(user) or is_authorized_body(user):
        counts = selectors.pending_counts(user, now=now)
        if counts["open"]:
            result.append(
                {
                    "title": _("Evaluation of results"),
                    "order": 41,
                    "items": [
                        {
                            "key": "evaluation.pending",
                            "label": _("Ended projects not evaluated"),
                            "value": counts["open"],
                            "url": reverse("evaluation:pending"),
                            "tone": "bad" if counts["overdue"] else "warn",
                            "hint": _("%(overdue)s overdue; %(none)s waiting for a council")
                            % {"overdue": counts["overdue"], "none": counts["no_council"]},
                        }
                    ],
                }
            )
    return result

"""Expert councils on "My desk": the body's councils whose window closed and whose composition
is not formed yet, and those awaiting the record of their approval; a member's Annex 6 notices
to file or sign. Counts in one aggregate query each (constant)."""

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from tapsyrys.contracting.permissions import is_body_user
from tapsyrys.core.due import DueItem
from tapsyrys.evaluation.models import CouncilMember, ExpertCouncil, MemberNotice


def _body_counts(user, now):
    closed = DueItem.objects.filter(
        kind="evaluation.council_window",
        object_id=OuterRef("pk"),
        due_at__lt=now,
    )
    return ExpertCouncil.objects.filter(body_id=user.organisation_id).aggregate(
        to_form=Count("pk", filter=Q(status="announced") & Q(Exists(closed))),
        open=Count("pk", filter=Q(status="announced") & ~Q(Exists(closed))),
        to_approve=Count("pk", filter=Q(status="preliminary")),
    )


def _member_counts(user):
    signed = MemberNotice.objects.filter(member=OuterRef("pk"), signed_at__isnull=False)
    drafts = MemberNotice.objects.filter(member=OuterRef("pk"), signed_at__isnull=True)
    return CouncilMember.objects.filter(user=user).aggregate(
        memberships=Count("pk"),
        unsigned=Count("pk", filter=~Q(Exists(signed))),
        drafts=Count("pk", filter=Q(Exists(drafts))),
    )


def cards(request, *, now):
    user = request.user
    if not getattr(user, "is_authenticated", False):
        return []
    result = []
    if is_body_user(user):
        c = _body_counts(user, now)
        if c["to_form"] or c["to_approve"] or c["open"]:
            url = reverse("evaluation:councils") + f"?body={user.organisation_id}"
            result.append(
                {
                    "title": _("Expert council"),
                    "order": 40,
                    "items": [
                        {"key": "evaluation.council.open", "label": _("Self-nomination open"),
                         "value": c["open"], "url": url, "tone": ""},
                        {"key": "evaluation.council.to_form",
                         "label": _("Window closed: form the composition"),
                         "value": c["to_form"], "url": url,
                         "tone": "warn" if c["to_form"] else "ok",
                         "hint": _("§16: 10 calendar days after the announcement")},
                        {"key": "evaluation.council.to_approve",
                         "label": _("Composition awaiting the approval"),
                         "value": c["to_approve"], "url": url,
                         "tone": "warn" if c["to_approve"] else "ok"},
                    ],
                }
            )  # fmt: skip
    m = _member_counts(user)
    if m["memberships"]:
        result.append(
            {
                "title": _("Expert council member"),
                "order": 41,
                "items": [
                    {"key": "evaluation.notice.missing",
                     "label": _("Councils without my signed Annex 6 notice"),
                     "value": m["unsigned"], "url": reverse("evaluation:my_councils"),
                     "tone": "bad" if m["unsigned"] else "ok"},
                    {"key": "evaluation.notice.drafts", "label": _("Annex 6 notices to sign"),
                     "value": m["drafts"], "url": reverse("evaluation:my_councils"),
                     "tone": "warn" if m["drafts"] else "ok"},
                ],
            }
        )  # fmt: skip
    return result

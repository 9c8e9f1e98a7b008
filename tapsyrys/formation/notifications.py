"""Who is told about formation's business events, and what (X-NOTIFY).

Each handler receives a batch of occurrences (`o.obj`, `o.event`) and loads recipients
set-based; texts are lazy or callables, rendered in each recipient's language.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tapsyrys.core.events import Notice, notification, users_of_many
from tapsyrys.core.models import Organisation, Role, User


def _authorized_users():
    return list(
        User.objects.filter(
            is_active=True,
            organisation__kind=Organisation.Kind.AUTHORIZED_BODY,
            role_assignments__role=Role.AUTHORIZED_BODY,
        ).distinct()
    )


def _body_users(cycles):
    return users_of_many({c.body_id for c in cycles}, Role.STATE_BODY)


@notification("formation.comment.posted")
def comment_posted(occurrences):
    users = _body_users(o.obj.cycle for o in occurrences)
    for o in occurrences:
        comment = o.obj
        yield Notice(
            o,
            recipients=users[comment.cycle.body_id],
            subject=gettext_lazy("A new comment on your planned topics"),
            body=gettext_lazy("Decide on it within 3 working days after the discussion ends."),
            url=reverse("formation:comments", args=[comment.cycle_id]),
        )


@notification("formation.comment.decided")
@notification("formation.comment.redecided")
def comment_decided(occurrences):
    for o in occurrences:
        comment = o.obj
        if comment.author_user_id is None:
            continue
        yield Notice(
            o,
            recipients=[comment.author_user],
            key=f"formation.comment.decided:{comment.pk}:{comment.decision_version}",
            subject=gettext_lazy("The state body decided on your comment"),
            body=lambda c=comment: (
                str(c.get_outcome_display()) + (f": {c.justification}" if c.justification else "")
            ),
            # the author's own page, at this comment (decision and justification)
            url=reverse("formation:my_comments") + f"#comment-{comment.pk}",
        )


@notification("formation.annex3.submitted")
def annex3_submitted(occurrences):
    users = _authorized_users()
    for o in occurrences:
        cycle = o.obj
        yield Notice(
            o,
            recipients=users,
            subject=lambda c=cycle: (
                _("Information (Annex 3) received from %(body)s") % {"body": c.body}
            ),
            body=gettext_lazy("Record the council's recommendations on each topic."),
            url=reverse("formation:cycle", args=[cycle.pk]),
        )


@notification("formation.topic.recommended")
def topic_recommended(occurrences):
    users = _body_users(o.obj.cycle for o in occurrences)
    for o in occurrences:
        topic = o.obj
        yield Notice(
            o,
            recipients=users[topic.cycle.body_id],
            key=f"formation.topic.recommended:{topic.pk}:{topic.recommended_at:%Y%m%d%H%M%S%f}",
            subject=gettext_lazy("The council's recommendation on a topic was recorded"),
            body=lambda t=topic: f"{t.number}. {t.theme} — {t.get_recommendation_display()}",
            url=reverse("formation:cycle", args=[topic.cycle_id]),
        )


@notification("formation.annex3.published")
def annex3_published(occurrences):
    users = _authorized_users()
    for o in occurrences:
        cycle = o.obj
        yield Notice(
            o,
            recipients=users,
            subject=lambda c=cycle: (
                _("Approved Information (Annex 3) of %(body)s") % {"body": c.body}
            ),
            body=gettext_lazy("The budget was approved and the Information was published."),
            url=reverse("formation:cycle", args=[cycle.pk]),
        )


@notification("formation.decisions.overdue")
def decisions_overdue(occurrences):
    users = _body_users(o.obj for o in occurrences)
    for o in occurrences:
        cycle = o.obj
        pending = o.event.data.get("pending", 0)
        yield Notice(
            o,
            recipients=users[cycle.body_id],
            subject=gettext_lazy("Decisions on comments are overdue"),
            body=lambda n=pending: (
                _("%(n)d comments are still not decided; the 3 working days have passed (§7.2).")
                % {"n": n}
            ),
            url=reverse("formation:comments", args=[cycle.pk]),
        )


@notification("formation.annex3.late")
def annex3_late(occurrences):
    users = _body_users(o.obj for o in occurrences)
    for o in occurrences:
        cycle = o.obj
        yield Notice(
            o,
            recipients=users[cycle.body_id],
            subject=gettext_lazy("The Information (Annex 3) is overdue"),
            body=gettext_lazy("Submit the Information on the planned social projects (§7.3)."),
            url=reverse("formation:cycle", args=[cycle.pk]),
        )


@notification("formation.annex3.publication_late")
def annex3_publication_late(occurrences):
    users = _body_users(o.obj for o in occurrences)
    for o in occurrences:
        cycle = o.obj
        yield Notice(
            o,
            recipients=users[cycle.body_id],
            subject=gettext_lazy("The approved Information (Annex 3) is not published"),
            body=gettext_lazy(
                "Publish the approved Information and send it to the authorized body (§7.4)."
            ),
            url=reverse("formation:cycle", args=[cycle.pk]),
        )

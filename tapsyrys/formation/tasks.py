"""Notifications of formation (X-NOTIFY), queued after the transaction commits."""

from celery import shared_task
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tapsyrys.core.models import Organisation, Role, User
from tapsyrys.core.services import notify, users_of

from .models import Comment, Cycle, Topic


def _authorized_users():
    return list(
        User.objects.filter(
            is_active=True,
            organisation__kind=Organisation.Kind.AUTHORIZED_BODY,
            role_assignments__role=Role.AUTHORIZED_BODY,
        ).distinct()
    )


@shared_task(name="tapsyrys.formation.tasks.notify_comment_posted")
def notify_comment_posted(comment_id):
    comment = Comment.objects.select_related("cycle").get(pk=comment_id)
    notify(
        recipients=users_of(comment.cycle.body_id, Role.STATE_BODY),
        key=f"formation.comment.posted:{comment.pk}",
        subject=_("A new comment on your planned topics"),
        body=lambda: str(_("Decide on it within 3 working days after the discussion ends.")),
        url=reverse("formation:comments", args=[comment.cycle_id]),
        email=False,
    )


@shared_task(name="tapsyrys.formation.tasks.notify_comment_decided")
def notify_comment_decided(comment_id):
    comment = Comment.objects.select_related("cycle", "author_user").get(pk=comment_id)
    if comment.author_user is None:
        return
    notify(
        recipients=[comment.author_user],
        key=f"formation.comment.decided:{comment.pk}:{comment.decision_version}",
        subject=_("The state body decided on your comment"),
        body=lambda: (
            str(comment.get_outcome_display())
            + (f": {comment.justification}" if comment.justification else "")
        ),
        url=reverse("formation:public_cycle", args=[comment.cycle.body_id, comment.cycle.year]),
    )


@shared_task(name="tapsyrys.formation.tasks.notify_annex3_submitted")
def notify_annex3_submitted(cycle_id):
    cycle = Cycle.objects.select_related("body").get(pk=cycle_id)
    notify(
        recipients=_authorized_users(),
        key=f"formation.annex3.submitted:{cycle.pk}",
        subject=lambda: (
            str(_("Information (Annex 3) received from %(body)s")) % {"body": cycle.body}
        ),
        body=lambda: str(_("Record the council's recommendations on each topic.")),
        url=reverse("formation:cycle", args=[cycle.pk]),
    )


@shared_task(name="tapsyrys.formation.tasks.notify_recommendation")
def notify_recommendation(topic_id):
    topic = Topic.objects.select_related("cycle").get(pk=topic_id)
    notify(
        recipients=users_of(topic.cycle.body_id, Role.STATE_BODY),
        key=f"formation.topic.recommended:{topic.pk}:{topic.recommended_at:%Y%m%d%H%M%S%f}",
        subject=_("The council's recommendation on a topic was recorded"),
        body=lambda: f"{topic.number}. {topic.theme} — {topic.get_recommendation_display()}",
        url=reverse("formation:cycle", args=[topic.cycle_id]),
    )


@shared_task(name="tapsyrys.formation.tasks.notify_annex3_published")
def notify_annex3_published(cycle_id):
    cycle = Cycle.objects.select_related("body").get(pk=cycle_id)
    notify(
        recipients=_authorized_users(),
        key=f"formation.annex3.published:{cycle.pk}",
        subject=lambda: str(_("Approved Information (Annex 3) of %(body)s")) % {"body": cycle.body},
        body=lambda: str(_("The budget was approved and the Information was published.")),
        url=reverse("formation:cycle", args=[cycle.pk]),
    )

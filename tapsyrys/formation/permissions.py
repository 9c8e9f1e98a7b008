"""Who may do what in formation (X-ACL). Views and APIs ask the same questions."""

from django.utils.translation import gettext_lazy as _

from tapsyrys.core.models import Organisation, Role
from tapsyrys.core.permissions import (
    NOT_YOUR_ORGANISATION,
    SIGN_IN_REQUIRED,
    allow,
    deny,
    is_admin,
    is_authorized_body,
    is_body_staff,
    is_signed_in,
    rule,
)

from .models import Stage

ONLY_BODY_STAFF = _("Only the staff of this state body can do this.")


def _body_of(obj):
    """The body that owns a cycle, topic, comment, evidence row or proposal."""
    for attr in ("body_id",):
        if hasattr(obj, attr):
            return getattr(obj, attr)
    if hasattr(obj, "cycle"):
        return obj.cycle.body_id
    if isinstance(obj, Organisation):
        return obj.pk
    return None


def _own_staff(user, obj):
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if is_admin(user):
        return allow()
    if is_body_staff(user, _body_of(obj)):
        return allow()
    if user.has_role(Role.STATE_BODY):
        return deny(NOT_YOUR_ORGANISATION)
    return deny(ONLY_BODY_STAFF)


@rule("formation.cycle.view")
def can_view_cycle(user, cycle):
    """The body's own staff and the authorized body see everything of a cycle."""
    if is_authorized_body(user):
        return allow()
    return _own_staff(user, cycle)


@rule("formation.cycle.create")
def can_create_cycle(user, body):
    """`body` is the Organisation the cycle is for."""
    if body is None or body.kind != Organisation.Kind.STATE_BODY:
        return deny(_("Formation cycles are opened by state bodies."))
    return _own_staff(user, body)


@rule("formation.cycle.edit")
def can_edit_cycle(user, cycle):
    return _own_staff(user, cycle)


@rule("formation.cycle.publish")
def can_publish_cycle(user, cycle):
    return _own_staff(user, cycle)


@rule("formation.comment.decide")
def can_decide_comment(user, comment):
    return _own_staff(user, comment)


@rule("formation.comment.hide")
def can_hide_comment(user, comment):
    return _own_staff(user, comment)


@rule("formation.topic.recommend")
def can_recommend(user, topic):
    """The authorized body records the council's recommendations (§7.3)."""
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if is_authorized_body(user):
        return allow()
    return deny(_("Only the authorized body records the council's recommendations."))


@rule("formation.evidence.edit")
def can_edit_evidence(user, evidence_or_body):
    return _own_staff(user, evidence_or_body)


@rule("formation.evidence.view")
def can_view_evidence(user, evidence_or_body):
    if is_authorized_body(user):
        return allow()
    return _own_staff(user, evidence_or_body)


@rule("formation.national.view")
def can_view_national(user, obj=None):
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if is_authorized_body(user):
        return allow()
    return deny(_("Only the authorized body sees the national summary."))


@rule("formation.annex.download")
def can_download_annex(user, pair):
    """`pair` = (cycle, annex number). Published annexes are public (§7.2, §7.4)."""
    cycle, number = pair
    if number == 1 and cycle.published_at is not None:
        return allow()
    if number == 2 and cycle.report_published_at is not None:
        return allow()
    if number == 3 and cycle.stage == Stage.APPROVED:
        return allow()
    return can_view_cycle(user, cycle)

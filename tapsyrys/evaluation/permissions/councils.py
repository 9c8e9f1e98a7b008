"""Who may do what with expert councils, nominations and Annex 6 notices (X-ACL, E-1, §16).

- the announcement, the term, the composition and its approval are public;
- a state body's staff announce their body's council, see its nominations, form the
  composition and record its approval; the authorized body sees every council's nominations
  and signed notices;
- any signed-in person outside state bodies (civil society) nominates themself while the
  window is open and withdraws their own nomination;
- a member files, edits and signs their own Annex 6 notice; once signed, the council's body
  and the authorized body see it (it holds personal data of third persons: never public).
"""

from django.utils.translation import gettext_lazy as _

from tapsyrys.contracting.permissions import is_body_user
from tapsyrys.core.models import Organisation
from tapsyrys.core.permissions import (
    NOT_YOUR_ORGANISATION,
    SIGN_IN_REQUIRED,
    allow,
    deny,
    is_authorized_body,
    is_signed_in,
    rule,
)

ONLY_BODIES = _("Only a state body's staff announce and form its expert council.")
NOT_YOUR_COUNCIL = _("This expert council belongs to another state body.")
CIVIL_SOCIETY_ONLY = _(
    "Expert councils are formed from representatives of civil society: the staff of state "
    "bodies do not nominate themselves."
)
NOT_YOUR_NOMINATION = _("This self-nomination belongs to another person.")
NOT_YOUR_NOTICE = _("This notice belongs to another council member.")
SIGNED_IS_FINAL = _("A signed notice cannot be changed; file a new notice instead.")
STATE_KINDS = (Organisation.Kind.STATE_BODY, Organisation.Kind.AUTHORIZED_BODY)


def is_state_staff(user):
    org = getattr(user, "organisation", None)
    return org is not None and org.kind in STATE_KINDS


def is_council_body(user, council):
    return is_body_user(user) and user.organisation_id == council.body_id


@rule("evaluation.council.announce")
def can_announce(user, obj=None):
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if is_body_user(user):
        return allow()
    return deny(ONLY_BODIES)


def _body_of(user, council):
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if not is_body_user(user):
        return deny(ONLY_BODIES)
    if council is not None and council.body_id != user.organisation_id:
        return deny(NOT_YOUR_COUNCIL)
    return allow()


@rule("evaluation.council.form")
def can_form(user, council):
    return _body_of(user, council)


@rule("evaluation.council.approve")
def can_approve(user, council):
    return _body_of(user, council)


@rule("evaluation.nominations.list")
def can_list_nominations(user, council=None):
    """A council's nominations: its body and the authorized body (a candidate: their own,
    through the API list scoped to them)."""
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if is_authorized_body(user):
        return allow()
    if council is None:
        return allow()  # the scoped list: the caller's own nominations or their body's
    return _body_of(user, council)


@rule("evaluation.nomination.submit")
def can_nominate(user, council=None):
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if is_state_staff(user):
        return deny(CIVIL_SOCIETY_ONLY)
    return allow()


@rule("evaluation.nomination.withdraw")
def can_withdraw(user, nomination):
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if nomination.candidate_id != user.pk:
        return deny(NOT_YOUR_NOMINATION)
    return allow()


@rule("evaluation.member_notice.file")
def can_file_notice(user, member):
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if member is None or member.user_id != user.pk:
        return deny(_("Only the council member files their Annex 6 notice."))
    return allow()


def _own_draft(user, notice):
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if notice.member.user_id != user.pk:
        return deny(NOT_YOUR_NOTICE)
    if notice.signed_at is not None:
        return deny(SIGNED_IS_FINAL)
    return allow()


@rule("evaluation.member_notice.edit")
def can_edit_notice(user, notice):
    return _own_draft(user, notice)


@rule("evaluation.member_notice.sign")
def can_sign_notice(user, notice):
    return _own_draft(user, notice)


@rule("evaluation.member_notice.view")
def can_view_notice(user, notice):
    """The member; once signed, the council's body and the authorized body."""
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if notice.member.user_id == user.pk:
        return allow()
    if notice.signed_at is None:
        return deny(_("A draft notice is visible only to its council member."))
    if is_authorized_body(user) or is_council_body(user, notice.member.council):
        return allow()
    return deny(NOT_YOUR_ORGANISATION)


@rule("evaluation.member_notices.list")
def can_list_notices(user, council=None):
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if council is None:
        return allow()  # scoped: the caller's own, their body's signed ones
    if is_authorized_body(user) or is_council_body(user, council):
        return allow()
    return deny(NOT_YOUR_COUNCIL)

"""Who may do what with evaluations and Annex 7 sheets (X-ACL, E-2, E-3, E-4).

- a member of the council that evaluates a project sees it (its materials, their own sheet)
  once it is in evaluation, unless excluded for a conflict of interest regarding its NGO
  (403 naming the reason); fills, edits and signs their own sheet; may declare a conflict;
- the body that concluded the contract sees its evaluations, the members' signed sheets and
  the list of its projects waiting for evaluation; the authorized body sees every one.
"""

from django.utils.translation import gettext_lazy as _

from tapsyrys.core.models import Role
from tapsyrys.core.permissions import (
    NOT_YOUR_ORGANISATION,
    SIGN_IN_REQUIRED,
    allow,
    deny,
    is_authorized_body,
    is_body_staff,
    is_signed_in,
    rule,
)
from tapsyrys.evaluation.models import Exclusion
from tapsyrys.evaluation.selectors import sheets as selectors

NOT_A_MEMBER = _("Only the members of the expert council that evaluates this project see it.")
NOT_YOUR_SHEET = _("This assessment sheet belongs to another council member.")


def _excluded(user, evaluation):
    """The refusal for a member excluded from the project, naming the reason, or None."""
    member = selectors.membership(user, evaluation)
    if member is None:
        return None
    found = selectors.conflicts(evaluation).get(member.pk)
    if found is None:
        return None
    reason = dict(Exclusion.Reason.choices).get(found[0], found[0])
    return deny(
        _("You are excluded from this project for a conflict of interest: %(reason)s.")
        % {"reason": reason}
    )


def _allow_unless_excluded(user, evaluation):
    refusal = _excluded(user, evaluation)
    return allow() if refusal is None else refusal


def _is_body(user, evaluation):
    return is_body_staff(user, evaluation.contract.body_id)


@rule("evaluation.my.view")
def can_view_my(user, obj=None):
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if user.has_role(Role.COUNCIL_MEMBER) or user.council_memberships.exists():
        return allow()
    return deny(_("This page is for members of expert councils."))


@rule("evaluation.evaluation.view_materials")
def can_view_materials(user, evaluation):
    """The council's members not excluded, the contract's body, the authorized body."""
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if is_authorized_body(user) or _is_body(user, evaluation):
        return allow()
    if selectors.membership(user, evaluation) is None:
        return deny(NOT_A_MEMBER)
    return _allow_unless_excluded(user, evaluation)


@rule("evaluation.sheet.fill")
def can_fill_sheet(user, evaluation):
    """A member of the evaluating council, not excluded (the service checks the rest)."""
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if selectors.membership(user, evaluation) is None:
        return deny(NOT_A_MEMBER)
    return _allow_unless_excluded(user, evaluation)


def _own(user, sheet):
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if sheet.member.user_id != user.pk:
        return deny(NOT_YOUR_SHEET)
    return _allow_unless_excluded(user, sheet.evaluation)


@rule("evaluation.sheet.edit")
def can_edit_sheet(user, sheet):
    """The sheet's member (a signed sheet: the service answers 409)."""
    return _own(user, sheet)


@rule("evaluation.sheet.sign")
def can_sign_sheet(user, sheet):
    return _own(user, sheet)


@rule("evaluation.sheet.view")
def can_view_sheet(user, sheet):
    """The member; once signed, the contract's body and the authorized body."""
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if sheet.member.user_id == user.pk:
        return allow()
    if sheet.signed_at is None:
        return deny(_("A draft sheet is visible only to its member."))
    if is_authorized_body(user) or _is_body(user, sheet.evaluation):
        return allow()
    return deny(NOT_YOUR_ORGANISATION)


@rule("evaluation.exclusion.declare")
def can_declare(user, evaluation):
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if selectors.membership(user, evaluation) is None:
        return deny(NOT_A_MEMBER)
    return allow()


@rule("evaluation.pending.list")
def can_list_pending(user, obj=None):
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if is_authorized_body(user) or (
        user.organisation_id is not None and is_body_staff(user, user.organisation_id)
    ):
        return allow()
    return deny(_("The projects waiting for evaluation are listed for state bodies."))


@rule("evaluation.evaluations.list")
def can_list_evaluations(user, obj=None):
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    return allow()  # the selector scopes: members, bodies, the authorized body

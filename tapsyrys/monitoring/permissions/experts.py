"""Who may do what with experts, Annex 4 notices and assignments (X-ACL, M-4, §9).

- an expert (role `expert`) files, edits and signs their own notices, and sees the projects
  open for a notice, their notices and the projects assigned to them;
- the body that concluded the contract sees the signed notices for its projects and assigns
  the expert; the authorized body sees every signed notice and assignment;
- the implementing NGO sees who monitors its project (the assignment), never the notice (it
  holds the expert's personal data and their relatives').
"""

from django.utils.translation import gettext_lazy as _

from tapsyrys.contracting.permissions import is_body_user, is_ngo_user
from tapsyrys.core.permissions import (
    NOT_YOUR_ORGANISATION,
    SIGN_IN_REQUIRED,
    allow,
    deny,
    is_authorized_body,
    is_signed_in,
    rule,
)
from tapsyrys.monitoring.access import is_contract_body, is_expert

ONLY_EXPERTS = _("Only independent experts file Annex 4 notices.")
NOT_YOUR_NOTICE = _("This notice belongs to another expert.")
SIGNED_IS_FINAL = _("A signed notice cannot be changed; file a new notice instead.")


def _expert(user):
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if not is_expert(user):
        return deny(ONLY_EXPERTS)
    return allow()


@rule("monitoring.expert_desk.view")
def can_view_expert_desk(user, obj=None):
    return _expert(user)


@rule("monitoring.notice.file")
def can_file_notice(user, contract=None):
    """Any expert may file a notice for a project (whether it needs one: the service says)."""
    return _expert(user)


def _own_draft(user, notice):
    decision = _expert(user)
    if not decision:
        return decision
    if notice.expert_id != user.pk:
        return deny(NOT_YOUR_NOTICE)
    if notice.signed_at is not None:
        return deny(SIGNED_IS_FINAL)
    return allow()


@rule("monitoring.notice.edit")
def can_edit_notice(user, notice):
    return _own_draft(user, notice)


@rule("monitoring.notice.sign")
def can_sign_notice(user, notice):
    return _own_draft(user, notice)


@rule("monitoring.notice.view")
def can_view_notice(user, notice):
    """The expert; once signed, the contract's body and the authorized body."""
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if notice.expert_id == user.pk:
        return allow()
    if notice.signed_at is None:
        return deny(_("A draft notice is visible only to its expert."))
    if is_authorized_body(user) or is_contract_body(user, notice.contract):
        return allow()
    return deny(NOT_YOUR_ORGANISATION)


@rule("monitoring.notices.list")
def can_list_notices(user, obj=None):
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if is_expert(user) or is_body_user(user) or is_authorized_body(user):
        return allow()
    return deny(_("Annex 4 notices are for experts, state bodies and the authorized body."))


@rule("monitoring.expert.assign")
def can_assign_expert(user, contract):
    """The staff of the body that concluded the contract."""
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if is_contract_body(user, contract):
        return allow()
    return deny(_("Only the state body that concluded the contract assigns its expert."))


@rule("monitoring.experts.list")
def can_list_experts(user, contract):
    """The experts who filed for a project: the contract's body and the authorized body."""
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if is_authorized_body(user) or (contract is not None and is_contract_body(user, contract)):
        return allow()
    return deny(NOT_YOUR_ORGANISATION)


@rule("monitoring.assignments.list")
def can_list_assignments(user, obj=None):
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if is_expert(user) or is_body_user(user) or is_authorized_body(user) or is_ngo_user(user):
        return allow()
    return deny(_("The experts' assignments are for experts, state bodies and NGOs."))


@rule("monitoring.needs_expert.list")
def can_list_needing_expert(user, obj=None):
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if is_body_user(user) or is_authorized_body(user):
        return allow()
    return deny(_("The projects waiting for an expert are listed for state bodies."))

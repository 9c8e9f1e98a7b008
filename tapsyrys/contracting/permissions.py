"""Who may do what in contracting (X-ACL). Views and APIs ask these same rules."""

from django.utils.translation import gettext_lazy as _

from tapsyrys.core.accounts import selectors as accounts_selectors
from tapsyrys.core.models import Organisation, Role
from tapsyrys.core.permissions import (
    NOT_YOUR_ORGANISATION,
    SIGN_IN_REQUIRED,
    allow,
    deny,
    is_admin,
    is_authorized_body,
    is_body_staff,
    is_ngo_member,
    is_signed_in,
    rule,
)

from . import rules
from .models import Contract, StageReport

CONFIRM_EMAIL_FIRST = _("Confirm your e-mail address first: follow the link we sent you.")


def email_confirmed(user):
    """Self-registered users act only after confirming their e-mail (C-1; core's accounts)."""
    return accounts_selectors.email_confirmed(user)


def ngo_can_act(user, ngo_id):
    """A member of that NGO with the ngo role and a confirmed e-mail."""
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if not is_ngo_member(user, ngo_id):
        return deny(NOT_YOUR_ORGANISATION)
    if not email_confirmed(user):
        return deny(CONFIRM_EMAIL_FIRST)
    return allow()


def is_ngo_user(user):
    return is_signed_in(user) and user.organisation_id is not None and user.has_role(Role.NGO)


def is_body_user(user):
    return (
        is_signed_in(user) and user.organisation_id is not None and user.has_role(Role.STATE_BODY)
    )


# --- NGOs ---------------------------------------------------------------------------------------


@rule("contracting.ngo.edit")
def can_edit_ngo(user, org):
    decision = ngo_can_act(user, org.pk)
    if not decision:
        return decision
    if not user.is_org_admin:
        return deny(_("Only your organisation's administrator can change its profile."))
    return allow()


@rule("contracting.ngo.invite")
def can_invite(user, org):
    decision = ngo_can_act(user, org.pk if org else None)
    if not decision:
        return decision
    if not user.is_org_admin:
        return deny(_("Only your organisation's administrator can invite colleagues."))
    return allow()


@rule("contracting.ngo.verify")
def can_verify(user, org):
    if not is_authorized_body(user):
        return deny(_("Only the authorized body verifies organisations."))
    if org is not None and org.kind != Organisation.Kind.NGO:
        return deny(_("Only NGOs are verified."))
    return allow()


@rule("contracting.ngo.reject")
def can_reject(user, org):
    """The same people as verification: the authorized body, never the staff of another
    organisation (a state body, an NGO — the rejected one included)."""
    return can_verify(user, org)


# --- Competitions, lots, contracts --------------------------------------------------------------


def _body_staff_of(user, body_id):
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if is_admin(user) or is_body_staff(user, body_id):
        return allow()
    return deny(NOT_YOUR_ORGANISATION)


@rule("contracting.competition.create")
def can_create_competition(user, obj=None):
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if is_body_user(user) or is_admin(user):
        return allow()
    return deny(_("Only state bodies record competitions."))


@rule("contracting.competition.edit")
def can_edit_competition(user, competition):
    return _body_staff_of(user, competition.body_id)


@rule("contracting.lot.edit")
def can_edit_lot(user, lot):
    return _body_staff_of(user, lot.body_id)


@rule("contracting.contract.manage")
def can_manage_contract(user, contract):
    """Create on a lot, change status: the contracting body's staff."""
    return _body_staff_of(user, contract.body_id)


@rule("contracting.act.record")
def can_record_act(user, contract):
    """The act of services rendered (§20): the contracting body's staff."""
    return _body_staff_of(user, contract.body_id)


@rule("contracting.contract.view_private")
def can_view_contract_private(user, contract):
    """The schedule with report states and the report links: the parties and the authorized body."""
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if is_authorized_body(user) or is_body_staff(user, contract.body_id):
        return allow()
    return ngo_can_act(user, contract.supplier_id)


@rule("contracting.contracts.list")
def can_list_contracts(user, obj=None):
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if is_authorized_body(user) or is_body_user(user) or is_ngo_user(user):
        return allow()
    return deny(_("Only state bodies, the authorized body and NGOs have contract lists."))


# --- Passport and reports -----------------------------------------------------------------------


@rule("contracting.passport.view")
def can_view_passport(user, contract):
    """Public once the contract exists (every contract starts active, C-3)."""
    return allow()


@rule("contracting.passport.edit")
def can_edit_passport(user, contract):
    decision = ngo_can_act(user, contract.supplier_id)
    if not decision:
        return decision
    if not rules.allows(contract.status, "edit_passport"):
        return deny(_("The passport of a terminated or closed contract cannot be changed."))
    return allow()


@rule("contracting.report.view")
def can_view_report(user, report):
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    contract = report.contract
    if is_ngo_member(user, contract.supplier_id):
        return ngo_can_act(user, contract.supplier_id)
    if report.status == StageReport.Status.DRAFT:
        return deny(_("A draft report is visible only to its NGO."))
    if is_authorized_body(user) or is_body_staff(user, contract.body_id):
        return allow()
    return deny(NOT_YOUR_ORGANISATION)


@rule("contracting.stagereport.history")
def can_view_report_history(user, report):
    """The history shows the report's content: the same people as the report itself."""
    return can_view_report(user, report)


@rule("contracting.report.edit")
def can_edit_report(user, report):
    decision = ngo_can_act(user, report.contract.supplier_id)
    if not decision:
        return decision
    if report.status != StageReport.Status.DRAFT:
        return deny(_("A submitted report cannot be changed; create a correction instead."))
    if not rules.allows(report.contract.status, "submit_reports"):
        return deny(_("Reports of a terminated or closed contract cannot be changed."))
    return allow()


@rule("contracting.report.correct")
def can_correct_report(user, report):
    decision = ngo_can_act(user, report.contract.supplier_id)
    if not decision:
        return decision
    if not rules.allows(report.contract.status, "correct_reports"):
        return deny(_("Reports of a terminated or closed contract cannot be changed."))
    return allow()


@rule("contracting.reports.inbox")
def can_see_inbox(user, obj=None):
    if is_authorized_body(user) or is_body_user(user):
        return allow()
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    return deny(_("The incoming reports are for state bodies."))


# --- Import -------------------------------------------------------------------------------------


@rule("contracting.import.run")
def can_import(user, org=None):
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if is_authorized_body(user) and user.organisation_id:
        return allow()
    if is_body_user(user):
        return allow()
    return deny(_("Only state bodies and the authorized body import from the portal."))


@rule("contracting.import.view")
def can_view_import(user, job):
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if is_authorized_body(user) or user.organisation_id == job.organisation_id:
        return allow()
    return deny(NOT_YOUR_ORGANISATION)


def is_contract_party(user, contract: Contract):
    return bool(can_view_contract_private(user, contract))

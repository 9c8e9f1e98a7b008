"""Who may do what with Annex 5, Annex 9 and the national summary (X-ACL)."""

from django.utils.translation import gettext_lazy as _

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

ONLY_AUTHORIZED = _("Only the authorized body sees every body's reports and the national summary.")
ONLY_DRAFT = _("The report has been submitted; it can no longer be changed.")


@rule("monitoring.annex5.publish")
def can_publish_annex5(user, contract):
    """The body that concluded the contract publishes the project's Annex 5 (§12)."""
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if not is_body_staff(user, contract.body_id):
        return deny(_("Only the state body that concluded the contract publishes its Annex 5."))
    return allow()


def _own_body(user, body_id):
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if not is_body_staff(user, body_id):
        return deny(NOT_YOUR_ORGANISATION)
    return allow()


@rule("monitoring.annex9.list")
def can_list_annex9(user, _obj=None):
    """A state body's staff see their body's reports (the authorized body has its overview)."""
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if is_authorized_body(user):
        return allow()
    if user.organisation_id is None or not is_body_staff(user, user.organisation_id):
        return deny(_("Annex 9 is the report of a state body."))
    return allow()


@rule("monitoring.annex9.view")
def can_view_annex9(user, report):
    if is_signed_in(user) and is_authorized_body(user):
        return allow()
    return _own_body(user, report.body_id)


@rule("monitoring.annex9.open")
def can_open_annex9(user, body):
    return _own_body(user, getattr(body, "pk", None))


@rule("monitoring.annex9.edit")
def can_edit_annex9(user, report):
    decision = _own_body(user, report.body_id)
    if decision and not report.is_draft:
        return deny(ONLY_DRAFT)
    return decision


@rule("monitoring.annex9.submit")
def can_submit_annex9(user, report):
    return can_edit_annex9(user, report)


@rule("monitoring.annex9.overview")
def can_see_overview(user, _obj=None):
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if not is_authorized_body(user):
        return deny(ONLY_AUTHORIZED)
    return allow()


@rule("monitoring.summary.view")
def can_view_summary(user, _obj=None):
    return can_see_overview(user)


@rule("monitoring.summary.send")
def can_send_summary(user, summary):
    decision = can_see_overview(user)
    if decision and summary is not None and summary.state != "draft":
        return deny(_("The summary of this year has already been sent to the Government."))
    return decision

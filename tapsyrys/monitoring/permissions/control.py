"""Who may do what in the control of NGO reports and the special control group (M-5, M-7)."""

from django.utils.translation import gettext_lazy as _

from tapsyrys.contracting.models import StageReport
from tapsyrys.contracting.permissions import is_body_user, is_ngo_user
from tapsyrys.core.permissions import (
    SIGN_IN_REQUIRED,
    allow,
    check,
    deny,
    is_authorized_body,
    is_signed_in,
    rule,
)
from tapsyrys.monitoring.access import (
    can_see,
    is_assigned_expert,
    is_contract_body,
    is_expert,
    is_monitor,
    is_supplier,
)

NOT_YOURS = _("This project is monitored by another organisation.")


def _signed(user):
    return None if is_signed_in(user) else deny(SIGN_IN_REQUIRED)


@rule("monitoring.request.create")
def can_create_request(user, contract):
    """The monitor asks the NGO: the body's staff or the assigned expert (M-5)."""
    if refused := _signed(user):
        return refused
    if is_monitor(user, contract):
        return allow()
    return deny(_("Only the body or the assigned expert may ask the NGO for information."))


@rule("monitoring.request.view")
def can_view_request(user, request):
    if refused := _signed(user):
        return refused
    return allow() if can_see(user, request.contract) else deny(NOT_YOURS)


@rule("monitoring.request.answer")
def can_answer_request(user, request):
    if refused := _signed(user):
        return refused
    if not is_supplier(user, request.contract):
        return deny(_("Only the implementing NGO answers a request."))
    if request.status != request.Status.OPEN:
        return deny(_("This request has already been answered."))
    return allow()


@rule("monitoring.requests.list")
def can_list_requests(user, obj=None):
    if refused := _signed(user):
        return refused
    if is_body_user(user) or is_ngo_user(user) or is_expert(user) or is_authorized_body(user):
        return allow()
    return deny(_("Information requests are for the monitors and the NGOs."))


@rule("monitoring.report.review")
def can_review_report(user, report):
    """The body that concluded the contract accepts or returns a submitted report (M-7)."""
    if refused := _signed(user):
        return refused
    if not is_contract_body(user, report.contract):
        return deny(_("Only the body that concluded the contract reviews its reports."))
    if report.status != StageReport.Status.SUBMITTED:
        return deny(_("Only a submitted report is reviewed."))
    return allow()


@rule("monitoring.review.view")
def can_view_review(user, report):
    """The review of a submitted report: whoever reads the report, and the assigned expert."""
    if refused := _signed(user):
        return refused
    if report.status == StageReport.Status.SUBMITTED and is_assigned_expert(user, report.contract):
        return allow()
    return check(user, "contracting.report.view", report)


@rule("monitoring.control.view")
def can_view_control(user, contract):
    """The control form of a contract: the monitor, the authorized body, the NGO itself."""
    if refused := _signed(user):
        return refused
    return allow() if can_see(user, contract) else deny(NOT_YOURS)


@rule("monitoring.case.view")
def can_view_case(user, case):
    if refused := _signed(user):
        return refused
    return allow() if can_see(user, case.contract) else deny(NOT_YOURS)


@rule("monitoring.case.decide")
def can_decide_case(user, case):
    """The body records the decisions on its project in special control."""
    if refused := _signed(user):
        return refused
    if not is_contract_body(user, case.contract):
        return deny(_("Only the body that concluded the contract decides."))
    return allow()


@rule("monitoring.special_control.list")
def can_list_special_control(user, obj=None):
    """The group page: a body (its own), an NGO (its own), an expert (assigned projects)."""
    return can_list_requests(user)


@rule("monitoring.special_control.national")
def can_see_national_group(user, obj=None):
    if refused := _signed(user):
        return refused
    if is_authorized_body(user):
        return allow()
    return deny(_("The national group is for the authorized body."))

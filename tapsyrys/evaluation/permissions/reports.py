"""Who may close an evaluation, post its Annex 8 report and see it (X-ACL, E-5), and the gate
this part registers on contracting's act of services (E-6, §20).

- the staff of the body that concluded the contract close the evaluation and record the
  posting; the authorized body sees every report;
- once posted on the portal the report (its averages) is public; before that the body, the
  authorized body and the council's members see it;
- the act of services rendered is refused until the project's Annex 8 report is posted, and
  is dated not before the posting.
"""

from django.utils.translation import gettext_lazy as _

from tapsyrys.contracting import gates
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

ONLY_THE_BODY = _("Only the state body that concluded the contract closes its evaluation and "
                  "posts its Annex 8 report.")  # fmt: skip
NOT_POSTED_YET = _("The Annex 8 report is public once it is posted on the public procurement "
                   "web portal.")  # fmt: skip
ACT_WAITS = _("The act of services rendered is signed after the Annex 8 report on the "
              "evaluation of the project's results is posted on the public procurement web "
              "portal (§20 of the Rules): post the Annex 8 report first.")  # fmt: skip


def _contract_body(user, contract):
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if is_admin(user) or is_body_staff(user, contract.body_id):
        return allow()
    return deny(ONLY_THE_BODY)


@rule("evaluation.evaluation.complete")
def can_complete(user, evaluation):
    return _contract_body(user, evaluation.contract)


@rule("evaluation.report.post")
def can_post(user, report):
    return _contract_body(user, report.evaluation.contract)


@rule("evaluation.evaluation.manage_view")
def can_view_body_page(user, evaluation):
    """The body's page of one evaluation: the contract's body and the authorized body."""
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if is_authorized_body(user) or is_body_staff(user, evaluation.contract.body_id):
        return allow()
    return deny(NOT_YOUR_ORGANISATION)


def _is_council_member(user, evaluation):
    return (
        evaluation.council_id is not None
        and evaluation.council.members.filter(user_id=user.pk).exists()
    )


@rule("evaluation.report.view")
def can_view_report(user, report):
    if report.is_posted:
        return allow()
    if not is_signed_in(user):
        return deny(NOT_POSTED_YET)
    evaluation = report.evaluation
    if (
        is_authorized_body(user)
        or is_body_staff(user, evaluation.contract.body_id)
        or _is_council_member(user, evaluation)
    ):
        return allow()
    return deny(NOT_POSTED_YET)


@rule("evaluation.reports.list")
def can_list_reports(user, obj=None):
    """The list of reports is public (each row scoped: posted ones, plus the caller's own)."""
    return allow()


@gates.act_gate("evaluation.annex8_posted")
def annex8_posted(contract):
    """E-6: the act waits for the project's Annex 8 report posted on the portal."""
    from tapsyrys.evaluation.models import EvaluationReport

    posted_on = (
        EvaluationReport.objects.filter(
            evaluation__contract_id=contract.pk, posted_on__isnull=False
        )
        .values_list("posted_on", flat=True)
        .first()
    )
    if posted_on is None:
        return gates.Gate(ACT_WAITS)
    return gates.Gate(None, posted_on)

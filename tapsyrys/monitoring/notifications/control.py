"""Who is told about the control of reports and special control (X-NOTIFY), in their language.

`monitoring.case.opened` has no notice of its own: the NGO learns of the case from the notice
of what caused it (the review's return, or contracting's `contracting.report.missing`), so a
report gives one notification."""

from django.urls import reverse
from django.utils.translation import gettext as _

from tapsyrys.core.events import Notice, notification, users_of_many
from tapsyrys.core.models import Role


def _ngo_users(contracts):
    return users_of_many({c.supplier_id for c in contracts}, Role.NGO)


@notification("monitoring.request.created")
def request_created(occurrences):
    ngos = _ngo_users([o.obj.contract for o in occurrences])
    for o in occurrences:
        req = o.obj
        yield Notice(
            o,
            recipients=ngos[req.contract.supplier_id],
            subject=lambda r=req: (
                _("Information request on contract № %(number)s") % {"number": r.contract.number}
            ),
            body=lambda r=req: (
                _("%(subject)s. Answer by %(date)s.")
                % {"subject": r.subject, "date": r.due_date.strftime("%d.%m.%Y")}
            ),
            url=reverse("monitoring:request", args=[req.pk]),
        )


@notification("monitoring.request.answered")
def request_answered(occurrences):
    for o in occurrences:
        req = o.obj
        yield Notice(
            o,
            recipients=[req.asked_by] if req.asked_by_id else [],
            subject=lambda r=req: (
                _("The NGO answered your request on contract № %(number)s")
                % {"number": r.contract.number}
            ),
            body=lambda r=req: r.subject,
            url=reverse("monitoring:request", args=[req.pk]),
        )


@notification("monitoring.request.overdue")
def request_overdue(occurrences):
    ngos = _ngo_users([o.obj.contract for o in occurrences])
    for o in occurrences:
        req = o.obj
        yield Notice(
            o,
            recipients=ngos[req.contract.supplier_id] + ([req.asked_by] if req.asked_by_id else []),
            subject=lambda r=req: (
                _("Overdue: information request on contract № %(number)s")
                % {"number": r.contract.number}
            ),
            body=lambda r=req: (
                _("“%(subject)s” was due on %(date)s and has not been answered.")
                % {"subject": r.subject, "date": r.due_date.strftime("%d.%m.%Y")}
            ),
            url=reverse("monitoring:request", args=[req.pk]),
        )


@notification("monitoring.report.reviewed")
def report_reviewed(occurrences):
    ngos = _ngo_users([o.obj.contract for o in occurrences])
    for o in occurrences:
        review = o.obj

        def subject(v=review):
            if v.decision == v.Decision.ACCEPTED:
                return _("%(report)s of contract № %(number)s is accepted") % {
                    "report": v.report.stage.get_kind_display(),
                    "number": v.contract.number,
                }
            return _("%(report)s of contract № %(number)s is returned with remarks") % {
                "report": v.report.stage.get_kind_display(),
                "number": v.contract.number,
            }

        def body(v=review):
            if v.decision == v.Decision.ACCEPTED:
                return v.remarks or _("The body accepted the report.")
            return (
                _("Remarks: %(remarks)s") % {"remarks": v.remarks}
                + " "
                + _(
                    "Correct the report (a new version). The project is in the special control group."
                )
            )

        yield Notice(
            o,
            recipients=ngos[review.contract.supplier_id],
            subject=subject,
            body=body,
            url=reverse("monitoring:report_review", args=[review.report_id]),
        )


@notification("monitoring.decision.recorded")
def decision_recorded(occurrences):
    ngos = _ngo_users([o.obj.case.contract for o in occurrences])
    for o in occurrences:
        decision = o.obj
        contract = decision.case.contract

        def body(d=decision):
            parts = [str(d.get_kind_display())]
            if d.new_due_date:
                parts.append(
                    _("new due date %(date)s") % {"date": d.new_due_date.strftime("%d.%m.%Y")}
                )
            if d.refund_amount is not None:
                parts.append(
                    _("amount %(amount)s tenge")
                    % {"amount": f"{d.refund_amount:,.2f}".replace(",", " ")}
                )
            if d.remarks:
                parts.append(d.remarks)
            return "; ".join(parts)

        yield Notice(
            o,
            recipients=ngos[contract.supplier_id],
            subject=lambda c=contract: (
                _("Special control: a decision on contract № %(number)s") % {"number": c.number}
            ),
            body=body,
            url=reverse("monitoring:case", args=[decision.case_id]),
        )


@notification("monitoring.correction.overdue")
def correction_overdue(occurrences):
    contracts = [o.obj.case.contract for o in occurrences]
    ngos = _ngo_users(contracts)
    bodies = users_of_many({c.body_id for c in contracts}, Role.STATE_BODY)
    for o in occurrences:
        decision = o.obj
        contract = decision.case.contract
        yield Notice(
            o,
            recipients=ngos[contract.supplier_id] + bodies[contract.body_id],
            subject=lambda c=contract: (
                _("Overdue: the correction on contract № %(number)s") % {"number": c.number}
            ),
            body=lambda d=decision: (
                _("The correction was due on %(date)s and no new version has been submitted.")
                % {"date": d.new_due_date.strftime("%d.%m.%Y")}
            ),
            url=reverse("monitoring:case", args=[decision.case_id]),
        )

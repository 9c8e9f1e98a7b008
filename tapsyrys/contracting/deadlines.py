"""The daily job (X-NOTIFY, M-7): flag stage reports past their due date that were never
submitted, and notify the NGO and the body once. Running it twice changes nothing."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tapsyrys.calendar.rules import local_date
from tapsyrys.core.audit import log_action
from tapsyrys.core.models import Role
from tapsyrys.core.services import notify, users_of

from .models import Contract, ReportStage


def run(*, now):
    today = local_date(now)
    due = list(
        ReportStage.objects.filter(
            submitted_at__isnull=True,
            missing_flagged_at__isnull=True,
            due_date__lt=today,
            contract__status__in=[Contract.Status.ACTIVE, Contract.Status.SUSPENDED],
        )
        .select_related("contract", "contract__supplier")
        .order_by("due_date", "id")[:5000]
    )
    flagged = 0
    for stage in due:
        # Claim the row: only one run flags (and notifies about) it.
        claimed = ReportStage.objects.filter(
            pk=stage.pk, missing_flagged_at__isnull=True, submitted_at__isnull=True
        ).update(missing_flagged_at=now)
        if not claimed:
            continue
        flagged += 1
        contract = stage.contract
        log_action(
            contract,
            "contracting.report.missing",
            data={"stage": stage.kind, "due_date": stage.due_date.isoformat()},
        )
        kind_label = stage.get_kind_display()

        def subject(kind_label=kind_label, number=contract.number):
            return _("Overdue: %(report)s of contract № %(number)s") % {
                "report": kind_label,
                "number": number,
            }

        def body(due=stage.due_date):
            return _("The report was due on %(date)s and has not been submitted.") % {
                "date": due.strftime("%d.%m.%Y")
            }

        recipients = users_of(contract.supplier_id, Role.NGO) + users_of(
            contract.body_id, Role.STATE_BODY
        )
        notify(
            recipients=recipients,
            key=f"contracting.report.missing:{stage.pk}",
            subject=subject,
            body=body,
            url=reverse("contracting:contract", args=[contract.pk]),
        )
    return {"contracting.reports_missing": flagged}

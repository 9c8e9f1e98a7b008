"""Who is told about contracting's business events, and what (X-NOTIFY)."""

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tapsyrys.core.events import Notice, notification, users_of_many
from tapsyrys.core.models import Role

from .models import ReportStage


def _contract_text(contract):
    return _("Contract № %(number)s with %(body)s: %(status)s.") % {
        "number": contract.number,
        "body": contract.body.name,
        "status": contract.get_status_display(),
    }


@notification("contracting.contract.created")
def contract_created(occurrences):
    ngos = users_of_many({o.obj.supplier_id for o in occurrences}, Role.NGO)
    for o in occurrences:
        contract = o.obj
        yield Notice(
            o,
            recipients=ngos[contract.supplier_id],
            subject=gettext_lazy("A contract has been registered for your NGO"),
            body=lambda c=contract: _contract_text(c),
            url=reverse("contracting:contract", args=[contract.pk]),
        )


@notification("contracting.contract.status_changed")
def contract_status_changed(occurrences):
    ngos = users_of_many({o.obj.supplier_id for o in occurrences}, Role.NGO)
    for o in occurrences:
        contract = o.obj
        yield Notice(
            o,
            recipients=ngos[contract.supplier_id],
            key=f"contracting.contract.status_changed:{o.event.pk}",
            subject=gettext_lazy("The status of your contract has changed"),
            body=lambda c=contract: _contract_text(c),
            url=reverse("contracting:contract", args=[contract.pk]),
        )


@notification("contracting.report.submitted")
def report_submitted(occurrences):
    bodies = users_of_many({o.obj.contract.body_id for o in occurrences}, Role.STATE_BODY)
    for o in occurrences:
        report = o.obj
        contract = report.contract
        yield Notice(
            o,
            recipients=bodies[contract.body_id],
            subject=lambda r=report, c=contract: (
                _("%(report)s received from %(ngo)s")
                % {"report": r.stage.get_kind_display(), "ngo": c.supplier.short_name}
            ),
            body=lambda r=report, c=contract: (
                _("Contract № %(number)s, version %(version)s, %(timing)s.")
                % {
                    "number": c.number,
                    "version": r.version,
                    "timing": _("on time") if r.on_time else _("late"),
                }
            ),
            url=reverse("contracting:report", args=[report.pk]),
        )


@notification("contracting.report.missing")
def report_missing(occurrences):
    contracts = [o.obj for o in occurrences]
    ngos = users_of_many({c.supplier_id for c in contracts}, Role.NGO)
    bodies = users_of_many({c.body_id for c in contracts}, Role.STATE_BODY)
    labels = dict(ReportStage.Kind.choices)
    for o in occurrences:
        contract = o.obj
        data = o.event.data
        due = dt.date.fromisoformat(data["due_date"])
        yield Notice(
            o,
            recipients=ngos[contract.supplier_id] + bodies[contract.body_id],
            key=f"contracting.report.missing:{data['stage_id']}",
            subject=lambda kind=labels[data["stage"]], number=contract.number: (
                _("Overdue: %(report)s of contract № %(number)s")
                % {"report": kind, "number": number}
            ),
            body=lambda due=due: (
                _("The report was due on %(date)s and has not been submitted.")
                % {"date": due.strftime("%d.%m.%Y")}
                + " "
                + _("The project is in the special control group.")
            ),
            url=reverse("contracting:contract", args=[contract.pk]),
        )

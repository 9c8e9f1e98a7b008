"""Who is told about closed evaluations and Annex 8 postings (X-NOTIFY), in each recipient's
language."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tapsyrys.core.events import Notice, notification, users_of_many
from tapsyrys.core.models import Role


def _project(contract):
    return _("Contract № %(number)s of %(date)s, %(body)s; implemented by %(ngo)s.") % {
        "number": contract.number,
        "date": contract.signed_on.strftime("%d.%m.%Y"),
        "body": contract.body.name,
        "ngo": contract.supplier.name,
    }


def _due(report):
    if report.posting_due_at is None:
        return ""
    return timezone.localtime(report.posting_due_at).strftime("%d.%m.%Y")


@notification("evaluation.evaluation.complete")
def evaluation_completed(occurrences):
    """The body's staff: the Annex 8 report is formed; post it within 3 working days."""
    reports = [o.obj.report for o in occurrences]
    staff = users_of_many({r.evaluation.contract.body_id for r in reports}, Role.STATE_BODY)
    for o, report in zip(occurrences, reports, strict=True):
        contract = report.evaluation.contract
        yield Notice(
            o,
            recipients=staff[contract.body_id],
            subject=gettext_lazy("The evaluation is completed: post the Annex 8 report"),
            body=lambda c=contract, r=report: (
                _(
                    "%(project)s Post the Annex 8 report on the public procurement web portal "
                    "by %(date)s."
                )
                % {"project": _project(c), "date": _due(r)}
            ),  # fmt: skip
            url=reverse("evaluation:evaluation", args=[report.evaluation_id]),
        )


@notification("evaluation.report.posting_overdue")
def posting_overdue(occurrences):
    staff = users_of_many({o.obj.evaluation.contract.body_id for o in occurrences}, Role.STATE_BODY)
    for o in occurrences:
        report = o.obj
        contract = report.evaluation.contract
        yield Notice(
            o,
            recipients=staff[contract.body_id],
            subject=gettext_lazy("The Annex 8 report is not posted on the portal in time"),
            body=lambda c=contract, r=report: (
                _("%(project)s It was due by %(date)s (§19 of the Rules).")
                % {"project": _project(c), "date": _due(r)}
            ),
            url=reverse("evaluation:evaluation", args=[report.evaluation_id]),
        )


@notification("evaluation.report.post")
def report_posted(occurrences):
    """The implementing NGO: its project's evaluation report is public."""
    members = users_of_many({o.obj.evaluation.contract.supplier_id for o in occurrences}, Role.NGO)
    for o in occurrences:
        report = o.obj
        contract = report.evaluation.contract
        yield Notice(
            o,
            recipients=members[contract.supplier_id],
            subject=gettext_lazy("The report on the evaluation of your project is published"),
            body=lambda c=contract, r=report: (
                _("%(project)s Total score: %(total)s.")
                % {"project": _project(c), "total": r.total}
            ),
            url=reverse("evaluation:report", args=[report.pk]),
        )

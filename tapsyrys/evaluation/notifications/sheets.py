"""Who is told about evaluations and sheets (X-NOTIFY), in each recipient's language."""

from django.urls import reverse
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


@notification("evaluation.evaluation.overdue")
def evaluation_overdue(occurrences):
    """The contract's body learns that the evaluation of its project is overdue."""
    staff = users_of_many({o.obj.contract.body_id for o in occurrences}, Role.STATE_BODY)
    for o in occurrences:
        evaluation = o.obj
        yield Notice(
            o,
            recipients=staff[evaluation.contract.body_id],
            subject=gettext_lazy("The evaluation of a project is overdue"),
            body=lambda c=evaluation.contract: _project(c),
            url=reverse("evaluation:pending"),
        )


@notification("evaluation.sheet.sign", email=False)
def sheet_signed(occurrences):
    """The contract's body learns that a council member signed an Annex 7 sheet."""
    staff = users_of_many({o.obj.evaluation.contract.body_id for o in occurrences}, Role.STATE_BODY)
    for o in occurrences:
        sheet = o.obj
        yield Notice(
            o,
            recipients=staff[sheet.evaluation.contract.body_id],
            subject=gettext_lazy("A council member signed an assessment sheet"),
            body=lambda s=sheet: (
                _("%(member)s: %(project)s")
                % {"member": s.member.user, "project": _project(s.evaluation.contract)}
            ),
            url=reverse("evaluation:sheet", args=[sheet.pk]),
        )

"""Who is told about experts' notices and assignments (X-NOTIFY), in each recipient's language."""

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


@notification("monitoring.expert.assign")
def expert_assigned(occurrences):
    """The expert learns that they monitor the project."""
    for o in occurrences:
        assignment = o.obj
        yield Notice(
            o,
            recipients=[assignment.expert],
            subject=gettext_lazy("You are assigned as the independent expert of a project"),
            body=lambda c=assignment.contract: _project(c),
            url=reverse("contracting:contract", args=[assignment.contract_id]),
        )


@notification("monitoring.notice.sign")
def notice_signed(occurrences):
    """The contract's body learns that an expert filed a signed Annex 4 notice."""
    staff = users_of_many({o.obj.contract.body_id for o in occurrences}, Role.STATE_BODY)
    for o in occurrences:
        notice = o.obj
        yield Notice(
            o,
            recipients=staff[notice.contract.body_id],
            subject=gettext_lazy("An expert has filed an Annex 4 notice for your project"),
            body=lambda n=notice: (
                _("%(expert)s: %(project)s") % {"expert": n.expert, "project": _project(n.contract)}
            ),
            url=reverse("monitoring:notice", args=[notice.pk]),
        )

"""Who is told about Annex 9 and the national summary (X-NOTIFY)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tapsyrys.core.events import Notice, notification, users_of_many
from tapsyrys.core.models import Organisation, Role


def _authorized_users():
    ids = Organisation.objects.filter(kind=Organisation.Kind.AUTHORIZED_BODY).values_list(
        "pk", flat=True
    )
    found = users_of_many(set(ids), Role.AUTHORIZED_BODY)
    return [u for users in found.values() for u in users]


def _period_text(report):
    return _("Annex 9 for %(year)s, %(period)s") % {
        "year": report.year,
        "period": report.get_period_display(),
    }


@notification("monitoring.annex9.late")
def annex9_late(occurrences):
    bodies = users_of_many({o.obj.body_id for o in occurrences}, Role.STATE_BODY)
    authorized = _authorized_users()
    for o in occurrences:
        report = o.obj
        yield Notice(
            o,
            recipients=[*bodies[report.body_id], *authorized],
            subject=gettext_lazy("An Annex 9 report is late"),
            body=lambda r=report: (
                _("%(report)s of %(body)s was not submitted on time (§21).")
                % {"report": _period_text(r), "body": r.body.name}
            ),
            url=reverse("monitoring:annex9", args=[report.pk]),
        )


@notification("monitoring.annex9.submitted")
def annex9_submitted(occurrences):
    authorized = _authorized_users()
    for o in occurrences:
        report = o.obj
        yield Notice(
            o,
            recipients=authorized,
            subject=gettext_lazy("An Annex 9 report has been submitted"),
            body=lambda r=report: (
                _("%(report)s submitted by %(body)s.")
                % {"report": _period_text(r), "body": r.body.name}
            ),
            url=reverse("monitoring:annex9", args=[report.pk]),
        )


@notification("monitoring.summary.late")
def summary_late(occurrences):
    authorized = _authorized_users()
    for o in occurrences:
        summary = o.obj
        yield Notice(
            o,
            recipients=authorized,
            subject=gettext_lazy("The Information for the Government is late"),
            body=lambda s=summary: (
                _("The Information on the results of %(year)s was due by 31 March (§11).")
                % {"year": s.year}
            ),
            url=reverse("monitoring:summary") + f"?year={summary.year}",
        )

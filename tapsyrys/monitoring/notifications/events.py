"""Who is told about monitoring events and plans (X-NOTIFY)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tapsyrys.core.events import Notice, notification, users_of_many
from tapsyrys.core.models import Role


@notification("monitoring.event.completed")
def event_completed(occurrences):
    """The implementing NGO: a monitoring event of its project was completed (report ready)."""
    users = users_of_many({o.obj.contract.supplier_id for o in occurrences}, Role.NGO)
    for o in occurrences:
        event = o.obj
        yield Notice(
            o,
            recipients=users[event.contract.supplier_id],
            subject=gettext_lazy("A monitoring event of your project was completed"),
            body=lambda e=event: (
                _(
                    "Contract № %(number)s: the monitoring event of %(date)s is completed; the "
                    "monitoring report is published."
                )
                % {"number": e.contract.number, "date": e.held_on.strftime("%d.%m.%Y")}
            ),
            url=reverse("monitoring:event", args=[event.pk]),
        )


@notification("monitoring.plan.below_minimum")
def plan_below_minimum(occurrences):
    """The body's staff: a year of a project's plan is below the minimum of §9 when it fell due."""
    users = users_of_many({o.obj.contract.body_id for o in occurrences}, Role.STATE_BODY)
    for o in occurrences:
        plan_year = o.obj
        yield Notice(
            o,
            recipients=users[plan_year.contract.body_id],
            subject=gettext_lazy("A monitoring plan is below the minimum"),
            body=lambda p=plan_year: (
                _(
                    "Contract № %(number)s: fewer monitoring events are planned for %(year)s than "
                    "§9 requires (at least 2)."
                )
                % {"number": p.contract.number, "year": p.year}
            ),
            url=reverse("monitoring:plan", args=[plan_year.contract_id]),
        )

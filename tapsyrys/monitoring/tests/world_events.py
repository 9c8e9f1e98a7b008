"""Monitoring events in the X-ACL world: a planned event and a completed one on `w.contract`
(more than 500 MCI: monitored by the assigned expert), a planned event of the other body.

The experts part assigns `actors["assigned_expert"]` to `w.contract`; until that part is
merged this module makes the assignment itself when none exists, so the world works either
way."""

import datetime as dt

from django.utils import timezone

from tapsyrys.monitoring.models import ExpertAssignment, ExpertNotice, MonitoringEvent
from tapsyrys.monitoring.services import events as services

HELD = dt.date(2025, 4, 10)


def assign_expert(contract, expert, *, by=None):
    """The expert's signed Annex 4 notice and the assignment (if the project has none)."""
    existing = ExpertAssignment.objects.filter(contract=contract).first()
    if existing is not None:
        return existing
    notice = ExpertNotice.objects.create(
        expert=expert, contract=contract, declares_conflict=False, signed_at=timezone.now()
    )
    return ExpertAssignment.objects.create(
        contract=contract, expert=expert, notice=notice, assigned_by=by
    )


def complete_data(contract, *, tools=("indicators", "survey"), reached=80, pct="90"):
    """Every indicator of an event of `contract` filled in."""
    data = {
        "tools": list(tools),
        "findings": "Семинарлар өткізілді; қатысушылар саны жоспардан аз",
        "measures": "Ақпараттық жұмысты күшейту",
        "activities": {
            str(a.pk): {"status": "done", "evidence": "Тіркеу парақтары"}
            for a in contract.activities.all()
        },
        "surveys": {"seminar": {"respondents": "40", "satisfied_pct": pct, "participants": "20"}},
        "coverage": {str(g.pk): reached for g in contract.target_groups.all()},
        "links": ["https://instagram.com/p/example"],
    }
    types = list(contract.service_types.all())
    data["compliance"] = {str(t.pk): {"verdict": "complies"} for t in types} or {
        services.OVERALL: {"verdict": "complies", "comment": "Стандартқа сай"}
    }
    return data


def extend(w, actors):
    expert = actors["assigned_expert"]
    body_user = actors["body_user"]
    assign_expert(w.contract, expert, by=body_user)
    w.contract.__dict__.pop("_assigned_expert_id", None)
    w.mon_planned = services.event_plan(
        contract=w.contract, actor=body_user, planned_on=dt.date(2025, 9, 15)
    )
    done = services.event_plan(contract=w.contract, actor=body_user, planned_on=HELD)
    services.event_update(event=done, actor=expert, data=complete_data(w.contract))
    w.mon_completed = services.event_complete(event=done, actor=expert, held_on=HELD)
    w.mon_other = MonitoringEvent.objects.create(
        contract=w.other_contract, year=2025, planned_on=dt.date(2025, 6, 1)
    )
    for event in (w.mon_planned, w.mon_completed, w.mon_other):
        event.refresh_from_db()

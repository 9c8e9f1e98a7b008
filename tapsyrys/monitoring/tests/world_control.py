"""Control's objects in the X-ACL world: an open information request, an open special-control
case with a decision on `w.contract`, and (if the experts part did not) the assigned expert."""

import datetime as dt

from django.utils import timezone

from tapsyrys.monitoring.models import ExpertAssignment, ExpertNotice
from tapsyrys.monitoring.services import control as services


def ensure_assigned_expert(w, actors):
    expert = actors["assigned_expert"]
    if ExpertAssignment.objects.filter(contract=w.contract).exists():
        return
    notice = ExpertNotice.objects.create(
        expert=expert, contract=w.contract, declares_conflict=False, signed_at=timezone.now()
    )
    ExpertAssignment.objects.create(
        contract=w.contract, expert=expert, notice=notice, assigned_by=actors["body_user"]
    )
    w.contract._assigned_expert_id = expert.pk


def extend(w, actors):
    ensure_assigned_expert(w, actors)
    body_user = actors["body_user"]
    w.mon_request = services.request_create(
        contract=w.contract,
        actor=body_user,
        subject="Списки участников семинаров",
        text="Просим представить списки участников и фотоотчёт.",
        due_date=timezone.localdate() + dt.timedelta(days=10),
    )
    w.mon_case = services._case_open(
        w.contract, "overdue", report=None, actor=None, now=timezone.now()
    )
    w.mon_case.stage = w.stage_final
    w.mon_case.save(update_fields=["stage"])

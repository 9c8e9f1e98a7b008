"""Contracts and their status transitions (C-3)."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tapsyrys.core import bilingual
from tapsyrys.core.audit import log_action
from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.events import record
from tapsyrys.core.files import store_upload
from tapsyrys.core.models import Organisation
from tapsyrys.core.permissions import require
from tapsyrys.core.services import full_clean_or_raise

from .. import rules
from ..deadlines import open_stage_deadlines
from ..models import (
    Activity,
    Contract,
    Indicator,
    Lot,
    ReportStage,
    ServiceAct,
    TargetGroup,
)

# --- Contracts (C-3) ------------------------------------------------------------------------------


class LotTaken(ApplicationError):
    status_code = 409


def contract_create(
    *,
    actor,
    lot,
    supplier,
    number,
    signed_on,
    amount,
    starts_on,
    ends_on,
    year=None,
    service_types=(),
    activities=(),
    indicators=(),
    target_groups=(),
    schedule=None,
    expected_results="",
    spec_upload=None,
):
    """`activities`: [text], `indicators`: [(name, unit, planned)], `target_groups`:
    [(name, planned)], `schedule`: [(no, kind, due_date)] or None for the default three
    reports. An activity's text and an indicator's name are (kk, ru) pairs — or one text,
    which stands for both languages (X-I18N)."""
    activities = [bilingual.split(t) for t in activities]
    indicators = [(bilingual.split(n), u, p) for n, u, p in indicators]
    contract = Contract(
        lot=lot,
        body_id=lot.body_id,
        supplier=supplier,
        number=(number or "").strip(),
        signed_on=signed_on,
        year=year or (signed_on.year if signed_on else None),
        amount=amount,
        starts_on=starts_on,
        ends_on=ends_on,
        expected_results=expected_results,
    )
    require(actor, "contracting.contract.manage", contract)
    if supplier is None or supplier.kind != Organisation.Kind.NGO:
        raise ApplicationError(_("The supplier must be an NGO of the registry."), field="supplier")
    if lot.status == Lot.Status.NOT_HELD:
        raise ApplicationError(_("The competition for this lot did not take place."), field="lot")
    if amount is not None and Decimal(amount) <= 0:
        raise ApplicationError(_("The contract amount must be more than zero."), field="amount")
    if starts_on and ends_on and ends_on < starts_on:
        raise ApplicationError(
            _("The implementation cannot end before it starts."), field="ends_on"
        )
    problem = rules.contract_dates_problem(
        signed_on=signed_on,
        starts_on=starts_on,
        ends_on=ends_on,
        competition_held_on=lot.competition.held_on,
        today=timezone.localdate(),
    )
    if problem:
        raise ApplicationError(problem[1], field=problem[0])
    full_clean_or_raise(contract)
    schedule = schedule or rules.default_schedule(starts_on, ends_on)
    message, _kind = rules.check_schedule(schedule, starts_on, ends_on)
    if message:
        raise ApplicationError(message, field="schedule")
    for field_name, rows in (("activities", list(activities)),
                             ("indicators", [n for n, _u, _p in indicators])):  # fmt: skip
        for kk, ru in rows:
            if not (kk and ru):
                raise ApplicationError(
                    _("Write “%(text)s” in Kazakh and in Russian.") % {"text": kk or ru},
                    field=f"{field_name}_kk" if not kk else field_name,
                )
    for (_kk, name), _unit, planned in indicators:
        if planned is None or Decimal(planned) < 0:
            raise ApplicationError(
                _("The planned value of “%(name)s” must be zero or more.") % {"name": name},
                field="indicators",
            )
    # the rows' own limits (digits, integer range) before anything is written
    for field_name, rows in (
        ("indicators", [Indicator(no=i, name_kk=n[0], name_ru=n[1], unit=u, planned=p)
                        for i, (n, u, p) in enumerate(indicators, 1)]),
        ("target_groups", [TargetGroup(no=i, name=n, planned=p)
                           for i, (n, p) in enumerate(target_groups, 1)]),
    ):  # fmt: skip
        for row in rows:
            try:
                full_clean_or_raise(row, exclude=["contract"], validate_unique=False)
            except ApplicationError as exc:
                raise ApplicationError(exc.message, field=field_name) from None
    try:
        with transaction.atomic():
            # one contract per lot unless it is split explicitly (Lot.parts); the lock makes
            # two contracts written at once on one lot wait for each other
            locked_lot = Lot.objects.select_for_update().get(pk=lot.pk)
            if locked_lot.contracts.count() >= locked_lot.parts:
                raise LotTaken(
                    _("This lot already has its contract.")
                    if locked_lot.parts == 1
                    else _("Every part of this lot already has its contract."),
                    field="lot",
                )
            if spec_upload is not None:
                contract.spec_document = store_upload(
                    spec_upload,
                    actor=actor,
                    owner_org=lot.body,
                    viewer_org=supplier,
                    field="spec_document",
                )
            contract.save()
            if service_types:
                contract.service_types.set(service_types)
            # X-AUDIT: the contract's lines have no history of their own; they are part of
            # its creation, recorded by the contract's history row and its created event.
            Activity.objects.bulk_create(
                [
                    Activity(contract=contract, no=i, text_kk=kk, text_ru=ru)
                    for i, (kk, ru) in enumerate(activities, 1)
                ]
            )
            Indicator.objects.bulk_create(
                [
                    Indicator(
                        contract=contract, no=i, name_kk=n[0], name_ru=n[1], unit=u, planned=p
                    )
                    for i, (n, u, p) in enumerate(indicators, 1)
                ]
            )
            TargetGroup.objects.bulk_create(
                [
                    TargetGroup(contract=contract, no=i, name=n, planned=p)
                    for i, (n, p) in enumerate(target_groups, 1)
                ]
            )
            stages = ReportStage.objects.bulk_create(
                [ReportStage(contract=contract, no=no, kind=k, due_date=d) for no, k, d in schedule]
            )
            open_stage_deadlines(stages)
            if lot.status == Lot.Status.ANNOUNCED:
                lot.status = Lot.Status.HELD
                lot._history_user = actor
                lot.save(update_fields=["status"])  # row history (X-AUDIT), then the event
                log_action(
                    lot,
                    "contracting.lot.status_changed",
                    actor=actor,
                    changes={"status": [Lot.Status.ANNOUNCED, Lot.Status.HELD]},
                )
            record(
                contract,
                "contracting.contract.created",
                actor=actor,
                data={"amount": str(contract.amount), "supplier": supplier.bin},
            )
    except IntegrityError as exc:
        raise ApplicationError(
            _("This body already has a contract with this number."), field="number"
        ) from exc
    return contract


def contract_transition(*, contract, actor, target, reason=""):
    require(actor, "contracting.contract.manage", contract)
    with transaction.atomic():
        locked = Contract.objects.select_for_update().get(pk=contract.pk)
        rules.ensure_transition(locked.status, target)
        rules.ensure_requirements(
            target, has_act=ServiceAct.objects.filter(contract_id=locked.pk).exists()
        )
        old = locked.status
        locked.status = target
        locked.status_changed_at = timezone.now()
        full_clean_or_raise(locked)
        locked.save(update_fields=["status", "status_changed_at"])
        record(
            locked,
            "contracting.contract.status_changed",
            actor=actor,
            changes={"status": [old, target]},
            data={"reason": reason} if reason else None,
        )
    return locked

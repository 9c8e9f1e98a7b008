"""Competitions and lots (C-2)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tapsyrys.core import bilingual
from tapsyrys.core.audit import log_action
from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.models import Organisation
from tapsyrys.core.permissions import require
from tapsyrys.core.services import full_clean_or_raise

from .. import rules
from ..models import (
    Competition,
    Lot,
)

# --- Competitions and lots (C-2) -----------------------------------------------------------------


def competition_create(
    *, actor, body, procurement_number, year, held_on=None, title_kk="", title_ru=""
):
    competition = Competition(
        body=body,
        procurement_number=(procurement_number or "").strip(),
        year=year,
        held_on=held_on,
        title_kk=title_kk,
        title_ru=title_ru,
    )
    require(actor, "contracting.competition.edit", competition)
    problem = rules.date_problem(held_on, timezone.localdate())
    if problem:
        raise ApplicationError(problem, field="held_on")
    if body is None or body.kind != Organisation.Kind.STATE_BODY:
        raise ApplicationError(_("Competitions are recorded by state bodies."), field="body")
    full_clean_or_raise(competition)
    with transaction.atomic():
        competition.save()
        log_action(competition, "contracting.competition.created", actor=actor)
    return competition


def check_topic(topic, body_id):
    """A lot links only to an approved topic of its own body (F-8 → C-2)."""
    if topic is None:
        return
    if topic.cycle.body_id != body_id:
        raise ApplicationError(_("This topic belongs to another body."), field="topic")
    if not topic.is_ready_to_procure:
        raise ApplicationError(
            _("Only topics of an approved list with an approved amount become lots."),
            field="topic",
        )


def lot_create(
    *,
    actor,
    competition,
    number,
    name_ru,
    amount,
    name_kk="",
    description_kk="",
    description_ru="",
    area=None,
    coverage="",
    status=Lot.Status.ANNOUNCED,
    topic=None,
    parts=1,
):
    require(actor, "contracting.competition.edit", competition)
    check_topic(topic, competition.body_id)
    lot = Lot(
        competition=competition,
        body_id=competition.body_id,
        number=(number or "").strip(),
        name_kk=name_kk,
        name_ru=name_ru,
        description_kk=description_kk,
        description_ru=description_ru,
        area=area,
        coverage=coverage,
        amount=amount,
        status=status,
        topic=topic,
        parts=parts,
    )
    # X-I18N: the lot's name and description appear on public pages and forms in both
    # languages; name the first missing one
    bilingual.require_both(lot, ("name", "description"), what=lot.number or lot.name_ru)
    full_clean_or_raise(lot)
    with transaction.atomic():
        lot.save()
        log_action(lot, "contracting.lot.created", actor=actor, data={"amount": str(lot.amount)})
    return lot


LOT_TRANSITIONS = {
    Lot.Status.ANNOUNCED: {Lot.Status.HELD, Lot.Status.NOT_HELD},
    Lot.Status.HELD: set(),
    Lot.Status.NOT_HELD: set(),
}


def lot_set_status(*, lot, actor, status):
    require(actor, "contracting.lot.edit", lot)
    with transaction.atomic():
        lot = Lot.objects.select_for_update().get(pk=lot.pk)
        if status not in LOT_TRANSITIONS.get(lot.status, set()):
            from tapsyrys.core.errors import TransitionNotAllowed

            raise TransitionNotAllowed(
                _("A lot cannot go from “%(old)s” to “%(new)s”.")
                % {"old": Lot.Status(lot.status).label, "new": Lot.Status(status).label},
                field="status",
            )
        old = lot.status
        lot.status = status
        lot.save(update_fields=["status"])
        log_action(
            lot, "contracting.lot.status_changed", actor=actor, changes={"status": [old, status]}
        )
    return lot

"""Project passports (C-4)."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tapsyrys.core.audit import diff, log_action
from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.files import store_upload
from tapsyrys.core.permissions import require
from tapsyrys.core.services import full_clean_or_raise

from .. import rules
from ..models import (
    Contract,
    MediaPublication,
    Partner,
    Passport,
    PassportFile,
    TargetGroup,
    TeamMember,
)

# --- Project passport (C-4) -----------------------------------------------------------------------

PASSPORT_FIELDS = ("goals_tasks", "expected_results", "budget", "budget_notes", "work_done")


def _passport_locked(contract):
    """The contract's one passport, created once (X-ACL races): the contract row is locked, so
    concurrent callers queue and get the same passport; the one-to-one column backs it up."""
    Contract.objects.select_for_update().filter(pk=contract.pk).first()
    passport, _created = Passport.objects.select_for_update().get_or_create(contract=contract)
    return passport


def passport_for(contract):
    existing = Passport.objects.filter(contract=contract).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        return _passport_locked(contract)


def passport_save(
    *,
    contract,
    actor,
    fields,
    team=None,
    partners=None,
    publications=None,
    reached=None,
    uploads=(),
    proposals=(),
):
    """Save the passport; lists given are replaced as a whole (team, partners, publications);
    `reached` is {target_group_id: count}; `proposals` are texts for the P-3 pool."""
    rules.ensure_allowed(contract.status, "edit_passport")
    require(actor, "contracting.passport.edit", contract)
    unknown = set(fields) - set(PASSPORT_FIELDS)
    if unknown:
        raise ApplicationError(_("These fields cannot be changed here."), field=sorted(unknown)[0])
    if fields.get("budget") is not None and Decimal(fields["budget"]) <= 0:
        raise ApplicationError(_("The budget must be more than zero."), field="budget")
    groups = {g.pk: g for g in contract.target_groups.all()}
    reached = dict(reached or {})
    for gid, count in list(reached.items()):
        if not str(gid).isdecimal() or int(gid) not in groups:
            raise ApplicationError(_("Unknown target group."), field="target_groups")
        if count in (None, ""):
            continue
        try:
            reached[gid] = rules.parse_count(count)  # 1.5 refused, never truncated
        except ValueError as exc:
            raise ApplicationError(str(exc), field="target_groups") from None
    with transaction.atomic():
        passport = _passport_locked(contract)
        before = {k: getattr(passport, k) for k in fields}
        for key, value in fields.items():
            setattr(passport, key, value)
        passport.updated_at = timezone.now()
        passport.updated_by = actor
        full_clean_or_raise(passport)
        passport.save()
        for items, model in (
            (team, TeamMember),
            (partners, Partner),
            (publications, MediaPublication),
        ):
            if items is None:
                continue
            model.objects.filter(passport=passport).delete()
            rows = [model(passport=passport, **item) for item in items]
            for row in rows:
                full_clean_or_raise(row, exclude=["passport"])
            model.objects.bulk_create(rows)
        if reached:
            changed = []
            for gid, count in reached.items():
                group = groups[int(gid)]
                group.reached = None if count in (None, "") else int(count)
                changed.append(group)
            TargetGroup.objects.bulk_update(changed, ["reached"])
        for upload in uploads:
            stored = store_upload(
                upload,
                actor=actor,
                owner_org=contract.supplier,
                viewer_org=contract.body,
                field="files",
            )
            PassportFile.objects.create(passport=passport, file=stored)
        created_proposals = _proposals_to_pool(contract, actor, proposals)
        log_action(
            passport,
            "contracting.passport.saved",
            actor=actor,
            changes=diff(before, fields),
            data={
                "team": len(team) if team is not None else None,
                "files": len(uploads),
                "proposals": len(created_proposals),
            },
        )
    return passport


def _proposals_to_pool(contract, actor, proposals):
    """Topic proposals for the next period go to the formation app's pool (P-3)."""
    texts = [t.strip() for t in proposals if t and t.strip()]
    if not texts:
        return []
    from tapsyrys.formation.services import proposals_add

    supplier = contract.supplier
    return proposals_add(
        body_id=contract.body_id,
        year=max(contract.year, contract.ends_on.year) + 1,
        texts=texts,
        author_name=(supplier.short_name or supplier.name)[:200],
        author_contact=(supplier.email or actor.email or "")[:200] or "—",
        actor=actor,
    )

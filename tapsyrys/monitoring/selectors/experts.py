"""Who monitors a project (M-4), read from the contract and the MCI on its date (X-MCI)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
)
from django.utils import translation
from django.utils.translation import gettext as _

from tapsyrys.contracting.models import Contract
from tapsyrys.contracting.permissions import is_body_user, is_ngo_user
from tapsyrys.core.models import MCIRate, Role, User
from tapsyrys.core.money import group
from tapsyrys.core.permissions import is_authorized_body, is_signed_in
from tapsyrys.core.reference import mci_rate_on
from tapsyrys.monitoring.models import ExpertAssignment, ExpertNotice
from tapsyrys.monitoring.rules import experts as rules

LANGUAGES = ("kk", "ru", "en")


@dataclass(frozen=True)
class WhoMonitors:
    by: str  # rules.BODY or rules.EXPERT
    mci_value: int
    mci_effective_from: object  # date
    threshold: Decimal
    explanation: dict  # {"kk": ..., "ru": ..., "en": ...}

    @property
    def needs_expert(self):
        return self.by == rules.EXPERT

    def explanation_in(self, language):
        return self.explanation.get((language or "kk")[:2]) or self.explanation["ru"]

    def as_api(self):
        return {
            "by": self.by,
            "mci": {"value": self.mci_value, "effective_from": self.mci_effective_from.isoformat()},
            "threshold": f"{self.threshold:.2f}",
            "explanation": dict(self.explanation),
        }


def _explanation(contract, by, rate, threshold):
    values = {
        "amount": group(contract.amount),
        "threshold": group(threshold),
        "mci": group(rate.value_tenge, places=0),
        "mci_from": rate.effective_from.strftime("%d.%m.%Y"),
        "date": contract.signed_on.strftime("%d.%m.%Y"),
    }
    if by == rules.BODY:
        text = _(
            "The contract amount, %(amount)s tenge, is not more than 500 MCI: 500 × %(mci)s "
            "tenge (the MCI in force from %(mci_from)s, on the contract's date %(date)s) = "
            "%(threshold)s tenge. The state body monitors the project itself (§9 of the Rules)."
        )
    else:
        text = _(
            "The contract amount, %(amount)s tenge, is more than 500 MCI: 500 × %(mci)s tenge "
            "(the MCI in force from %(mci_from)s, on the contract's date %(date)s) = "
            "%(threshold)s tenge. An independent expert from NGOs must be assigned before the "
            "first monitoring event, at most one per project (§9 of the Rules)."
        )
    return text % values


def who_monitors(contract) -> WhoMonitors:
    """M-4 for one contract: one query (the MCI row in force on `signed_on`)."""
    rate = mci_rate_on(contract.signed_on)
    by = rules.monitored_by(contract.amount, rate.value_tenge)
    threshold = rules.threshold(rate.value_tenge)
    explanation = {}
    for language in LANGUAGES:
        with translation.override(language):
            explanation[language] = _explanation(contract, by, rate, threshold)
    return WhoMonitors(by, rate.value_tenge, rate.effective_from, threshold, explanation)


# --- Lists of experts, notices and assignments (X-ACL: every list scoped here) -----------------

# A project needs monitoring while it runs: active or suspended contracts.
MONITORED_STATUSES = (Contract.Status.ACTIVE, Contract.Status.SUSPENDED)
NOTICE_NGO_FIELDS = ("member_ngos", "governing_ngos", "payments_ngos", "family_ngos")


def _mci_on_signed_on():
    return Subquery(
        MCIRate.objects.filter(
            applies_to=MCIRate.AppliesTo.ALL, effective_from__lte=OuterRef("signed_on")
        )
        .order_by("-effective_from")
        .values("value_tenge")[:1]
    )


def with_threshold(contracts):
    """Contracts annotated with `mci_value` and `mci_threshold` (500 × the MCI in force on the
    contract's date), in the same query (X-MCI; the same rule as `who_monitors`)."""
    return contracts.annotate(mci_value=_mci_on_signed_on()).annotate(
        mci_threshold=ExpressionWrapper(
            F("mci_value") * rules.THRESHOLD_MCI,
            output_field=DecimalField(max_digits=18, decimal_places=2),
        )
    )


def needing_expert(contracts):
    """Only the contracts of more than 500 MCI (monitored by an independent expert, §9)."""
    return with_threshold(contracts).filter(amount__gt=F("mci_threshold"))


def _contract_rows():
    return Contract.objects.select_related("body", "supplier", "lot")


def open_projects():
    """Running projects above 500 MCI with no expert yet, of every body: public data (the
    contract's amount and parties), the list an expert chooses from to file a notice."""
    return (
        needing_expert(_contract_rows().filter(status__in=MONITORED_STATUSES))
        .filter(expert_assignment__isnull=True)
        .order_by("-signed_on", "-id")
    )


def body_projects_needing_expert(user):
    """The body's running projects above 500 MCI without an expert (the authorized body: all)."""
    qs = open_projects()
    if is_authorized_body(user):
        return qs
    if is_body_user(user):
        return qs.filter(body_id=user.organisation_id)
    return qs.none()


def _notice_rows():
    return ExpertNotice.objects.select_related(
        "expert", "contract", "contract__body", "contract__supplier"
    ).prefetch_related(*NOTICE_NGO_FIELDS)


def notices_for(user):
    """The expert: their own notices (drafts too); the body: the signed notices of its
    projects; the authorized body: every signed notice. Nobody else (the notice holds personal
    data of the expert and their relatives)."""
    qs = _notice_rows()
    if not is_signed_in(user):
        return qs.none()
    scope = Q(expert_id=user.pk)
    if is_authorized_body(user):
        scope |= Q(signed_at__isnull=False)
    elif is_body_user(user):
        scope |= Q(signed_at__isnull=False, contract__body_id=user.organisation_id)
    return qs.filter(scope).order_by("-created_at", "-id")


def assignments_for(user):
    """The expert: the projects assigned to them; the body: its own projects; the NGO: its own
    projects; the authorized body: all."""
    qs = ExpertAssignment.objects.select_related(
        "expert", "notice", "assigned_by", "contract", "contract__body", "contract__supplier"
    ).order_by("-assigned_at", "-id")
    if not is_signed_in(user):
        return qs.none()
    if is_authorized_body(user):
        return qs
    scope = Q(expert_id=user.pk)
    if is_body_user(user):
        scope |= Q(contract__body_id=user.organisation_id)
    if is_ngo_user(user):
        scope |= Q(contract__supplier_id=user.organisation_id)
    return qs.filter(scope)


def notice_get(pk):
    return _notice_rows().get(pk=pk)


def latest_draft(expert, contract):
    return ExpertNotice.objects.filter(
        expert=expert, contract=contract, signed_at__isnull=True
    ).first()


def latest_signed_notice(expert_id, contract_id):
    return (
        ExpertNotice.objects.filter(
            expert_id=expert_id, contract_id=contract_id, signed_at__isnull=False
        )
        .prefetch_related("named_ngos")
        .order_by("-signed_at", "-id")
        .first()
    )


def candidates(contract):
    """The experts with a signed notice for this project: their latest signed notice each, with
    whether it declares a conflict or names the implementing NGO, and whether the expert
    belongs to it (constant queries: the notices with their NGOs prefetched)."""
    notices = (
        _notice_rows()
        .filter(contract=contract, signed_at__isnull=False, expert__is_active=True)
        .filter(expert__role_assignments__role=Role.EXPERT)
        .prefetch_related("named_ngos")
        .order_by("expert_id", "-signed_at", "-id")
    )
    seen, rows = set(), []
    for notice in notices:
        if notice.expert_id in seen:
            continue
        seen.add(notice.expert_id)
        rows.append(candidate_row(contract, notice))
    return rows


def candidate_row(contract, notice):
    names_supplier = any(o.pk == contract.supplier_id for o in notice.named_ngos.all())
    member = notice.expert.organisation_id == contract.supplier_id
    refusal = rules.assignment_refusal(
        is_expert=True,
        is_running=True,
        needs_expert=True,
        already_assigned=False,
        has_signed_notice=True,
        declares_conflict=notice.declares_conflict,
        names_supplier=names_supplier,
        member_of_supplier=member,
    )
    return {
        "expert": notice.expert,
        "notice": notice,
        "declares_conflict": notice.declares_conflict,
        "names_supplier": names_supplier,
        "member_of_supplier": member,
        "eligible": refusal is None,
        "refusal": refusal[0] if refusal else "",
    }


def expert_desk_counts(user):
    """The expert's desk: projects assigned to them, drafts to sign, projects open for a notice
    (three queries)."""
    return {
        "assigned": ExpertAssignment.objects.filter(expert=user).count(),
        "drafts": ExpertNotice.objects.filter(expert=user, signed_at__isnull=True).count(),
        "open": open_projects().count(),
    }


def body_desk_counts(user):
    """The body's projects needing an expert without one, and the signed notices waiting on
    them (one query), or None for users who are not body staff."""
    if not (is_body_user(user) or is_authorized_body(user)):
        return None
    signed = ExpertNotice.objects.filter(contract_id=OuterRef("pk"), signed_at__isnull=False)
    return body_projects_needing_expert(user).aggregate(
        waiting=Count("id"),
        with_notices=Count("id", filter=Q(Exists(signed))),
    )


def experts_with_signed_notices(contract):
    """Users holding the expert role with a signed notice for the contract (API list)."""
    return (
        User.objects.filter(
            role_assignments__role=Role.EXPERT,
            is_active=True,
            expert_notices__contract=contract,
            expert_notices__signed_at__isnull=False,
        )
        .distinct()
        .prefetch_related(
            Prefetch(
                "expert_notices",
                queryset=_notice_rows()
                .filter(contract=contract, signed_at__isnull=False)
                .order_by("-signed_at", "-id"),
                to_attr="signed_notices",
            )
        )
        .order_by("full_name", "pk")
    )

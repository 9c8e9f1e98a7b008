"""Who monitors (M-4): independent experts' Annex 4 notices and their assignment to a project."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tapsyrys.contracting.models import Contract
from tapsyrys.core.fields import BoundedTextField
from tapsyrys.core.models import Organisation

__all__ = ["ExpertNotice", "ExpertAssignment", "NOTICE_QUESTIONS"]

# The five questions of Annex 4 in their order: (field prefix, names NGOs from the registry).
# "other" names no NGO: its free text says what the other potential conflict is.
NOTICE_QUESTIONS = (
    ("member", True),  # member (participant) or founder of an NGO
    ("governing", True),  # member of a governing body or head of an NGO
    ("payments", True),  # payments or direct financial support from an NGO in the last 3 years
    ("family", True),  # close family ties with employees of an NGO
    ("other", False),  # any other potential conflict of interest
)


def _answer(label):
    return models.BooleanField(label, default=False)


def _details(label):
    return BoundedTextField(label, blank=True, max_length=2000)


def _ngos(label, name):
    return models.ManyToManyField(
        Organisation, verbose_name=label, blank=True, related_name=f"notice_{name}+"
    )


class ExpertNotice(models.Model):
    """An expert's notification of conflicts of interest for one project (Annex 4, §9).

    Filed before assignment; a signed notice is immutable (a new notice replaces it)."""

    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("expert"),
        on_delete=models.PROTECT,
        related_name="expert_notices",
    )
    contract = models.ForeignKey(
        Contract,
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="expert_notices",
    )
    declares_conflict = models.BooleanField(_("declares a conflict of interest"), default=False)
    named_ngos = models.ManyToManyField(
        Organisation, verbose_name=_("NGOs named in the notice"), blank=True, related_name="+"
    )  # the union of the NGOs named in the four questions below (kept by the services)
    # Annex 4, question 1: member (participant) or founder of an NGO
    member = _answer(_("member (participant) or founder of an NGO"))
    member_ngos = _ngos(_("NGOs: member or founder"), "member")
    member_details = _details(_("member or founder: details"))
    # question 2: member of a governing body or head of an NGO (the body, the NGO, the position)
    governing = _answer(_("member of a governing body or head of an NGO"))
    governing_ngos = _ngos(_("NGOs: governing body or head"), "governing")
    governing_details = _details(_("governing body or head: details"))
    # question 3: payment for services or direct financial support in the last three years
    payments = _answer(
        _("payments or direct financial support from an NGO in the last three years")
    )
    payments_ngos = _ngos(_("NGOs: payments or financial support"), "payments")
    payments_details = _details(_("payments or financial support: details"))
    # question 4: close family ties with employees of an NGO (name, NGO, degree of kinship)
    family = _answer(_("close family ties with employees of an NGO"))
    family_ngos = _ngos(_("NGOs: close family ties"), "family")
    family_details = _details(_("close family ties: details"))
    # question 5: any other potential conflict of interest
    other = _answer(_("another potential conflict of interest"))
    other_details = _details(_("other potential conflict: details"))
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Annex 4 notice")
        verbose_name_plural = _("Annex 4 notices")
        indexes = [
            models.Index(fields=["contract", "expert"], name="mon_notice_contract_idx"),
            models.Index(fields=["expert", "-created_at"], name="mon_notice_expert_idx"),
        ]
        constraints = [
            # one draft per expert and project; signed notices stay (a new one replaces them)
            models.UniqueConstraint(
                fields=["expert", "contract"],
                condition=Q(signed_at__isnull=True),
                name="mon_notice_one_draft",
            ),
            # "another potential conflict" is a declared conflict
            models.CheckConstraint(
                condition=Q(other=False) | Q(declares_conflict=True),
                name="mon_notice_other_is_conflict",
            ),
        ]

    def __str__(self):
        return f"{self.expert} · {self.contract.number}"

    def owner_org_ids(self):
        return {self.contract.body_id}

    @property
    def is_signed(self):
        return self.signed_at is not None


class ExpertAssignment(models.Model):
    """The one independent expert monitoring a project (M-4: at most one per project)."""

    contract = models.OneToOneField(
        Contract,
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="expert_assignment",
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("expert"),
        on_delete=models.PROTECT,
        related_name="expert_assignments",
    )
    notice = models.ForeignKey(
        ExpertNotice, verbose_name=_("Annex 4 notice"), on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("expert assignment")
        verbose_name_plural = _("expert assignments")
        indexes = [models.Index(fields=["expert"], name="mon_assignment_expert_idx")]

    def __str__(self):
        return f"{self.contract.number}: {self.expert}"

    def owner_org_ids(self):
        return {self.contract.body_id}

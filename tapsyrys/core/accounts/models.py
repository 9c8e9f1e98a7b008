"""Accounts' own rows: e-mail confirmations and invitations (core models, app label `core`).

They were contracting's until issue 12; the tables were renamed, not copied (migrations
`contracting.0003_accounts_move_to_core` and `core.0005_accounts_from_contracting`), so ids and
the links already e-mailed stay valid."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tapsyrys.core.models import Organisation, Role


class EmailConfirmation(models.Model):
    """A self-registered user's e-mail confirmation. Until `confirmed_at` is set the user may
    sign in but cannot act (`selectors.email_confirmed`). Users created otherwise (by an
    administrator, by an accepted invitation, demo accounts) have no row and are confirmed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_confirmation"
    )
    email = models.EmailField(_("e-mail"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail confirmation")
        verbose_name_plural = _("e-mail confirmations")

    def __str__(self):
        return self.email


class Invitation(models.Model):
    """An organisation's administrator invites a colleague; the e-mailed token lets them choose
    a username and password. Accepting grants `role` in that organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail"))
    full_name = models.CharField(_("full name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.NGO)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("invited at"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(accepted_at__isnull=True),
                name="invitation_open_once",
            )
        ]

    def __str__(self):
        return f"{self.full_name} <{self.email}>"

    def owner_org_ids(self):
        return {self.organisation_id}

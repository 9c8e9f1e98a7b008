"""NGO self-registration, invitations of colleagues, verification (C-1).

The accounts themselves (e-mail confirmation, invitations, passwords) are core's
(`tapsyrys.core.accounts.services`); this module adds the NGO: its profile and its rules."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tapsyrys.core import services as core_services
from tapsyrys.core.accounts import services as accounts
from tapsyrys.core.audit import log_action
from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.models import Organisation, Role
from tapsyrys.core.permissions import require
from tapsyrys.core.services import full_clean_or_raise, notify, users_of

# --- NGO self-registration and people (C-1) ------------------------------------------------------


def ngo_bin_taken_message(bin_value):
    return _(
        "An NGO with BIN %(bin)s is already registered. Ask its administrator to invite you."
    ) % {"bin": bin_value}


def ngo_register(
    *, bin, areas=(), username, password, full_name, language="kk", position="", **fields
):
    """Create the NGO and its administrator in one transaction; e-mail the confirmation link."""
    if Organisation.objects.filter(bin=bin).exists():
        raise ApplicationError(ngo_bin_taken_message(bin), field="bin")
    account = {
        "username": username,
        "full_name": full_name,
        "language": language,
        "position": position,
        "is_org_admin": True,
    }
    accounts.account_build(email=fields.get("email"), **account)
    org = Organisation(kind=Organisation.Kind.NGO, bin=bin, is_verified=False, **fields)
    full_clean_or_raise(org)
    if not org.email:
        raise ApplicationError(_("Enter the NGO's e-mail address."), field="email")
    accounts.check_password(password, accounts.account_build(email=org.email, **account))
    try:
        with transaction.atomic():
            org.save()
            if areas:
                org.areas.set(areas)
            user = accounts.account_create(
                password=password,
                email=org.email,
                organisation=org,
                roles=[Role.NGO],
                **account,
            )
            log_action(org, "contracting.ngo.registered", actor=user, data={"bin": org.bin})
    except IntegrityError as exc:
        raise ApplicationError(ngo_bin_taken_message(bin), field="bin") from exc
    return org, user


def invitation_create(*, organisation, actor, email, full_name):
    """The NGO's administrator invites a colleague (core's invitation, the NGO role)."""
    require(actor, "contracting.ngo.invite", organisation)
    return accounts.invitation_create(
        organisation=organisation, actor=actor, email=email, full_name=full_name, role=Role.NGO
    )


def ngo_verify(*, organisation, actor):
    require(actor, "contracting.ngo.verify", organisation)
    org = core_services.organisation_verify(organisation=organisation, actor=actor)
    transaction.on_commit(
        lambda: notify(
            recipients=users_of(org.pk, Role.NGO),
            key=f"contracting.ngo.verified:{org.pk}",
            subject=_("Your NGO has been verified by the authorized body"),
            body=lambda: (
                _("“%(org)s” now carries the verified badge in the registry.") % {"org": org.name}
            ),
            url=reverse("contracting:ngo", args=[org.pk]),
        )
    )
    return org


def ngo_reject(*, organisation, actor, reason):
    """The authorized body rejects a self-registered NGO with a reason; the NGO's people are
    told (in their language) after the commit."""
    require(actor, "contracting.ngo.reject", organisation)
    org = core_services.organisation_reject(organisation=organisation, actor=actor, reason=reason)
    transaction.on_commit(
        lambda: notify(
            recipients=users_of(org.pk, Role.NGO),
            key=f"contracting.ngo.rejected:{org.pk}:{org.rejected_at:%Y%m%d%H%M%S}",
            subject=_("The authorized body has not verified your NGO"),
            body=lambda: (
                _("“%(org)s” was not verified. Reason: %(reason)s")
                % {"org": org.name, "reason": org.rejection_reason}
            ),
            url=reverse("contracting:ngo", args=[org.pk]),
        )
    )
    return org


def ngo_update(*, organisation, actor, areas=None, **fields):
    require(actor, "contracting.ngo.edit", organisation)
    return core_services.organisation_update(
        organisation=organisation, actor=actor, areas=areas, **fields
    )

"""NGO self-registration, e-mail confirmation, invitations, verification (C-1)."""

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from tapsyrys.core import services as core_services
from tapsyrys.core.audit import log_action
from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.models import Organisation, Role, RoleAssignment, User
from tapsyrys.core.permissions import require
from tapsyrys.core.services import full_clean_or_raise, notify, users_of

from ..models import (
    EmailConfirmation,
    Invitation,
)

CONFIRM_SALT = "contracting.email-confirm"
INVITE_SALT = "contracting.invitation"
TOKEN_MAX_AGE = 14 * 24 * 3600


# --- NGO self-registration and people (C-1) ------------------------------------------------------


def _check_password(password, user=None, field="password"):
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError(exc.messages[0], field=field) from exc


def _check_username(username, field="username"):
    username = (username or "").strip()
    if not username:
        raise ApplicationError(_("Choose a username."), field=field)
    if User.objects.filter(username__iexact=username).exists():
        raise ApplicationError(_("This username is taken; choose another."), field=field)
    return username


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
    username = _check_username(username)
    if not (full_name or "").strip():
        raise ApplicationError(_("Enter your full name."), field="full_name")
    org = Organisation(kind=Organisation.Kind.NGO, bin=bin, is_verified=False, **fields)
    full_clean_or_raise(org)
    if not org.email:
        raise ApplicationError(_("Enter the NGO's e-mail address."), field="email")
    user = User(
        username=username,
        email=org.email,
        full_name=full_name.strip(),
        position=position,
        language=language if language in dict(settings.LANGUAGES) else "kk",
        is_org_admin=True,
    )
    _check_password(password, user)
    try:
        with transaction.atomic():
            org.save()
            if areas:
                org.areas.set(areas)
            user.organisation = org
            user.set_password(password)
            user.save()
            RoleAssignment.objects.create(user=user, role=Role.NGO)
            confirmation = EmailConfirmation.objects.create(user=user, email=org.email)
            log_action(org, "contracting.ngo.registered", actor=user, data={"bin": org.bin})
    except IntegrityError as exc:
        raise ApplicationError(ngo_bin_taken_message(bin), field="bin") from exc
    transaction.on_commit(lambda: send_confirmation_email(confirmation.pk))
    return org, user


def confirmation_token(confirmation):
    return signing.dumps({"c": confirmation.pk, "e": confirmation.email}, salt=CONFIRM_SALT)


def send_confirmation_email(confirmation_id):
    confirmation = EmailConfirmation.objects.select_related("user__organisation").get(
        pk=confirmation_id
    )
    user = confirmation.user
    link = settings.SITE_URL + reverse(
        "contracting:confirm_email", args=[confirmation_token(confirmation)]
    )
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = str(_("Confirm the registration of your NGO in Tapsyrys"))
        body = str(
            _(
                "Hello, %(name)s!\n\nYour NGO “%(org)s” was registered in Tapsyrys with the "
                "username %(username)s. Follow this link to confirm the e-mail address:\n"
                "%(link)s\n\nThe link is valid for 14 days."
            )
            % {
                "name": user.display_name,
                "org": user.organisation.name if user.organisation else "",
                "username": user.username,
                "link": link,
            }
        )
    send_mail(subject, body, None, [confirmation.email])
    EmailConfirmation.objects.filter(pk=confirmation.pk).update(sent_at=timezone.now())


def email_resend(*, user):
    confirmation = EmailConfirmation.objects.filter(user=user, confirmed_at__isnull=True).first()
    if confirmation is None:
        raise ApplicationError(_("Your e-mail address is already confirmed."))
    transaction.on_commit(lambda: send_confirmation_email(confirmation.pk))
    return confirmation


def email_confirm(*, token):
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ApplicationError(_("This confirmation link has expired; ask for a new one.")) from exc
    except signing.BadSignature as exc:
        raise ApplicationError(_("This confirmation link is not valid.")) from exc
    with transaction.atomic():
        confirmation = (
            EmailConfirmation.objects.select_for_update()
            .select_related("user")
            .filter(pk=data.get("c"), email=data.get("e"))
            .first()
        )
        if confirmation is None:
            raise ApplicationError(_("This confirmation link is not valid."))
        if confirmation.confirmed_at is None:
            confirmation.confirmed_at = timezone.now()
            confirmation.save(update_fields=["confirmed_at"])
            log_action(
                confirmation.user,
                "contracting.ngo.email_confirmed",
                actor=confirmation.user,
                data={"email": confirmation.email},
            )
    confirmation.user.__dict__.pop("_contracting_confirmed", None)
    return confirmation.user


def invitation_token(invitation):
    return signing.dumps({"i": invitation.pk, "e": invitation.email}, salt=INVITE_SALT)


def invitation_create(*, organisation, actor, email, full_name):
    require(actor, "contracting.ngo.invite", organisation)
    email = (email or "").strip().lower()
    invitation = Invitation(
        organisation=organisation,
        email=email,
        full_name=(full_name or "").strip(),
        invited_by=actor,
    )
    full_clean_or_raise(invitation, exclude=["user"], validate_constraints=False)
    if User.objects.filter(email__iexact=email, organisation=organisation).exists():
        raise ApplicationError(_("This colleague already has an account."), field="email")
    if Invitation.objects.filter(
        organisation=organisation, email=email, accepted_at__isnull=True
    ).exists():
        raise ApplicationError(_("This colleague has already been invited."), field="email")
    with transaction.atomic():
        invitation.save()
        log_action(
            invitation,
            "contracting.ngo.invited",
            actor=actor,
            data={"email": email, "full_name": invitation.full_name},
        )
    transaction.on_commit(lambda: _send_invitation(invitation.pk))
    return invitation


def _send_invitation(invitation_id):
    invitation = Invitation.objects.select_related("organisation", "invited_by").get(
        pk=invitation_id
    )
    link = settings.SITE_URL + reverse(
        "contracting:accept_invitation", args=[invitation_token(invitation)]
    )
    with translation.override(invitation.invited_by.language or settings.LANGUAGE_CODE):
        subject = str(_("You are invited to Tapsyrys"))
        body = str(
            _(
                "Hello, %(name)s!\n\n%(inviter)s invites you to work for “%(org)s” in Tapsyrys. "
                "Follow this link to choose your username and password:\n%(link)s"
            )
            % {
                "name": invitation.full_name,
                "inviter": invitation.invited_by.display_name,
                "org": invitation.organisation.name,
                "link": link,
            }
        )
    send_mail(subject, body, None, [invitation.email])


def invitation_get(token):
    try:
        data = signing.loads(token, salt=INVITE_SALT, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ApplicationError(_("This invitation has expired; ask for a new one.")) from exc
    except signing.BadSignature as exc:
        raise ApplicationError(_("This invitation link is not valid.")) from exc
    invitation = (
        Invitation.objects.select_related("organisation")
        .filter(pk=data.get("i"), email=data.get("e"))
        .first()
    )
    if invitation is None:
        raise ApplicationError(_("This invitation link is not valid."))
    if invitation.accepted_at is not None:
        raise ApplicationError(_("This invitation has already been accepted; sign in."))
    return invitation


def invitation_accept(*, token, username, password, language="kk"):
    invitation = invitation_get(token)
    username = _check_username(username)
    user = User(
        username=username,
        email=invitation.email,
        full_name=invitation.full_name,
        organisation=invitation.organisation,
        language=language if language in dict(settings.LANGUAGES) else "kk",
    )
    _check_password(password, user)
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.accepted_at is not None:
            raise ApplicationError(_("This invitation has already been accepted; sign in."))
        user.set_password(password)
        user.save()
        RoleAssignment.objects.create(user=user, role=Role.NGO)
        locked.accepted_at = timezone.now()
        locked.user = user
        locked.save(update_fields=["accepted_at", "user"])
        log_action(locked, "contracting.ngo.invitation_accepted", actor=user)
    return user


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


def ngo_update(*, organisation, actor, areas=None, **fields):
    require(actor, "contracting.ngo.edit", organisation)
    return core_services.organisation_update(
        organisation=organisation, actor=actor, areas=areas, **fields
    )

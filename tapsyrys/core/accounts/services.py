"""Accounts: sign-up, e-mail confirmation and invitations (who is this person).

Every way a person gets an account goes through `account_create(..., roles=...)`: a citizen's
sign-up here, an NGO's registration in contracting (which adds the organisation), and later
experts and council members. A self-registered account must confirm its e-mail address before
it may act (`selectors.email_confirmed`, asked by the apps' permission rules).
"""

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from tapsyrys.core.audit import log_action
from tapsyrys.core.errors import ApplicationError, NotPermitted
from tapsyrys.core.models import Role, RoleAssignment, User
from tapsyrys.core.permissions import is_admin, require
from tapsyrys.core.services import full_clean_or_raise

from . import permissions  # noqa: F401  (registers the accounts' rules)
from .models import EmailConfirmation, Invitation
from .selectors import forget_confirmation

# The salts are part of every link already e-mailed: they keep their contracting-era values so
# that links sent before accounts moved to core still open.
CONFIRM_SALT = "contracting.email-confirm"
INVITE_SALT = "contracting.invitation"
TOKEN_MAX_AGE = 14 * 24 * 3600

# Roles a person may take by signing up alone; every other role comes with an organisation
# (NGO registration, an invitation) or from an administrator.
SELF_SERVICE_ROLES = frozenset({Role.CITIZEN})


def _language(language):
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def check_password(password, user=None, field="password"):
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError(exc.messages[0], field=field) from exc


def check_username(username, field="username"):
    username = (username or "").strip()
    if not username:
        raise ApplicationError(_("Choose a username."), field=field)
    if User.objects.filter(username__iexact=username).exists():
        raise ApplicationError(_("This username is taken; choose another."), field=field)
    return username


def account_build(*, username, full_name, email, language="kk", organisation=None, **fields):
    """A checked, unsaved user (for callers that validate more before they save)."""
    username = check_username(username)
    if not (full_name or "").strip():
        raise ApplicationError(_("Enter your full name."), field="full_name")
    user = User(
        username=username,
        email=(email or "").strip(),
        full_name=full_name.strip(),
        language=_language(language),
        organisation=organisation,
        **fields,
    )
    # the organisation may still be unsaved (an NGO registering); the caller provides it
    full_clean_or_raise(user, exclude=["password", "organisation"], validate_unique=False)
    return user


def account_create(
    *,
    username,
    password,
    full_name,
    email,
    language="kk",
    roles=(),
    organisation=None,
    is_org_admin=False,
    position="",
    confirm_email=True,
    actor=None,
):
    """Create a person's account with `roles`; with `confirm_email` the address must be
    confirmed (the link is e-mailed after commit) before the account may act."""
    user = account_build(
        username=username,
        full_name=full_name,
        email=email,
        language=language,
        organisation=organisation,
        is_org_admin=is_org_admin,
        position=position,
    )
    if confirm_email and not user.email:
        raise ApplicationError(_("Enter your e-mail address."), field="email")
    check_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save()
        roles = sorted(set(roles))
        RoleAssignment.objects.bulk_create(RoleAssignment(user=user, role=r) for r in roles)
        confirmation = (
            EmailConfirmation.objects.create(user=user, email=user.email) if confirm_email else None
        )
        log_action(
            user,
            "core.account.created",
            actor=actor or user,
            data={"roles": roles, "organisation": organisation.pk if organisation else None},
        )
    if confirmation is not None:
        transaction.on_commit(lambda: send_confirmation_email(confirmation.pk))
    return user


def citizen_signup(*, username, password, full_name, email, language="kk"):
    """A person signs up on their own: the citizen role, confirmed by e-mail."""
    return account_create(
        username=username,
        password=password,
        full_name=full_name,
        email=email,
        language=language,
        roles=SELF_SERVICE_ROLES,
    )


# --- E-mail confirmation -----------------------------------------------------------------------


def confirmation_token(confirmation):
    return signing.dumps({"c": confirmation.pk, "e": confirmation.email}, salt=CONFIRM_SALT)


def _confirmation_message(user, link):
    org = user.organisation
    if org is not None and org.is_ngo:
        subject = _("Confirm the registration of your NGO in Tapsyrys")
        body = _(
            "Hello, %(name)s!\n\nYour NGO “%(org)s” was registered in Tapsyrys with the "
            "username %(username)s. Follow this link to confirm the e-mail address:\n"
            "%(link)s\n\nThe link is valid for 14 days."
        )
    else:
        subject = _("Confirm your e-mail address in Tapsyrys")
        body = _(
            "Hello, %(name)s!\n\nYou signed up in Tapsyrys with the username %(username)s. "
            "Follow this link to confirm the e-mail address:\n%(link)s\n\n"
            "The link is valid for 14 days. If you did not sign up, ignore this message."
        )
    values = {
        "name": user.display_name,
        "org": org.name if org else "",
        "username": user.username,
        "link": link,
    }
    return str(subject), str(body) % values


def send_confirmation_email(confirmation_id):
    confirmation = EmailConfirmation.objects.select_related("user__organisation").get(
        pk=confirmation_id
    )
    user = confirmation.user
    link = settings.SITE_URL + reverse(
        "accounts:confirm_email", args=[confirmation_token(confirmation)]
    )
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject, body = _confirmation_message(user, link)
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
    if not isinstance(data, dict):
        raise ApplicationError(_("This confirmation link is not valid."))
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
                "core.account.email_confirmed",
                actor=confirmation.user,
                data={"email": confirmation.email},
            )
    forget_confirmation(confirmation.user)
    return confirmation.user


# --- Invitations -------------------------------------------------------------------------------


def invitation_token(invitation):
    return signing.dumps({"i": invitation.pk, "e": invitation.email}, salt=INVITE_SALT)


def invitation_create(*, organisation, actor, email, full_name, role=Role.NGO):
    """The organisation's administrator invites a colleague with a role they hold themselves."""
    require(actor, "core.invitation.create", organisation)
    if not (is_admin(actor) or actor.has_role(role)):
        raise NotPermitted(_("You can invite colleagues only into a role you hold yourself."))
    email = (email or "").strip().lower()
    invitation = Invitation(
        organisation=organisation,
        email=email,
        full_name=(full_name or "").strip(),
        role=role,
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
            "core.invitation.created",
            actor=actor,
            data={"email": email, "full_name": invitation.full_name, "role": role},
        )
    transaction.on_commit(lambda: send_invitation_email(invitation.pk))
    return invitation


def send_invitation_email(invitation_id):
    invitation = Invitation.objects.select_related("organisation", "invited_by").get(
        pk=invitation_id
    )
    link = settings.SITE_URL + reverse(
        "accounts:accept_invitation", args=[invitation_token(invitation)]
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
    if not isinstance(data, dict):
        raise ApplicationError(_("This invitation link is not valid."))
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
    """The invited colleague chooses a username and password: an account in the inviting
    organisation with the invitation's role (the e-mail is confirmed by the link itself)."""
    invitation = invitation_get(token)
    user = account_build(
        username=username,
        full_name=invitation.full_name,
        email=invitation.email,
        language=language,
        organisation=invitation.organisation,
    )
    check_password(password, user)
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.accepted_at is not None:
            raise ApplicationError(_("This invitation has already been accepted; sign in."))
        user.set_password(password)
        user.save()
        RoleAssignment.objects.create(user=user, role=locked.role)
        locked.accepted_at = timezone.now()
        locked.user = user
        full_clean_or_raise(locked, validate_constraints=False)
        locked.save(update_fields=["accepted_at", "user"])
        log_action(locked, "core.invitation.accepted", actor=user, data={"role": locked.role})
    return user

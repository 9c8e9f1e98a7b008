"""State changes of core objects: organisations, roles, notifications (one recipe everywhere)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .audit import diff, log_action
from .errors import ApplicationError
from .models import Notification, Organisation, RoleAssignment, User
from .permissions import require

ORGANISATION_EDITABLE_FIELDS = (
    "name_kk",
    "name_ru",
    "name_en",
    "short_name_kk",
    "short_name_ru",
    "legal_form",
    "region",
    "address",
    "phones",
    "email",
    "website",
    "description",
    "parent",
    "level",
)


def validation_error_to_application_error(exc: ValidationError):
    """First message of a model ValidationError, naming its field."""
    if hasattr(exc, "error_dict"):
        field, errors = next(iter(exc.error_dict.items()))
        return ApplicationError(errors[0].messages[0], field=None if field == "__all__" else field)
    return ApplicationError(exc.messages[0])


def full_clean_or_raise(obj, **kwargs):
    try:
        obj.full_clean(**kwargs)
    except ValidationError as exc:
        raise validation_error_to_application_error(exc) from exc


def organisation_create(*, actor=None, areas=(), **fields):
    org = Organisation(**fields)
    full_clean_or_raise(org)
    try:
        with transaction.atomic():
            org.save()
            if areas:
                org.areas.set(areas)
            log_action(org, "core.organisation.created", actor=actor, data={"bin": org.bin})
    except IntegrityError as exc:
        raise ApplicationError(
            _("An organisation with this BIN is already registered."), field="bin"
        ) from exc
    return org


def organisation_update(*, organisation, actor, areas=None, **fields):
    require(actor, "core.organisation.edit", organisation)
    unknown = set(fields) - set(ORGANISATION_EDITABLE_FIELDS)
    if unknown:
        raise ApplicationError(_("These fields cannot be changed here."), field=sorted(unknown)[0])
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=organisation.pk)
        before = {k: getattr(org, k) for k in fields}
        for key, value in fields.items():
            setattr(org, key, value)
        full_clean_or_raise(org)
        org.save(update_fields=list(fields) or None)
        if areas is not None:
            org.areas.set(areas)
        log_action(org, "core.organisation.updated", actor=actor, changes=diff(before, fields))
    return org


def organisation_verify(*, organisation, actor):
    require(actor, "core.organisation.verify", organisation)
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if org.is_verified:
            raise ApplicationError(_("This organisation is already verified."))
        org.is_verified = True
        org.verified_at = timezone.now()
        # a rejected NGO that put things right may still be verified (from its card)
        org.rejected_at, org.rejection_reason = None, ""
        org.save(update_fields=["is_verified", "verified_at", "rejected_at", "rejection_reason"])
        log_action(
            org, "core.organisation.verified", actor=actor, changes={"is_verified": [False, True]}
        )
    return org


REJECTION_REASON_MAX = 2000


def organisation_reject(*, organisation, actor, reason):
    """The authorized body refuses to verify a self-registered NGO, giving the reason (it
    leaves the verification queue; the caller tells the NGO)."""
    require(actor, "core.organisation.verify", organisation)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Give the reason for the rejection."), field="reason")
    if len(reason) > REJECTION_REASON_MAX:
        raise ApplicationError(
            _("The reason is too long (at most %(max)s characters).")
            % {"max": REJECTION_REASON_MAX},
            field="reason",
        )
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if org.is_verified:
            raise ApplicationError(_("This organisation is already verified."))
        if org.rejected_at is not None:
            raise ApplicationError(_("This organisation has already been rejected."))
        org.rejected_at = timezone.now()
        org.rejection_reason = reason
        org.save(update_fields=["rejected_at", "rejection_reason"])
        log_action(
            org,
            "core.organisation.rejected",
            actor=actor,
            changes={"rejection_reason": ["", reason]},
            data={"reason": reason},
        )
    return org


def role_grant(*, user, role, actor=None):
    assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role)
    if created:
        log_action(user, "core.role.granted", actor=actor, data={"role": role})
    user.__dict__.pop("_role_codes", None)
    return assignment


def notify(*, recipients, key, subject, body="", url="", email=True):
    """Notify each user once per `key` through the outbox (in-app, and by e-mail).

    For notices that are not the consequence of a registered business event; an event's
    notices come from `core.events.record`. `subject` and `body` may be lazy translations
    or callables of no arguments, rendered in each recipient's language. Returns the ids of
    the outbox rows still to deliver (delivered after commit).
    """
    from .due import NOTIFY_DIRECT
    from .events import Notice, Occurrence, write_notices

    notice = Notice(
        Occurrence(None, None),
        recipients=recipients,
        subject=subject,
        body=body,
        url=url,
        key=key,
        email=email,
    )
    return write_notices(NOTIFY_DIRECT, [notice])


def notification_mark_read(*, notification, actor):
    if notification.recipient_id != actor.pk:
        raise ApplicationError(_("This notification is not yours."))
    # X-AUDIT: a plain conditional .update() is right here: "read" is the recipient's own
    # inbox state, not business state (Notification keeps no row history, nothing else
    # depends on it), and the condition makes a second click change nothing.
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def user_set_language(*, user, language):
    """Remember the interface language on the account (X-I18N), with row history and an
    event (X-AUDIT)."""
    if language not in dict(settings.LANGUAGES):
        raise ApplicationError(_("Unknown language."), field="language")
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.language == language:
            return user
        before = user.language
        user.language = language
        user._history_user = user
        user.save(update_fields=["language"])
        log_action(
            user, "core.user.language_changed", actor=user, changes={"language": [before, language]}
        )
    return user


def users_of(organisation_id, role):
    """Active users of an organisation holding a role (notification recipients)."""
    return list(
        User.objects.filter(
            organisation_id=organisation_id, is_active=True, role_assignments__role=role
        ).distinct()
    )

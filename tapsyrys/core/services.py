"""State changes of core objects: organisations, roles, notifications (one recipe everywhere)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
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
        org.save(update_fields=["is_verified", "verified_at"])
        log_action(
            org, "core.organisation.verified", actor=actor, changes={"is_verified": [False, True]}
        )
    return org


def role_grant(*, user, role, actor=None):
    assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role)
    if created:
        log_action(user, "core.role.granted", actor=actor, data={"role": role})
    user.__dict__.pop("_role_codes", None)
    return assignment


def notify(*, recipients, key, subject, body="", url="", email=True):
    """Notify each user once per `key` (in-app, and by e-mail in the user's language).

    `subject` and `body` may be lazy translations or callables of no arguments; they are
    rendered in each recipient's language. Returns the notifications newly created.
    """
    created = []
    for user in recipients:
        if user is None or not user.is_active:
            continue
        with translation.override(user.language or settings.LANGUAGE_CODE):
            text_subject = str(subject() if callable(subject) else subject)
            text_body = str(body() if callable(body) else body)
        note, is_new = Notification.objects.get_or_create(
            recipient=user,
            key=key,
            defaults={"subject": text_subject[:300], "body": text_body, "url": url},
        )
        if is_new:
            created.append(note)
    if email:
        for note in created:
            if note.recipient.email:
                transaction.on_commit(lambda n=note: _email_notification(n.pk))
    return created


def _email_notification(notification_id):
    note = Notification.objects.select_related("recipient").get(pk=notification_id)
    if note.emailed_at:
        return
    link = f"\n\n{settings.SITE_URL}{note.url}" if note.url else ""
    send_mail(note.subject, f"{note.body}{link}", None, [note.recipient.email])
    Notification.objects.filter(pk=note.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )


def notification_mark_read(*, notification, actor):
    if notification.recipient_id != actor.pk:
        raise ApplicationError(_("This notification is not yours."))
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def users_of(organisation_id, role):
    """Active users of an organisation holding a role (notification recipients)."""
    return list(
        User.objects.filter(
            organisation_id=organisation_id, is_active=True, role_assignments__role=role
        ).distinct()
    )

"""Who may invite whom (X-ACL). Registered on import by `services`."""

from django.utils.translation import gettext_lazy as _

from tapsyrys.core.permissions import (
    NOT_YOUR_ORGANISATION,
    SIGN_IN_REQUIRED,
    allow,
    deny,
    is_admin,
    is_member_of,
    is_signed_in,
    rule,
)

from .selectors import email_confirmed

CONFIRM_EMAIL_FIRST = _("Confirm your e-mail address first: follow the link we sent you.")


@rule("core.invitation.create")
def can_invite(user, organisation):
    """Only that organisation's own administrator, with a confirmed e-mail, invites into it."""
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if is_admin(user):
        return allow()
    if organisation is None or not is_member_of(user, organisation.pk):
        return deny(NOT_YOUR_ORGANISATION)
    if not user.is_org_admin:
        return deny(_("Only your organisation's administrator can invite colleagues."))
    if not email_confirmed(user):
        return deny(CONFIRM_EMAIL_FIRST)
    return allow()

"""Questions about accounts that the apps' permission rules ask."""

_CACHE_ATTR = "_email_confirmed"


def email_confirmed(user):
    """A self-registered account acts only after confirming its e-mail address; accounts made
    otherwise (by an administrator, an accepted invitation, the demo seed) have no confirmation
    row and count as confirmed. Read once per user object."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        from .models import EmailConfirmation

        cached = not EmailConfirmation.objects.filter(
            user_id=user.pk, confirmed_at__isnull=True
        ).exists()
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_confirmation(user):
    """Drop the cached answer (after the address was confirmed)."""
    user.__dict__.pop(_CACHE_ATTR, None)


def pending_invitations(organisation):
    return organisation.invitations.filter(accepted_at__isnull=True)

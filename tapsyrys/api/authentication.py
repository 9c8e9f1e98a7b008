"""API tokens that expire (TAPSYRYS_TOKEN_TTL_DAYS, default 30) and die with a password
change (`core.models.User.save` deletes them), and the token endpoint that answers 429 when
django-axes has locked the username or the address (issue 7)."""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from tapsyrys.core.events import record


def token_ttl():
    return dt.timedelta(days=settings.TAPSYRYS_TOKEN_TTL_DAYS)


def token_expired(created, now):
    """A token created at `created` has expired at `now` (a pure function of the setting)."""
    return now >= created + token_ttl()


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_expired(token.created, timezone.now()):
            # a credential, not submitted data: its expiry is the account's event (X-AUDIT)
            record(user, "core.token.expired", data={"created": token.created.isoformat()})
            token.delete()
            raise exceptions.AuthenticationFailed(_("The token has expired; request a new one."))
        return user, token

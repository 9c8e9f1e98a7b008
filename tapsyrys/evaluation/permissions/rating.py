"""Who may do what with the NGO rating (E-8): ratings are public (P-1); a recomputation on
request is the authorized body's (the daily job and `manage.py recompute_ratings` run as the
system)."""

from django.utils.translation import gettext_lazy as _

from tapsyrys.core.permissions import (
    SIGN_IN_REQUIRED,
    allow,
    deny,
    is_authorized_body,
    is_signed_in,
    rule,
)


@rule("evaluation.rating.recompute")
def can_recompute(user, obj=None):
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if is_authorized_body(user):
        return allow()
    return deny(_("Only the authorized body may recompute the NGO ratings."))

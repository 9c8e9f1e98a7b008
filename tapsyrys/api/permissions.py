"""DRF glue for the one permission module (X-ACL)."""

from rest_framework.exceptions import NotAuthenticated, PermissionDenied

from tapsyrys.core.permissions import check


def api_require(request, action, obj=None):
    """Raise 401 for anonymous users and 403 with the reason otherwise."""
    decision = check(request.user, action, obj)
    if not decision:
        if not request.user.is_authenticated:
            raise NotAuthenticated(decision.reason or None)
        raise PermissionDenied(decision.reason or None)
    return decision

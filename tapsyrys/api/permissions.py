"""DRF glue for the one guard (X-ACL).

DRF's default permission is `IsAuthenticated` (deny by default, `config/settings/base.py`);
a public endpoint opts in explicitly with one of the classes below. Inside a view, the object
questions go to `tapsyrys.core.permissions.guard`, whose refusals the exception handler in
`tapsyrys.api.errors` turns into 401 / 403 with the reason."""

from rest_framework.permissions import SAFE_METHODS, AllowAny, BasePermission

from tapsyrys.core.permissions import guard

__all__ = ["Public", "PublicRead", "api_require"]


class Public(AllowAny):
    """Anyone, for every method: published data, registration, public comments, the token."""


class PublicRead(BasePermission):
    """Anyone may read; writing needs a signed-in user (the guard then asks the rule)."""

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or bool(
            request.user and request.user.is_authenticated
        )


def api_require(request, action, obj=None):
    """The guard with the API's request: `guard(request.user, action, obj)`."""
    return guard(request.user, action, obj)

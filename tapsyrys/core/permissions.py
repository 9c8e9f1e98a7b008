"""The one place that answers "may this user do X to this object?" — with a reason (X-ACL).

Each app registers its questions in its own `permissions.py` with `@rule("app.entity.verb")`;
pages, APIs and services ask the one guard: `guard(user, "app.entity.verb", obj)` raises
`NotSignedIn` (anonymous: 401 in the API, the sign-in page for pages) or `NotPermitted`
(403 with the reason), and `check(...)` answers with a `Decision` for flags and menus.
The API exception handler (`tapsyrys.api.errors`) and `GuardMiddleware` (pages) turn the two
errors into responses. A rule name that is used but not registered fails `manage.py check`
(`tapsyrys.core.checks`).
"""

from typing import NamedTuple

from django.utils.translation import gettext_lazy as _

from .errors import NotPermitted
from .models import Organisation, Role


class NotSignedIn(NotPermitted):
    """The guard refused an anonymous caller: sign in first."""

    status_code = 401
    default_message = _("Please sign in first.")


class Decision(NamedTuple):
    allowed: bool
    reason: str = ""

    def __bool__(self):
        return self.allowed


def allow():
    return Decision(True, "")


def deny(reason):
    return Decision(False, str(reason))


_RULES = {}


def rule(name):
    def register(func):
        if name in _RULES:
            raise ValueError(f"permission rule {name} registered twice")
        _RULES[name] = func
        return func

    return register


def registered_rules():
    """The names of every registered rule (for the system check)."""
    return frozenset(_RULES)


def check(user, action, obj=None) -> Decision:
    try:
        func = _RULES[action]
    except KeyError:
        raise LookupError(f"no permission rule named {action}") from None
    decision = func(user, obj)
    if isinstance(decision, bool):
        decision = Decision(decision, "" if decision else str(NotPermitted.default_message))
    return decision


def guard(user, action, obj=None) -> Decision:
    """The one guard of pages, APIs and services: the decision, or NotSignedIn / NotPermitted."""
    decision = check(user, action, obj)
    if not decision:
        if not is_signed_in(user):
            raise NotSignedIn(decision.reason or None)
        raise NotPermitted(decision.reason or None)
    return decision


# Services call the guard by its older name; it is the same function.
require = guard


class GuardMiddleware:
    """Pages: a refusal of the guard (in a view or a service it calls) becomes the sign-in
    redirect for anonymous users and the 403 page with the reason otherwise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotSignedIn) or (
            isinstance(exception, NotPermitted) and not is_signed_in(getattr(request, "user", None))
        ):
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        if isinstance(exception, NotPermitted):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied(str(exception.message)) from exception
        return None


# --- Who is who ---------------------------------------------------------------------------------


def is_signed_in(user):
    return bool(user and user.is_authenticated)


def is_admin(user):
    return is_signed_in(user) and (user.is_superuser or user.has_role(Role.ADMIN))


def is_authorized_body(user):
    return is_signed_in(user) and (
        is_admin(user)
        or (
            user.has_role(Role.AUTHORIZED_BODY)
            and user.organisation is not None
            and user.organisation.kind == Organisation.Kind.AUTHORIZED_BODY
        )
    )


def is_member_of(user, organisation_id, role=None):
    """The user works for that organisation (and holds `role`, when given)."""
    if not is_signed_in(user) or organisation_id is None:
        return False
    if user.organisation_id != organisation_id:
        return False
    return role is None or user.has_role(role)


def is_body_staff(user, body_id):
    return is_member_of(user, body_id, Role.STATE_BODY)


def is_ngo_member(user, ngo_id):
    return is_member_of(user, ngo_id, Role.NGO)


NOT_YOUR_ORGANISATION = _("This belongs to another organisation.")
SIGN_IN_REQUIRED = _("Please sign in first.")


# --- Core questions -----------------------------------------------------------------------------


@rule("core.history.view")
def can_view_history(user, obj):
    """An object's history is visible to its owners and the authorized body (X-AUDIT)."""
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    # An app may narrow it for a model ("<app>.<model>.history"), e.g. a draft report's history
    # shows the draft's content, which only its NGO sees.
    narrower = f"{obj._meta.app_label}.{obj._meta.model_name}.history"
    if narrower in _RULES:
        return check(user, narrower, obj)
    if is_authorized_body(user):
        return allow()
    owners = obj.owner_org_ids() if hasattr(obj, "owner_org_ids") else set()
    if user.organisation_id in owners:
        return allow()
    return deny(NOT_YOUR_ORGANISATION)


@rule("core.organisation.edit")
def can_edit_organisation(user, org):
    if is_admin(user):
        return allow()
    if is_member_of(user, org.pk) and user.is_org_admin:
        return allow()
    if is_member_of(user, org.pk):
        return deny(_("Only your organisation's administrator can change its profile."))
    return deny(NOT_YOUR_ORGANISATION)


@rule("core.organisation.verify")
def can_verify_organisation(user, org):
    if not is_authorized_body(user):
        return deny(_("Only the authorized body verifies organisations."))
    if org.kind != Organisation.Kind.NGO:
        return deny(_("Only NGOs are verified."))
    return allow()


@rule("core.reference.edit")
def can_edit_reference(user, obj=None):
    return allow() if is_admin(user) else deny(_("Only the administrator edits reference data."))


@rule("core.file.view")
def can_view_file(user, stored):
    if stored.is_public:
        return allow()
    if not is_signed_in(user):
        return deny(SIGN_IN_REQUIRED)
    if is_admin(user) or user.organisation_id in stored.owner_org_ids():
        return allow()
    # The authorized body reads what state bodies hold or were given (X-ACL), not an NGO's
    # private drafts: a file owned by an NGO and shared with nobody stays the NGO's.
    if is_authorized_body(user) and (
        stored.viewer_org_id or stored.owner_org_id is None or not stored.owner_org.is_ngo
    ):
        return allow()
    return deny(NOT_YOUR_ORGANISATION)

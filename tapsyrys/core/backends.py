"""The sign-in backend: Django's ModelBackend, reading the signed-in user of each request with
what every page's layout needs — the organisation, the roles and the unread notifications — in
one query (issue 8: the signed-in layout in at most 2 queries; the session comes from the cache,
`SESSION_ENGINE = cached_db`)."""

from django.contrib.auth import backends
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from .models import Notification, Role, RoleAssignment, User


def _has(role):
    return Exists(RoleAssignment.objects.filter(user=OuterRef("pk"), role=role))


def user_for_request(user_id):
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    user = (
        User.objects.select_related("organisation")
        .annotate(
            unread_notification_count=Coalesce(
                Subquery(unread, output_field=IntegerField()), Value(0)
            ),
            **{f"has_role_{role}": _has(role) for role in Role.values},
        )
        .filter(pk=user_id)
        .first()
    )
    if user is not None:
        codes = frozenset(role for role in Role.values if getattr(user, f"has_role_{role}"))
        user._role_codes = codes | {Role.ADMIN} if user.is_superuser else codes
    return user


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        user = user_for_request(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

"""The sign-in backend: Django's ModelBackend, reading the signed-in user of each request with
what every page's layout needs — its organisation, its role codes and its unread notifications —
in one query (issue 8: the signed-in layout in at most 2 queries; the session comes from the
cache, `SESSION_ENGINE = cached_db`).

The query is written once from the models' columns and read into model instances with
`Model.from_db`: built with the ORM for every request (select_related, an EXISTS per role, a
counting subquery) the same answer cost more to compile than an empty page costs to render.
One row per role assignment (one row with no role when there is none):

    SELECT <user>, <organisation>, <unread count>, role
    FROM user LEFT JOIN organisation LEFT JOIN role assignment WHERE user.id = %s
"""

import functools
import weakref

from django.contrib.auth import backends
from django.db import connections

from .models import Notification, Organisation, Role, RoleAssignment, User


@functools.cache
def _layout_sql(alias):
    quote = connections[alias].ops.quote_name
    user, org, ra, note = (m._meta for m in (User, Organisation, RoleAssignment, Notification))

    def columns(meta, alias):
        return [f"{alias}.{quote(f.column)}" for f in meta.concrete_fields]

    org_fk = user.get_field("organisation").column
    select = ", ".join(
        [
            *columns(user, "u"),
            *columns(org, "o"),
            f"(SELECT COUNT(*) FROM {quote(note.db_table)} n "
            f"WHERE n.{quote(note.get_field('recipient').column)} = u.{quote(user.pk.column)} "
            f"AND n.{quote(note.get_field('read_at').column)} IS NULL)",
            f"r.{quote(ra.get_field('role').column)}",
        ]
    )
    return (
        f"SELECT {select} FROM {quote(user.db_table)} u "  # noqa: S608 (names from the models)
        f"LEFT JOIN {quote(org.db_table)} o ON o.{quote(org.pk.column)} = u.{quote(org_fk)} "
        f"LEFT JOIN {quote(ra.db_table)} r "
        f"ON r.{quote(ra.get_field('user').column)} = u.{quote(user.pk.column)} "
        f"WHERE u.{quote(user.pk.column)} = %s"
    )


# Per connection (each thread has its own: the backend's converters are bound to it), per model.
_CONVERTERS = weakref.WeakKeyDictionary()


def _converters(connection, model):
    """`model`'s attnames and, per column, what the ORM would apply to the raw value (SQLite
    keeps dates as text and booleans as integers; a field may have its own from_db_value)."""
    by_model = _CONVERTERS.setdefault(connection, {})
    if model not in by_model:
        fields = model._meta.concrete_fields
        columns = [f.get_col(model._meta.db_table) for f in fields]
        by_model[model] = (
            [f.attname for f in fields],
            [
                (c, connection.ops.get_db_converters(c) + c.get_db_converters(connection))
                for c in columns
            ],
        )
    return by_model[model]


def _instance(alias, model, values):
    connection = connections[alias]
    attnames, per_column = _converters(connection, model)
    converted = []
    for value, (column, converters) in zip(values, per_column, strict=True):
        for converter in converters:
            value = converter(value, column, connection)
        converted.append(value)
    return model.from_db(alias, attnames, converted)


def user_for_request(user_id):
    """The user with `organisation` read, `role_codes` and `unread_notification_count` set; or
    None for an unknown id."""
    alias = User.objects.db
    with connections[alias].cursor() as cursor:
        cursor.execute(_layout_sql(alias), [user_id])
        rows = cursor.fetchall()
    if not rows:
        return None
    first = rows[0]
    n_user, n_org = len(User._meta.concrete_fields), len(Organisation._meta.concrete_fields)
    user = _instance(alias, User, first[:n_user])
    org = None
    if user.organisation_id is not None:
        org = _instance(alias, Organisation, first[n_user : n_user + n_org])
    User._meta.get_field("organisation").set_cached_value(user, org)
    codes = frozenset(row[-1] for row in rows if row[-1] is not None)
    user._role_codes = codes | {Role.ADMIN} if user.is_superuser else codes
    user.unread_notification_count = first[-2]
    return user


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        user = user_for_request(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

"""Issue 8: the signed-in user of each request is read in one query (core/backends.py), and what
it reads is exactly what the ORM reads: every column of the user and of its organisation, with
the ORM's conversions (SQLite keeps dates as text and booleans as integers)."""

import datetime as dt

import pytest
from django.utils import timezone

from tapsyrys.core.backends import user_for_request
from tapsyrys.core.models import Notification, Organisation, Role, User
from tapsyrys.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _columns(instance):
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


def test_every_column_of_the_user_and_its_organisation_as_the_orm_reads_them(ngo_user):
    Organisation.objects.filter(pk=ngo_user.organisation_id).update(
        verified_at=timezone.now() - dt.timedelta(days=3)
    )
    User.objects.filter(pk=ngo_user.pk).update(last_login=timezone.now())

    read = user_for_request(ngo_user.pk)
    expected = User.objects.select_related("organisation").get(pk=ngo_user.pk)

    assert _columns(read) == _columns(expected)
    assert _columns(read.organisation) == _columns(expected.organisation)
    assert type(read.date_joined) is dt.datetime and read.date_joined.tzinfo is not None
    assert read.is_active is True and read.is_superuser is False
    assert not read._state.adding and not read.organisation._state.adding


def test_the_organisation_is_read_with_the_user(ngo_user, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = user_for_request(ngo_user.pk)
        assert user.organisation.bin == ngo_user.organisation.bin
        assert user.has_role(Role.NGO)


def test_a_user_without_an_organisation_has_none_and_no_second_query(
    expert, django_assert_num_queries
):
    with django_assert_num_queries(1):
        user = user_for_request(expert.pk)
        assert user.organisation is None
    assert user.role_codes == frozenset({Role.EXPERT})


def test_every_role_is_read_and_a_superuser_is_an_administrator(db):
    several = UserFactory(roles=[Role.STATE_BODY, Role.EXPERT, Role.COUNCIL_MEMBER])
    assert user_for_request(several.pk).role_codes == frozenset(
        {Role.STATE_BODY, Role.EXPERT, Role.COUNCIL_MEMBER}
    )
    nobody = UserFactory(roles=[])
    assert user_for_request(nobody.pk).role_codes == frozenset()
    root = UserFactory(roles=[], is_superuser=True)
    assert user_for_request(root.pk).role_codes == frozenset({Role.ADMIN})


def test_unread_notifications_are_counted_once_whatever_the_roles(db):
    user = UserFactory(roles=[Role.STATE_BODY, Role.EXPERT])
    other = UserFactory(roles=[Role.EXPERT])
    for key in ("a", "b", "c"):
        Notification.objects.create(recipient=user, key=key, subject=key)
    Notification.objects.create(recipient=user, key="d", subject="d", read_at=timezone.now())
    Notification.objects.create(recipient=other, key="e", subject="e")

    assert user_for_request(user.pk).unread_notification_count == 3  # not 3 × 2 roles
    assert user_for_request(other.pk).unread_notification_count == 1
    assert user_for_request(UserFactory(roles=[]).pk).unread_notification_count == 0


def test_an_unknown_or_inactive_user_is_not_signed_in(client, ngo_user):
    assert user_for_request(10**9) is None
    client.force_login(ngo_user)
    User.objects.filter(pk=ngo_user.pk).update(is_active=False)
    response = client.get("/dashboard/")
    assert response.status_code == 302 and "login" in response["Location"]

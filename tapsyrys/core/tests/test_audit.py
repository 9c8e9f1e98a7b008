"""X-AUDIT: the business-event log, row history, and nothing hard-deleted."""

import datetime as dt
import inspect
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from tapsyrys.core import services
from tapsyrys.core.audit import diff, history_for, log_action
from tapsyrys.core.errors import ApplicationError, NotPermitted
from tapsyrys.core.models import AuditEvent, Organisation, Region

pytestmark = pytest.mark.django_db


def test_x_audit_log_action_records_who_what_which_object_and_owner(ngo, ngo_user):
    event = log_action(
        ngo,
        "core.organisation.updated",
        actor=ngo_user,
        changes={"phones": ["", "+7 700"], "amount": [Decimal("1.50"), Decimal("2.00")]},
        data={"note": "by hand", "when": dt.date(2025, 4, 2), "rows": [1, 2]},
    )
    event.refresh_from_db()
    assert event.actor == ngo_user
    assert event.actor_label == str(ngo_user)
    assert event.action == "core.organisation.updated"
    assert event.content_type == ContentType.objects.get_for_model(Organisation)
    assert event.object_id == str(ngo.pk)
    assert event.object_repr == str(ngo)
    assert event.organisation_id == ngo.pk
    assert event.changes == {"phones": ["", "+7 700"], "amount": ["1.50", "2.00"]}
    assert event.data == {"note": "by hand", "when": "2025-04-02", "rows": [1, 2]}
    assert event.created_at <= timezone.now()


def test_x_audit_log_action_by_the_system(ngo):
    event = log_action(ngo, "core.deadline.overdue", data={"actor_label": "daily job"})
    assert event.actor is None
    assert event.actor_label == "daily job"


def test_x_audit_log_action_anonymous_actor_is_not_stored(ngo):
    from django.contrib.auth.models import AnonymousUser

    event = log_action(ngo, "core.organisation.viewed", actor=AnonymousUser())
    assert event.actor is None


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ({"a": 1}, {"a": 1}, {}),
        ({"a": 1}, {"a": 2}, {"a": [1, 2]}),
        ({"a": None}, {"a": "x", "b": 2}, {"a": [None, "x"], "b": [None, 2]}),
        (
            {"d": dt.date(2025, 1, 1)},
            {"d": dt.date(2025, 1, 2)},
            {"d": ["2025-01-01", "2025-01-02"]},
        ),
    ],
)
def test_x_audit_diff(old, new, expected):
    assert diff(old, new) == expected


def test_x_audit_organisation_update_records_old_to_new(ngo, ngo_user):
    almaty = Region.objects.get(code="almaty")
    old_region = ngo.region
    services.organisation_update(
        organisation=ngo, actor=ngo_user, phones="+7 701 111 22 33", region=almaty
    )
    ngo.refresh_from_db()
    assert ngo.phones == "+7 701 111 22 33"
    event = AuditEvent.objects.get(action="core.organisation.updated", object_id=str(ngo.pk))
    assert event.actor == ngo_user
    assert event.organisation_id == ngo.pk
    assert event.changes == {
        "phones": ["", "+7 701 111 22 33"],
        "region": [str(old_region), str(almaty)],
    }

    events, versions = history_for(ngo)
    assert events[0] == event
    assert len(versions) == 2  # created, changed
    assert versions[0]["changes"]["phones"] == ["", "+7 701 111 22 33"]
    assert versions[-1]["changes"] == {}


def test_x_audit_organisation_update_without_change_records_nothing_changed(ngo, ngo_user):
    services.organisation_update(organisation=ngo, actor=ngo_user, phones=ngo.phones)
    event = AuditEvent.objects.get(action="core.organisation.updated")
    assert event.changes == {}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"bin": "971240001315"}, "bin"),  # not editable here
        ({"is_verified": True}, "is_verified"),
        ({"name_ru": ""}, "name_ru"),
        ({"email": "not-an-e-mail"}, "email"),
    ],
)
def test_x_audit_organisation_update_refuses_and_writes_nothing(ngo, ngo_user, fields, field):
    before = Organisation.objects.filter(pk=ngo.pk).values().get()
    with pytest.raises(ApplicationError) as info:
        services.organisation_update(organisation=ngo, actor=ngo_user, **fields)
    assert info.value.field == field
    assert Organisation.objects.filter(pk=ngo.pk).values().get() == before
    assert not AuditEvent.objects.filter(action="core.organisation.updated").exists()


def test_x_audit_organisation_verify_once(authorized_user):
    ngo = Organisation.objects.create(
        kind=Organisation.Kind.NGO,
        bin="971240001315",
        name_kk="Ұйым",
        name_ru="Организация",
    )
    services.organisation_verify(organisation=ngo, actor=authorized_user)
    ngo.refresh_from_db()
    assert ngo.is_verified and ngo.verified_at is not None
    event = AuditEvent.objects.get(action="core.organisation.verified")
    assert event.actor == authorized_user
    assert event.changes == {"is_verified": [False, True]}

    verified_at = ngo.verified_at
    with pytest.raises(ApplicationError):
        services.organisation_verify(organisation=ngo, actor=authorized_user)
    ngo.refresh_from_db()
    assert ngo.verified_at == verified_at
    assert AuditEvent.objects.filter(action="core.organisation.verified").count() == 1


def test_x_audit_organisation_verify_by_others_is_refused(ngo, ngo_user, body_user):
    ngo.is_verified = False
    ngo.save()
    for actor in (ngo_user, body_user):
        with pytest.raises(NotPermitted):
            services.organisation_verify(organisation=ngo, actor=actor)
    ngo.refresh_from_db()
    assert not ngo.is_verified


def test_x_audit_role_grant_is_logged_once(ngo_user, admin_user):
    services.role_grant(user=ngo_user, role="expert", actor=admin_user)
    services.role_grant(user=ngo_user, role="expert", actor=admin_user)
    assert ngo_user.has_role("expert")
    assert AuditEvent.objects.filter(action="core.role.granted").count() == 1


def test_x_audit_services_never_hard_delete():
    source = inspect.getsource(services)
    assert ".delete(" not in source
    assert "delete()" not in source


def test_x_audit_row_history_keeps_every_version(ngo, ngo_user):
    for phone in ("+7 700 000 00 01", "+7 700 000 00 02"):
        services.organisation_update(organisation=ngo, actor=ngo_user, phones=phone)
    history = list(ngo.history.order_by("history_date").values_list("phones", flat=True))
    assert history == ["", "+7 700 000 00 01", "+7 700 000 00 02"]

"""The verification queue (issue 13 item 10): the e-mail status and the date of registration of
each NGO, and rejection with a reason — confirmed, audited, the NGO notified, refused to anyone
but the authorized body."""

import pytest
from django.utils import timezone

from tapsyrys.contracting import services
from tapsyrys.core.audit import history_for
from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.models import AuditEvent, EmailConfirmation, Notification, Organisation, Role
from tapsyrys.core.tests.factories import OrganisationFactory, UserFactory, next_bin

from .test_registry import registration_data

pytestmark = pytest.mark.django_db

QUEUE = "/contracting/ngos/verification/"


@pytest.fixture
def pending(ngo, ngo_user):
    Organisation.objects.filter(pk=ngo.pk).update(is_verified=False)
    ngo.refresh_from_db()
    return ngo


def reject_url(org):
    return f"/contracting/ngos/{org.pk}/reject/"


def test_queue_shows_the_e_mail_status_and_the_registration_date(
    client, client_for, authorized_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/contracting/ngos/register/", registration_data(next_bin("1504")))
    fresh = Organisation.objects.get(email="info@new-step.kz")
    confirmed = OrganisationFactory(is_verified=False, created_at=timezone.now().replace(year=2025))
    UserFactory(organisation=confirmed, roles=[Role.NGO], is_org_admin=True)  # no row: confirmed

    html = client_for(authorized_user).get(QUEUE).content.decode()
    fresh_row = html.split(f'data-testid="queue-{fresh.bin}"')[1].split("</tr>")[0]
    confirmed_row = html.split(f'data-testid="queue-{confirmed.bin}"')[1].split("</tr>")[0]
    assert 'data-testid="email-unconfirmed"' in fresh_row and "info@new-step.kz" in fresh_row
    assert 'data-testid="email-confirmed"' in confirmed_row
    local = timezone.localtime(fresh.created_at)
    assert local.strftime("%d.%m.%Y %H:%M") in fresh_row
    assert timezone.localtime(confirmed.created_at).strftime("%d.%m.%Y") in confirmed_row

    # once the administrator follows the link, the queue says so
    EmailConfirmation.objects.filter(user__organisation=fresh).update(confirmed_at=timezone.now())
    html = client_for(authorized_user).get(QUEUE).content.decode()
    fresh_row = html.split(f'data-testid="queue-{fresh.bin}"')[1].split("</tr>")[0]
    assert 'data-testid="email-confirmed"' in fresh_row


def test_reject_asks_for_confirmation_then_rejects_audits_and_notifies(
    client_for, authorized_user, pending, ngo_user, django_capture_on_commit_callbacks
):
    client = client_for(authorized_user)
    assert f'href="{reject_url(pending)}"' in client.get(QUEUE).content.decode()
    confirm = client.get(reject_url(pending))
    assert confirm.status_code == 200
    assert 'data-testid="reject-confirm"' in confirm.content.decode()
    pending.refresh_from_db()
    assert pending.rejected_at is None  # the GET changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reject_url(pending), {"reason": "  The charter is missing.  "})
    assert response.status_code == 302 and response["Location"] == QUEUE
    pending.refresh_from_db()
    assert pending.rejected_at is not None and not pending.is_verified
    assert pending.rejection_reason == "The charter is missing."
    event = AuditEvent.objects.get(action="core.organisation.rejected", object_id=str(pending.pk))
    assert event.actor == authorized_user and event.data["reason"] == "The charter is missing."
    assert event in history_for(pending)[0]
    note = Notification.objects.get(recipient=ngo_user, key__startswith="contracting.ngo.rejected")
    assert "The charter is missing." in note.body
    assert note.url == f"/contracting/ngos/{pending.pk}/"
    # it leaves the queue, and the NGO sees why on its own page
    assert f'data-testid="queue-{pending.bin}"' not in client.get(QUEUE).content.decode()
    mine = client_for(ngo_user).get("/contracting/my/").content.decode()
    assert 'data-testid="rejection"' in mine and "The charter is missing." in mine


def test_reject_needs_a_reason(client_for, authorized_user, pending):
    response = client_for(authorized_user).post(reject_url(pending), {"reason": "   "})
    assert response.status_code == 400
    assert "reason" in response.context["form"].errors
    pending.refresh_from_db()
    assert pending.rejected_at is None
    with pytest.raises(ApplicationError) as info:
        services.ngo_reject(organisation=pending, actor=authorized_user, reason="")
    assert info.value.field == "reason"


@pytest.mark.parametrize("who", ["body_user", "other_ngo_user", "ngo_user", "citizen"])
def test_only_the_authorized_body_rejects(request, client_for, pending, who):
    user = UserFactory(roles=[Role.CITIZEN]) if who == "citizen" else request.getfixturevalue(who)
    client = client_for(user)
    assert client.get(reject_url(pending)).status_code == 403
    assert client.post(reject_url(pending), {"reason": "No."}).status_code == 403
    with pytest.raises(ApplicationError):
        services.ngo_reject(organisation=pending, actor=user, reason="No.")
    pending.refresh_from_db()
    assert pending.rejected_at is None
    assert not AuditEvent.objects.filter(action="core.organisation.rejected").exists()


def test_a_verified_or_rejected_ngo_is_not_rejected_again(authorized_user, pending):
    services.ngo_reject(organisation=pending, actor=authorized_user, reason="No charter.")
    with pytest.raises(ApplicationError, match="already been rejected"):
        services.ngo_reject(organisation=pending, actor=authorized_user, reason="Again.")
    # verifying later (the NGO put things right) clears the rejection
    services.ngo_verify(organisation=pending, actor=authorized_user)
    pending.refresh_from_db()
    assert pending.is_verified and pending.rejected_at is None and pending.rejection_reason == ""
    with pytest.raises(ApplicationError, match="already verified"):
        services.ngo_reject(organisation=pending, actor=authorized_user, reason="Late.")

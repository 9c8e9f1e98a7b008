"""X-NOTIFY: in-app notifications, idempotent per key, e-mailed on commit in the user's language.

`services.notify` writes outbox rows (one per recipient and channel) delivered after commit.
"""

import pytest
from django.core import mail
from django.utils.translation import gettext_lazy

from tapsyrys.core import services
from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.models import Notification, Outbox, Role
from tapsyrys.core.outbox import deliver

from .factories import UserFactory

pytestmark = pytest.mark.django_db

# A message Django itself translates into kk and ru, so the test does not depend on our catalogues.
SUBJECT = gettext_lazy("Saturday")
EXPECTED = {"en": "Saturday", "ru": "Суббота", "kk": "Сенбі"}


def test_x_notify_is_idempotent_per_key(ngo_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.notify(recipients=[ngo_user], key="report:1:due", subject="Report due")
        second = services.notify(recipients=[ngo_user], key="report:1:due", subject="Report due")
    assert sorted(Outbox.objects.filter(pk__in=first).values_list("channel", flat=True)) == [
        "email",
        "in_app",
    ]
    assert second == []
    assert Notification.objects.filter(recipient=ngo_user).count() == 1
    assert len(mail.outbox) == 1


def test_x_notify_same_key_for_different_users_and_different_keys(
    ngo_user, other_ngo_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=[ngo_user, other_ngo_user], key="k1", subject="A")
        services.notify(recipients=[ngo_user], key="k2", subject="B")
    assert Notification.objects.filter(recipient=ngo_user).count() == 2
    assert Notification.objects.filter(recipient=other_ngo_user).count() == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [ngo_user.email, ngo_user.email, other_ngo_user.email]
    )


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_x_notify_renders_in_the_recipients_language(
    ngo, language, django_capture_on_commit_callbacks
):
    user = UserFactory(organisation=ngo, roles=[Role.NGO], language=language)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            recipients=[user],
            key="lang",
            subject=SUBJECT,
            body=lambda: f"{SUBJECT} — 02.04.2025",
            url="/accounts/notifications/",
        )
    note = Notification.objects.get(recipient=user)
    assert note.subject == EXPECTED[language]
    assert note.body == f"{EXPECTED[language]} — 02.04.2025"
    (message,) = mail.outbox
    assert message.subject == EXPECTED[language]
    assert message.to == [user.email]
    assert message.body.startswith(f"{EXPECTED[language]} — 02.04.2025")
    assert message.body.endswith("/accounts/notifications/")


def test_x_notify_emails_only_on_commit(ngo_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.notify(recipients=[ngo_user], key="k", subject="Hello")
    assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1
    note = Notification.objects.get(recipient=ngo_user)
    assert note.emailed_at is not None
    callbacks[0]()  # a second run of the same callback does not send twice
    assert len(mail.outbox) == 1


def test_x_notify_skips_inactive_users_and_users_without_e_mail(
    ngo, django_capture_on_commit_callbacks
):
    inactive = UserFactory(organisation=ngo, is_active=False)
    no_mail = UserFactory(organisation=ngo, email="")
    with django_capture_on_commit_callbacks(execute=True):
        created = services.notify(recipients=[inactive, no_mail, None], key="k", subject="S")
    rows = Outbox.objects.filter(pk__in=created)
    assert [(r.recipient, r.channel) for r in rows] == [(no_mail, "in_app")]
    assert Notification.objects.get().recipient == no_mail
    assert mail.outbox == []


def test_x_notify_without_email(ngo_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=[ngo_user], key="k", subject="S", email=False)
    assert Notification.objects.filter(recipient=ngo_user).exists()
    assert mail.outbox == []


def _delivered(**kwargs):
    deliver(services.notify(**kwargs))
    return Notification.objects.get(recipient=kwargs["recipients"][0], key=kwargs["key"])


def test_x_notify_mark_read_only_by_the_recipient(ngo_user, other_ngo_user):
    note = _delivered(recipients=[ngo_user], key="k", subject="S", email=False)
    with pytest.raises(ApplicationError):
        services.notification_mark_read(notification=note, actor=other_ngo_user)
    note.refresh_from_db()
    assert note.read_at is None
    services.notification_mark_read(notification=note, actor=ngo_user)
    note.refresh_from_db()
    assert note.read_at is not None


def test_x_notify_inbox_page_and_read_of_another_users_notification(
    client_for, ngo_user, other_ngo_user
):
    note = _delivered(recipients=[ngo_user], key="k", subject="Report due", email=False)
    response = client_for(ngo_user).get("/accounts/notifications/")
    assert response.status_code == 200
    assert "Report due" in response.content.decode()
    assert (
        "Report due"
        not in client_for(other_ngo_user).get("/accounts/notifications/").content.decode()
    )
    assert (
        client_for(other_ngo_user).post(f"/accounts/notifications/{note.pk}/read/").status_code
        == 404
    )
    note.refresh_from_db()
    assert note.read_at is None


def test_x_notify_users_of(body, body_user, other_body_user):
    UserFactory(organisation=body, roles=[Role.NGO])  # same organisation, other role
    UserFactory(organisation=body, roles=[Role.STATE_BODY], is_active=False)
    assert services.users_of(body.pk, Role.STATE_BODY) == [body_user]

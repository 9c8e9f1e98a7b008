"""The outbox (X-NOTIFY): written with the event, delivered after commit, a delivery failure
never fails the request and is retried with backoff up to a limit; texts in each
recipient's language."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import translation
from django.utils.translation import gettext

from tapsyrys.calendar.rules import ALMATY
from tapsyrys.contracting.tests.factories import contract_make
from tapsyrys.core import due, events
from tapsyrys.core.models import Area, AuditEvent, Notification, Outbox, Role
from tapsyrys.core.outbox import MAX_ATTEMPTS, backoff, deliver
from tapsyrys.formation import services as formation
from tapsyrys.formation.models import Comment, EvidenceKind

from .factories import UserFactory

pytestmark = pytest.mark.django_db
SENT = []


class FailingBackend(BaseEmailBackend):
    """An SMTP server that is down."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server is down")


class CountingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        SENT.extend(messages)
        return len(messages)


def at(*args):
    return dt.datetime(*args, tzinfo=ALMATY)


@pytest.fixture
def topic(body_user):
    evidence = formation.evidence_add(
        body=body_user.organisation,
        actor=body_user,
        kind=EvidenceKind.NEEDS_ASSESSMENT,
        title="Оценка потребностей",
        date=dt.date(2024, 6, 1),
    )
    with time_machine.travel(at(2025, 3, 1, 10), tick=False):
        cycle = formation.cycle_open(body=body_user.organisation, year=2026, actor=body_user)
        topic = formation.topic_create(
            cycle=cycle,
            actor=body_user,
            area=Area.objects.get(code="youth"),
            sources=[evidence],
            theme_kk="Жастар",
            theme_ru="Молодёжь",
            financing=Decimal("1500"),
            justification="Оценка",
            target_group="Молодёжь",
            expected_result="300 участников",
        )
    formation.cycle_publish(cycle=cycle, actor=body_user, now=at(2025, 3, 14, 10))
    return topic


def test_an_e_mail_backend_that_raises_leaves_the_comment_and_201_and_retries(
    topic, body_user, api_for, settings, django_capture_on_commit_callbacks
):
    SENT.clear()
    settings.EMAIL_BACKEND = "tapsyrys.core.tests.test_outbox.FailingBackend"
    with (
        time_machine.travel(at(2025, 3, 20, 12), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        r = api_for(None).post(
            f"/api/formation/topics/{topic.pk}/comments/",
            {"author_name": "Айгуль", "author_contact": "a@example.kz", "remark": "Охват"},
            format="json",
        )
    assert r.status_code == 201, r.content
    assert Comment.objects.count() == 1
    key = f"formation.comment.posted:{Comment.objects.get().pk}"
    # the in-app notice is there; the e-mail failed, is stored with its error, and waits
    assert Notification.objects.filter(recipient=body_user, key=key).count() == 1
    row = Outbox.objects.get(recipient=body_user, channel=Outbox.Channel.EMAIL, key=key)
    assert row.delivered_at is None and row.attempts == 1
    assert "SMTP server is down" in row.last_error
    assert row.event.action == "formation.comment.posted"
    # the server is back; before the backoff nothing is retried, after it once
    settings.EMAIL_BACKEND = "tapsyrys.core.tests.test_outbox.CountingBackend"
    failed_at = row.next_attempt_at - backoff(1)
    assert deliver(now=failed_at + dt.timedelta(minutes=1)) == 0
    assert SENT == []
    report = due.run(now=failed_at + backoff(1))  # the daily job retries the outbox too
    assert report["core.outbox.delivered"] == 1
    assert deliver(now=failed_at + dt.timedelta(days=1)) == 0
    assert [m.to for m in SENT] == [[body_user.email]]
    row.refresh_from_db()
    assert row.delivered_at is not None and row.attempts == 2 and row.last_error == ""
    assert Notification.objects.get(recipient=body_user, key=key).emailed_at is not None


def test_retries_stop_at_the_limit(ngo_user, settings):
    settings.EMAIL_BACKEND = "tapsyrys.core.tests.test_outbox.FailingBackend"
    from tapsyrys.core.services import notify

    ids = notify(recipients=[ngo_user], key="k", subject="S")
    moment = Outbox.objects.get(channel=Outbox.Channel.EMAIL).next_attempt_at
    for _ in range(MAX_ATTEMPTS + 2):
        deliver(ids, now=moment)
        moment += dt.timedelta(days=1)
    row = Outbox.objects.get(channel=Outbox.Channel.EMAIL)
    assert row.attempts == MAX_ATTEMPTS and row.delivered_at is None


@pytest.mark.parametrize(("attempts", "minutes"), [(1, 5), (2, 10), (3, 20), (5, 80)])
def test_backoff_doubles(attempts, minutes):
    assert backoff(attempts) == dt.timedelta(minutes=minutes)


def test_record_writes_the_event_and_the_outbox_in_the_callers_transaction(
    body_user, ngo, django_capture_on_commit_callbacks
):
    users = {lang: UserFactory(organisation=ngo, roles=[Role.NGO], language=lang) for lang in ["kk", "ru", "en"]}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        contract = contract_make(body_user, ngo)
        assert mail.outbox == [] and not Notification.objects.exists()  # not before commit
    event = AuditEvent.objects.get(action="contracting.contract.created")
    rows = Outbox.objects.filter(event=event)
    assert rows.count() == 6  # three NGO users × (in-app, e-mail)
    for callback in callbacks:
        callback()
    for lang, user in users.items():
        note = Notification.objects.get(recipient=user)
        with translation.override(lang):
            assert note.subject == gettext("A contract has been registered for your NGO")
            assert contract.number in note.body
    assert len(mail.outbox) == 3
    for callback in callbacks:
        callback()  # delivering again sends nothing twice
    assert len(mail.outbox) == 3


def test_an_event_without_a_registered_kind_writes_no_outbox_rows(body_user, ngo):
    contract = contract_make(body_user, ngo)
    Outbox.objects.all().delete()
    events.record(contract, "contracting.contract.looked_at", actor=body_user)
    assert AuditEvent.objects.filter(action="contracting.contract.looked_at").count() == 1
    assert not Outbox.objects.exists()

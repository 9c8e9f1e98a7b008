"""X-NOTIFY × X-I18N (issue 13): a notice — in the application and by e-mail — reads in its
recipient's language (the language stored on the account), whatever the language of the
request that caused it; the texts of the records it quotes (a body's name, a lot's name) too.

The strings asserted are ones the kk/ru catalogues already translate."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from tapsyrys.calendar.rules import ALMATY
from tapsyrys.contracting.tests.factories import contract_make
from tapsyrys.core.models import Notification, Role
from tapsyrys.formation import services as formation
from tapsyrys.formation.tests.factories import PLACED, cycle_make

from .factories import UserFactory

pytestmark = pytest.mark.django_db

SUBJECT = {
    "kk": "Жоспарланған тақырыптарыңызға жаңа ескерту",
    "ru": "Новое замечание к вашим планируемым темам",
}
BODY = {
    "kk": "Талқылау аяқталғаннан кейін 3 жұмыс күні ішінде шешім қабылдаңыз.",
    "ru": "Примите решение в течение 3 рабочих дней после окончания обсуждения.",
}


@pytest.fixture
def staff(body):
    return {
        lang: UserFactory(organisation=body, roles=[Role.STATE_BODY], language=lang)
        for lang in ("kk", "ru")
    }


@pytest.mark.parametrize("request_language", ["ru", "kk", "en"])
def test_a_comment_notice_reads_in_each_recipients_language_in_the_app_and_by_e_mail(
    staff, body_user, client, request_language, django_capture_on_commit_callbacks
):
    cycle = cycle_make(body_user, topics=1)
    formation.cycle_publish(cycle=cycle, actor=body_user, now=PLACED)
    topic = cycle.topics.get()
    mail.outbox.clear()
    with (
        time_machine.travel(dt.datetime(2025, 3, 20, 12, tzinfo=ALMATY), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        r = client.post(
            reverse("formation:public_comment", args=[topic.pk]),
            {"author_name": "Айгуль", "author_contact": "a@example.kz", "remark": "Охват"},
            HTTP_ACCEPT_LANGUAGE=request_language,  # the commenter's language is not theirs
        )
    assert r.status_code in (200, 302), r.status_code
    for lang, user in staff.items():
        note = Notification.objects.get(recipient=user, key__startswith="formation.comment")
        assert (note.subject, note.body) == (SUBJECT[lang], BODY[lang])
        [message] = [m for m in mail.outbox if m.to == [user.email]]
        assert message.subject == SUBJECT[lang]
        assert message.body.startswith(BODY[lang])


def test_the_texts_a_notice_quotes_are_in_the_recipients_language(
    body, body_user, ngo, django_capture_on_commit_callbacks
):
    body.name_kk, body.name_ru = "Алматы қаласының әкімдігі", "Акимат города Алматы"
    body.save(update_fields=["name_kk", "name_ru"])
    users = {
        lang: UserFactory(organisation=ngo, roles=[Role.NGO], language=lang)
        for lang in ("kk", "ru")
    }
    with django_capture_on_commit_callbacks(execute=True):
        contract_make(body_user, ngo)
    kk = Notification.objects.get(recipient=users["kk"])
    ru = Notification.objects.get(recipient=users["ru"])
    assert kk.subject == "Сіздің ҮЕҰ-ыңызбен шарт тіркелді"
    assert ru.subject == "Для вашего НПО зарегистрирован договор"
    assert body.name_kk in kk.body and body.name_ru not in kk.body
    assert body.name_ru in ru.body and body.name_kk not in ru.body


def test_the_language_chosen_before_signing_in_becomes_the_accounts_and_the_notices(
    ngo, client_for, django_capture_on_commit_callbacks
):
    from django.conf import settings

    from tapsyrys.core.models import AuditEvent
    from tapsyrys.core.services import notify
    from tapsyrys.formation.notifications import gettext_lazy

    user = UserFactory(organisation=ngo, roles=[Role.NGO], language="ru")
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "kk"  # the switch, used before signing in
    assert client.get("/accounts/notifications/")["Content-Language"] == "kk"
    user.refresh_from_db()
    assert user.language == "kk"
    assert AuditEvent.objects.filter(action="core.user.language_changed").count() == 1
    client.get("/accounts/notifications/")  # once: the account already has it
    assert AuditEvent.objects.filter(action="core.user.language_changed").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[user], key="k", subject=gettext_lazy(SUBJECT_MSGID))
    assert Notification.objects.get(recipient=user).subject == SUBJECT["kk"]


SUBJECT_MSGID = "A new comment on your planned topics"

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core import mail

from tapsyrys.core import due
from tapsyrys.core.errors import ApplicationError, NotPermitted, TransitionNotAllowed
from tapsyrys.core.models import Area, AuditEvent, Notification, ServiceType
from tapsyrys.formation import deadlines, services
from tapsyrys.formation.models import (
    Comment,
    CommentDecision,
    Cycle,
    Publication,
    Stage,
    Topic,
    TopicProposal,
)
from tapsyrys.formation.selectors import approved_topics_for

from .conftest import PLACED, at, comment_on

pytestmark = pytest.mark.django_db


def test_publish_sets_the_legal_deadlines(published):
    assert published.stage == Stage.DISCUSSION
    assert published.discussion_ends_at == at(2025, 4, 2, 23, 59, 59)
    assert published.decisions_due_at == at(2025, 4, 7, 23, 59, 59)
    assert Publication.objects.filter(cycle=published, kind="annex1").count() == 1
    event = AuditEvent.objects.get(action="formation.cycle.published")
    # the topic list as placed is in the public ledger in kk/ru × xlsx/pdf
    assert sorted(event.data["ledger"]) == ["kk.pdf", "kk.xlsx", "ru.pdf", "ru.xlsx"]


def test_comment_at_23_59_accepted_and_at_00_00_refused(published):
    topic = published.topics.first()
    comment = comment_on(topic, at(2025, 4, 2, 23, 59))
    assert comment.pk
    with pytest.raises(services.DiscussionClosed) as exc:
        comment_on(topic, at(2025, 4, 3, 0, 0), remark="Опоздавший")
    assert "02.04.2025" in str(exc.value.message)
    assert exc.value.extra["proposal_year"] == 2027
    assert Comment.objects.count() == 1


def test_late_comment_kept_as_proposal_for_next_year(published):
    topic = published.topics.first()
    item = services.proposal_keep(
        topic=topic, author_name="Сергей", author_contact="+7 701 000 00 00",
        remark="Поздно", now=at(2025, 4, 3, 0, 0),
    )  # fmt: skip
    assert item.year == 2027 and item.body_id == published.body_id
    assert item.source == TopicProposal.Source.LATE_COMMENT
    assert Comment.objects.count() == 0
    with pytest.raises(ApplicationError):  # while the discussion is open: comment instead
        services.proposal_keep(
            topic=topic, author_name="A", author_contact="b", remark="x", now=PLACED
        )


def test_comment_on_unpublished_discussion_refused(make_cycle):
    cycle = make_cycle()
    with pytest.raises(ApplicationError):
        comment_on(cycle.topics.first(), PLACED)
    assert Comment.objects.count() == 0


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"remark": "x" * 2001}, "remark"),
        ({"remark": "", "proposal": ""}, "remark"),
        ({"author_name": ""}, "author_name"),
        ({"author_contact": "  "}, "author_contact"),
        ({"proposal": "y" * 2001}, "proposal"),
    ],
)
def test_bad_comment_input(published, kw, field):
    with pytest.raises(ApplicationError) as exc:
        comment_on(published.topics.first(), at(2025, 3, 20, 12, 0), **kw)
    assert exc.value.field == field
    assert Comment.objects.count() == 0


def test_rate_limit_per_address(published, settings):
    topic = published.topics.first()
    for _ in range(settings.TAPSYRYS_COMMENT_RATE_LIMIT):
        comment_on(topic, at(2025, 3, 20, 12, 0), ip="10.1.1.1")
    with pytest.raises(ApplicationError):
        comment_on(topic, at(2025, 3, 20, 12, 0), ip="10.1.1.1")
    comment_on(topic, at(2025, 3, 20, 12, 0), ip="10.1.1.2")
    assert Comment.objects.count() == settings.TAPSYRYS_COMMENT_RATE_LIMIT + 1


def test_rejection_needs_justification_acceptance_does_not(published, body_user):
    topic = published.topics.first()
    c1 = comment_on(topic, at(2025, 3, 20, 12, 0))
    c2 = comment_on(topic, at(2025, 3, 21, 12, 0), remark="Второе")
    with pytest.raises(ApplicationError) as exc:
        services.comment_decide(
            comment=c1, actor=body_user, accepted=False, justification="  ", now=at(2025, 4, 3, 9)
        )
    assert exc.value.field == "justification"
    assert CommentDecision.objects.count() == 0
    services.comment_decide(comment=c2, actor=body_user, accepted=True, now=at(2025, 4, 3, 9))
    assert Comment.objects.get(pk=c2.pk).outcome == Comment.Outcome.ACCEPTED


def test_deciding_twice_is_a_new_version_with_audit(
    published, body_user, django_capture_on_commit_callbacks
):
    c = comment_on(published.topics.first(), at(2025, 3, 20, 12, 0))
    services.comment_decide(comment=c, actor=body_user, accepted=True, now=at(2025, 4, 3, 9))
    # deciding never publishes Annex 2 as a side effect (X-ACL): the body publishes it
    assert Publication.objects.filter(cycle=published, kind="annex2").count() == 0
    services.cycle_report_publish(cycle=published, actor=body_user, now=at(2025, 4, 3, 10))
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_decide(
            comment=c, actor=body_user, accepted=False, justification="Вне компетенции",
            now=at(2025, 4, 4, 9),
        )  # fmt: skip
    versions = list(CommentDecision.objects.filter(comment=c).order_by("version"))
    assert [(v.version, v.accepted) for v in versions] == [(1, True), (2, False)]
    c.refresh_from_db()
    assert c.outcome == Comment.Outcome.REJECTED and c.decision_version == 2
    event = AuditEvent.objects.get(action="formation.comment.redecided")
    assert event.changes["outcome"] == ["accepted", "rejected"]
    assert Publication.objects.filter(cycle=published, kind="annex2").count() == 1
    # the corrected report is published as a new version by the body, explicitly
    services.cycle_report_publish(cycle=published, actor=body_user, now=at(2025, 4, 4, 10))
    assert Publication.objects.filter(cycle=published, kind="annex2").count() == 2


def test_report_published_when_all_decided_after_the_end(published, body_user):
    c = comment_on(published.topics.first(), at(2025, 3, 20, 12, 0))
    services.comment_decide(comment=c, actor=body_user, accepted=True, now=at(2025, 3, 25, 9))
    assert Cycle.objects.get(pk=published.pk).stage == Stage.DISCUSSION  # not ended yet
    with pytest.raises(ApplicationError):
        services.cycle_report_publish(cycle=published, actor=body_user, now=at(2025, 3, 26, 9))
    assert Cycle.objects.get(pk=published.pk).stage == Stage.DISCUSSION  # decided, not published
    report = due.run(now=at(2025, 4, 3, 1))
    assert report[deadlines.DISCUSSION_END] == 1
    assert due.run(now=at(2025, 4, 3, 2))[deadlines.DISCUSSION_END] == 0
    cycle = Cycle.objects.get(pk=published.pk)
    assert cycle.stage == Stage.REPORTED
    pub = Publication.objects.get(cycle=cycle, kind="annex2")
    assert pub.rows[0]["outcome"] == "accepted"
    stored = {(e.language, e.format, e.version): len(e.sha256) for e in pub.entries()}
    assert stored == {(lang, fmt, 1): 64 for lang in ("kk", "ru") for fmt in ("xlsx", "pdf")}


def test_hidden_comment_kept_and_not_blocking(published, body_user):
    c = comment_on(published.topics.first(), at(2025, 3, 20, 12, 0))
    with pytest.raises(ApplicationError):
        services.comment_hide(comment=c, actor=body_user, reason="")
    services.comment_hide(comment=c, actor=body_user, reason="Оскорбления", now=at(2025, 3, 20, 13))
    assert Comment.objects.get(pk=c.pk).is_hidden
    services.cycle_report_publish(cycle=published, actor=body_user, now=at(2025, 4, 3, 9))
    # the hidden comment is left out; each topic is still listed, saying no comment came
    rows = Publication.objects.get(kind="annex2").rows
    assert [r.get("no_comments") for r in rows] == [True] * published.topics.count()


def test_overdue_decisions_notified_once(published, body_user, django_capture_on_commit_callbacks):
    comment_on(published.topics.first(), at(2025, 3, 20, 12, 0))
    assert due.run(now=at(2025, 4, 7, 23, 0))[deadlines.DECISIONS_DUE] == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert due.run(now=at(2025, 4, 8, 9, 0))[deadlines.DECISIONS_DUE] == 1
    assert due.run(now=at(2025, 4, 8, 10, 0))[deadlines.DECISIONS_DUE] == 0
    assert AuditEvent.objects.filter(action="formation.decisions.overdue").count() == 1
    assert Cycle.objects.get(pk=published.pk).stage == Stage.DISCUSSION  # pending: no Annex 2
    notes = Notification.objects.filter(
        recipient=body_user, key__startswith="formation.decisions.overdue"
    )
    assert notes.count() == 1
    assert any("overdue" in m.subject.lower() for m in mail.outbox)


def test_other_body_cannot_edit_publish_or_decide(published, make_cycle, other_body_user, area):
    c = comment_on(published.topics.first(), at(2025, 3, 20, 12, 0))
    with pytest.raises(NotPermitted):
        services.comment_decide(comment=c, actor=other_body_user, accepted=True)
    with pytest.raises(NotPermitted):
        services.cycle_publish(cycle=published, actor=other_body_user)
    with pytest.raises(NotPermitted):
        services.topic_create(cycle=published, actor=other_body_user, area=area, sources=[1])
    assert CommentDecision.objects.count() == 0


def test_publishing_an_empty_list_refused(body, body_user):
    with time_machine.travel(at(2025, 3, 1, 10), tick=False):
        cycle = services.cycle_open(body=body, year=2026, actor=body_user)
    with pytest.raises(ApplicationError):
        services.cycle_publish(cycle=cycle, actor=body_user, now=PLACED)
    assert Cycle.objects.get(pk=cycle.pk).stage == Stage.PLANNING


def test_publishing_twice_is_a_forbidden_transition(published, body_user):
    with pytest.raises(TransitionNotAllowed):
        services.cycle_publish(cycle=published, actor=body_user, now=PLACED)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"financing": "-10"}, "financing"),
        ({"financing": "много"}, "financing"),
        ({"sources": []}, "sources"),
        ({"area": "animals_2021"}, "area"),
        ({"theme_ru": ""}, "theme_ru"),
    ],
)
def test_bad_topic_input_writes_nothing(make_cycle, body_user, evidence, area, changes, field):
    cycle = make_cycle(topics=0)
    data = {
        "area": area, "sources": [evidence], "theme_kk": "Тақырып", "theme_ru": "Тема",
        "financing": "100", "justification": "J", "target_group": "T", "expected_result": "R",
    }  # fmt: skip
    if changes.get("area") == "animals_2021":
        # an area of the 2022 edition that the 2021 edition does not have, in a 2021 cycle
        Cycle.objects.filter(pk=cycle.pk).update(
            edition=cycle.edition.__class__.objects.get(code="2021")
        )
        cycle.refresh_from_db()
        changes = {"area": Area.objects.get(code="animals")}
    data.update(changes)
    with pytest.raises(ApplicationError) as exc:
        services.topic_create(cycle=cycle, actor=body_user, **data)
    assert exc.value.field == field
    assert Topic.objects.count() == 0


def test_budget_limit(make_cycle, body_user, evidence, area):
    cycle = make_cycle(topics=1, limit="2000")
    with pytest.raises(ApplicationError) as exc:
        services.topic_create(
            cycle=cycle, actor=body_user, area=area, sources=[evidence], theme_kk="A",
            theme_ru="B", financing="600", justification="J", target_group="T",
            expected_result="R",
        )  # fmt: skip
    assert exc.value.field == "financing"
    assert cycle.topics.count() == 1
    with pytest.raises(ApplicationError):
        services.cycle_set_limit(cycle=cycle, actor=body_user, budget_limit="1000")


def test_whole_cycle_to_ready_to_procure(
    published, body_user, authorized_user, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    services.cycle_report_publish(cycle=published, actor=body_user, now=at(2025, 4, 3, 9))
    with django_capture_on_commit_callbacks(execute=True):
        services.cycle_submit(cycle=published, actor=body_user, now=at(2025, 4, 10, 9))
    assert Notification.objects.filter(recipient=authorized_user).exists()
    t1, t2 = published.topics.order_by("number")
    with pytest.raises(NotPermitted):
        services.topic_recommend(topic=t1, actor=body_user, recommendation="supported")
    services.topic_recommend(topic=t1, actor=authorized_user, recommendation="supported")
    with pytest.raises(ApplicationError):
        services.topic_recommend(topic=t2, actor=authorized_user, recommendation="revise")
    services.topic_recommend(
        topic=t2, actor=authorized_user, recommendation="not_supported", text="Нет"
    )
    with pytest.raises(ApplicationError):
        services.cycle_fix(cycle=published, actor=body_user)
    pdf = SimpleUploadedFile("spec.pdf", b"%PDF-1.4\n%demo\n1 0 obj<<>>endobj\n%%EOF\n")
    service = ServiceType.objects.first()
    services.topic_set_spec(
        topic=t1, actor=body_user, included=True, upload=pdf, service_types=[service]
    )
    services.topic_set_spec(topic=t2, actor=body_user, included=False)
    services.cycle_fix(cycle=published, actor=body_user, now=at(2025, 8, 1, 9))
    with pytest.raises(ApplicationError):
        services.cycle_budget_enter(
            cycle=published,
            actor=body_user,
            approved_on=dt.date(2025, 12, 5),
            amounts={t1.pk: "-1"},
            now=at(2025, 12, 10, 9),
        )
    services.cycle_budget_enter(
        cycle=published, actor=body_user, approved_on=dt.date(2025, 12, 5),
        amounts={t1.pk: "1400.5"}, now=at(2025, 12, 10, 9),
    )  # fmt: skip
    assert list(approved_topics_for(published.body)) == []
    services.cycle_annex3_publish(cycle=published, actor=body_user, now=at(2026, 1, 10, 9))
    ready = list(approved_topics_for(published.body))
    assert ready == [t1]
    assert ready[0].approved_amount == Decimal("1400.5")
    assert Publication.objects.filter(kind="annex3_budget").get().rows[0]["amount"] == "1400.500"

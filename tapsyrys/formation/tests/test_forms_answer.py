"""Issue 13: the forms of the staff's comments page answer at the form that was used, keep the
chosen option on an error and have their own ids; irreversible actions ask once more."""

import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from tapsyrys.formation.models import Comment, CommentDecision, Stage, Topic

from .conftest import at, comment_on

pytestmark = pytest.mark.django_db

DECIDING = at(2025, 4, 3, 9, 0)


def _comments(published, n):
    topic = published.topics.order_by("number").first()
    return [comment_on(topic, at(2025, 3, 20, 12, i)) for i in range(n)]


def _article(html, comment):
    start = html.index(f'id="c{comment.pk}"')
    return html[start : html.index("</article>", start)]


def test_every_comment_form_has_its_own_ids_and_labels(published, client_for, body_user):
    rows = _comments(published, 7)
    with time_machine.travel(DECIDING, tick=False):
        html = client_for(body_user).get(reverse("formation:comments", args=[published.pk]))
    html = html.content.decode()
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "element ids repeat"
    for c in rows:
        part = _article(html, c)
        for target in re.findall(r'<label for="([^"]+)"', part):
            assert f'id="{target}"' in part, (c.pk, target)
        assert f'id="c{c.pk}-justification"' in part and f'id="c{c.pk}-reason"' in part


def test_rejection_without_justification_keeps_the_choice_and_answers_at_the_form(
    published, client_for, body_user
):
    rows = _comments(published, 3)
    target = rows[1]
    client = client_for(body_user)
    with translation.override("en"), time_machine.travel(DECIDING, tick=False):
        r = client.post(
            reverse("formation:decide", args=[target.pk]),
            {"outcome": "rejected", "justification": ""},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert r.status_code == 400
    assert CommentDecision.objects.count() == 0
    html = r.content.decode()
    part = _article(html, target)
    assert "A rejection needs a justification" in part
    assert html.count("A rejection needs a justification") == 1
    rejected = re.search(r'<input type="radio"[^>]*value="rejected"[^>]*>', part).group(0)
    assert " checked" in rejected
    accepted = re.search(r'<input type="radio"[^>]*value="accepted"[^>]*>', part).group(0)
    assert " checked" not in accepted
    # the other comments' forms are fresh
    other = _article(html, rows[0])
    assert " checked" not in other and "errorlist" not in other


def test_recorded_decision_is_said_at_that_comment(published, client_for, body_user):
    rows = _comments(published, 3)
    target = rows[2]
    client = client_for(body_user)
    with translation.override("en"), time_machine.travel(DECIDING, tick=False):
        r = client.post(
            reverse("formation:decide", args=[target.pk]),
            {"outcome": "accepted"},
            follow=True,
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert r.redirect_chain[-1][0].endswith(f"#c{target.pk}")
    html = r.content.decode()
    assert "The decision is recorded." in _article(html, target)
    assert html.count("The decision is recorded.") == 1
    assert Comment.objects.get(pk=target.pk).outcome == Comment.Outcome.ACCEPTED


def test_hide_without_reason_answers_at_the_form(published, client_for, body_user):
    rows = _comments(published, 2)
    with translation.override("en"), time_machine.travel(DECIDING, tick=False):
        r = client_for(body_user).post(
            reverse("formation:hide", args=[rows[1].pk]),
            {"reason": " "},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert r.status_code == 400
    part = _article(r.content.decode(), rows[1])
    assert 'data-field="reason"' in part
    assert not Comment.objects.get(pk=rows[1].pk).is_hidden


def test_publish_asks_once_more(make_cycle, client_for, body_user):
    cycle = make_cycle(topics=2)
    client = client_for(body_user)
    url = reverse("formation:publish", args=[cycle.pk])
    first = client.post(url)
    assert first.status_code == 200
    assert 'data-testid="confirm"' in first.content.decode()
    cycle.refresh_from_db()
    assert cycle.stage == Stage.PLANNING and cycle.published_at is None
    assert client.post(url, {"confirmed": "yes"}).status_code == 302
    cycle.refresh_from_db()
    assert cycle.stage == Stage.DISCUSSION


def test_topic_removal_asks_once_more(make_cycle, client_for, body_user, other_body_user):
    cycle = make_cycle(topics=2)
    topic = cycle.topics.order_by("number").first()
    url = reverse("formation:topic_delete", args=[topic.pk])
    assert client_for(other_body_user).post(url, {"confirmed": "yes"}).status_code == 403
    client = client_for(body_user)
    first = client.post(url)
    assert first.status_code == 200 and 'name="confirmed"' in first.content.decode()
    assert Topic.objects.filter(pk=topic.pk).exists()
    client.post(url, {"confirmed": "yes"})
    assert not Topic.objects.filter(pk=topic.pk).exists()


def _row(html, topic):
    start = html.index(f'id="t{topic.pk}"')
    return html[start : html.index("</tr>", start)]


def test_cycle_topic_forms_have_own_ids_and_answer_at_the_topic(make_cycle, client_for, body_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tapsyrys.formation.models import Cycle

    cycle = make_cycle(topics=3)
    Cycle.objects.filter(pk=cycle.pk).update(stage=Stage.COUNCIL)
    topics = list(cycle.topics.order_by("number"))
    client = client_for(body_user)
    with translation.override("en"):
        html = client.get(
            reverse("formation:cycle", args=[cycle.pk]), HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
        ids = re.findall(r'\sid="([^"]+)"', html)
        assert len(ids) == len(set(ids)), "element ids repeat"
        for t in topics:
            row = _row(html, t)
            assert f'id="t{t.pk}-tech_spec"' in row
            for target in re.findall(r'<label for="([^"]+)"', row):
                assert f'id="{target}"' in row, (t.pk, target)
            # the file field says what it accepts
            assert "at most 20 MB per file" in row and "pdf" in row
        bad = SimpleUploadedFile("spec.exe", b"MZ\x90\x00" + b"\x00" * 100)
        r = client.post(
            reverse("formation:spec", args=[topics[1].pk]),
            {"included": "on", "tech_spec": bad},
            follow=True,
            HTTP_ACCEPT_LANGUAGE="en",
        )
    html = r.content.decode()
    assert r.redirect_chain[-1][0].endswith(f"#t{topics[1].pk}")
    assert "This type of file is not accepted" in _row(html, topics[1])
    assert html.count("This type of file is not accepted") == 1

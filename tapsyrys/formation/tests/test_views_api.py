import datetime as dt
import io
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from tapsyrys.formation import services
from tapsyrys.formation.models import Comment, CommentDecision, Cycle, Stage, Topic

from .conftest import PLACED, at, comment_on

pytestmark = pytest.mark.django_db


def _topic_post(evidence, area, **kw):
    data = {
        "theme_kk": "Тақырып", "theme_ru": "Тема", "area": area.pk, "financing": "250,5",
        "sources": [evidence.pk], "justification_kk": "Негіздеме", "justification_ru": "J",
        "target_group_kk": "Жастар", "target_group_ru": "T",
        "expected_result_kk": "Нәтиже", "expected_result_ru": "R",
    }  # fmt: skip
    data.update(kw)
    return data


# --- Object-level permissions (X-ACL) in views and API -------------------------------------------


def test_other_body_gets_403_in_views(published, client_for, other_body_user, evidence, area):
    c = comment_on(published.topics.first(), at(2025, 3, 20, 12))
    client = client_for(other_body_user)
    topic = published.topics.first()
    for url in [
        reverse("formation:cycle", args=[published.pk]),
        reverse("formation:comments", args=[published.pk]),
        reverse("formation:topic_new", args=[published.pk]),
        reverse("formation:budget", args=[published.pk]),
    ]:
        assert client.get(url).status_code == 403, url
    for url, data in [
        (reverse("formation:publish", args=[published.pk]), {}),
        (reverse("formation:decide", args=[c.pk]), {"outcome": "accepted"}),
        (reverse("formation:hide", args=[c.pk]), {"reason": "x"}),
        (reverse("formation:topic_edit", args=[topic.pk]), _topic_post(evidence, area)),
        (reverse("formation:topic_delete", args=[topic.pk]), {}),
        (reverse("formation:submit", args=[published.pk]), {}),
    ]:
        assert client.post(url, data).status_code == 403, url
    assert CommentDecision.objects.count() == 0 and not Comment.objects.get(pk=c.pk).is_hidden


def test_other_body_gets_403_in_api(published, api_for, other_body_user, evidence, area):
    c = comment_on(published.topics.first(), at(2025, 3, 20, 12))
    api = api_for(other_body_user)
    assert api.get(f"/api/formation/cycles/{published.pk}/").status_code == 403
    assert (
        api.post(
            f"/api/formation/cycles/{published.pk}/topics/",
            _topic_post(evidence, area),
            format="json",
        ).status_code
        == 403
    )
    assert api.post(f"/api/formation/cycles/{published.pk}/publish/").status_code == 403
    r = api.post(f"/api/formation/comments/{c.pk}/decide/", {"outcome": "accepted"}, format="json")
    assert r.status_code == 403 and r.json()["detail"]
    assert api.post(f"/api/formation/cycles/{published.pk}/submit/").status_code == 403
    assert api.get("/api/formation/cycles/").json()["count"] == 0
    assert api_for(None).post(f"/api/formation/cycles/{published.pk}/publish/").status_code in (
        401,
        403,
    )
    assert CommentDecision.objects.count() == 0


def test_unpublished_cycle_is_private(make_cycle, client, api_for):
    cycle = make_cycle()
    assert api_for(None).get(f"/api/formation/cycles/{cycle.pk}/topics/").status_code in (401, 403)
    r = client.get(reverse("formation:annex", args=[cycle.pk, 1, "xlsx"]) + "?lang=ru")
    assert r.status_code == 302 and r["Location"].startswith(reverse("login"))  # sign in first
    assert (
        client.get(reverse("formation:public_cycle", args=[cycle.body_id, cycle.year])).status_code
        == 404
    )


# --- The body's flow through the pages ------------------------------------------------------------


def test_body_creates_topic_and_publishes_through_the_pages(body_user, client_for, evidence, area):
    client = client_for(body_user)
    with time_machine.travel(at(2025, 3, 1, 10), tick=False):
        r = client.post(reverse("formation:index"), {"year": 2026, "budget_limit": ""})
        cycle = Cycle.objects.get()
        assert r.status_code == 302
        bad = client.post(
            reverse("formation:topic_new", args=[cycle.pk]),
            _topic_post(evidence, area, financing="-1"),
        )
        assert bad.status_code == 200 and "greater than zero" in bad.content.decode()
        bad = client.post(
            reverse("formation:topic_new", args=[cycle.pk]), _topic_post(evidence, area, sources=[])
        )
        assert "at least one source" in bad.content.decode()
        assert Topic.objects.count() == 0
        r = client.post(
            reverse("formation:publish", args=[cycle.pk]), {"confirmed": "yes"}, follow=True
        )
        assert "at least one planned topic" in r.content.decode()
        client.post(reverse("formation:topic_new", args=[cycle.pk]), _topic_post(evidence, area))
        assert Topic.objects.get().financing == Decimal("250.5")
    with time_machine.travel(PLACED, tick=False):
        client.post(reverse("formation:publish", args=[cycle.pk]), {"confirmed": "yes"})
        cycle.refresh_from_db()
        assert cycle.stage == Stage.DISCUSSION
        page = client.get(reverse("formation:cycle", args=[cycle.pk])).content.decode()
        assert "02.04.2025" in page and "07.04.2025" in page


def test_errors_are_translated(body_user, client_for, make_cycle, evidence, area):
    cycle = make_cycle(topics=0)
    client = client_for(body_user)
    client.post(reverse("set_language"), {"language": "ru"})
    r = client.post(
        reverse("formation:topic_new", args=[cycle.pk]),
        _topic_post(evidence, area, financing="abc"),
    )
    assert "Укажите сумму" in r.content.decode()


def test_anonymous_comment_then_late_comment_offered_as_proposal(published, client):
    topic = published.topics.first()
    url = reverse("formation:public_comment", args=[topic.pk])
    data = {"author_name": "Гражданин", "author_contact": "c@example.kz", "remark": "Замечание"}
    with time_machine.travel(at(2025, 4, 2, 23, 59), tick=False):
        assert client.post(url, data).status_code == 302
    with time_machine.travel(at(2025, 4, 3, 0, 0), tick=False):
        r = client.post(url, data)
        assert r.status_code == 409
        assert (
            "02.04.2025" in r.content.decode() and 'value="keep_as_proposal"' in r.content.decode()
        )
        r = client.post(url, {**data, "action": "keep_as_proposal"})
        assert r.status_code == 302
    assert Comment.objects.count() == 1
    assert topic.late_proposals.count() == 1


def test_overlong_comment_refused_in_page_and_api(published, client, api_for):
    topic = published.topics.first()
    with time_machine.travel(at(2025, 3, 20, 12), tick=False):
        r = client.post(reverse("formation:public_comment", args=[topic.pk]),
                        {"author_name": "A", "author_contact": "b", "remark": "x" * 2001})  # fmt: skip
        assert r.status_code == 400
        r = api_for(None).post(f"/api/formation/topics/{topic.pk}/comments/",
                               {"author_name": "A", "author_contact": "b", "remark": "x" * 2001}, format="json")  # fmt: skip
        assert r.status_code == 400 and r.json()["field"] == "remark"
    assert Comment.objects.count() == 0


# --- API flow -------------------------------------------------------------------------------------


def test_api_flow_publish_comment_decide_download(body_user, api_for, evidence, area):
    api = api_for(body_user)
    with time_machine.travel(at(2025, 3, 1, 10), tick=False):
        r = api.post("/api/formation/cycles/", {"year": 2026}, format="json")
        assert r.status_code == 201, r.json()
        pk = r.json()["id"]
        assert api.post(f"/api/formation/cycles/{pk}/publish/").status_code == 400  # empty list
        r = api.post(
            f"/api/formation/cycles/{pk}/topics/",
            _topic_post(evidence, area, financing="-5"),
            format="json",
        )
        assert r.status_code == 400 and r.json()["field"] == "financing"
        r = api.post(
            f"/api/formation/cycles/{pk}/topics/", _topic_post(evidence, area), format="json"
        )
        assert r.status_code == 201 and r.json()["financing"] == "250.500"
        topic_id = r.json()["id"]
    with time_machine.travel(PLACED, tick=False):
        r = api.post(f"/api/formation/cycles/{pk}/publish/")
        assert r.json()["stage"] == "discussion"
    anon = api_for(None)
    with time_machine.travel(at(2025, 3, 20, 12), tick=False):
        r = anon.post(f"/api/formation/topics/{topic_id}/comments/",
                      {"author_name": "Айгуль", "author_contact": "a@example.kz", "proposal": "Расширить"}, format="json")  # fmt: skip
        assert r.status_code == 201
        comment_id = r.json()["id"]
    with time_machine.travel(at(2025, 4, 3, 0, 0), tick=False):
        r = anon.post(f"/api/formation/topics/{topic_id}/comments/",
                      {"author_name": "A", "author_contact": "b", "remark": "late"}, format="json")  # fmt: skip
        assert r.status_code == 409 and r.json()["closed_at"].startswith("2025-04-02")
    with time_machine.travel(at(2025, 4, 3, 9), tick=False):
        r = api.post(
            f"/api/formation/comments/{comment_id}/decide/", {"outcome": "rejected"}, format="json"
        )
        assert r.status_code == 400 and r.json()["field"] == "justification"
        r = api.post(
            f"/api/formation/comments/{comment_id}/decide/",
            {"outcome": "rejected", "justification": "Вне лимита"},
            format="json",
        )
        assert r.status_code == 200 and r.json()["decision_version"] == 1
        r = api.post(
            f"/api/formation/comments/{comment_id}/decide/", {"outcome": "accepted"}, format="json"
        )
        assert r.json()["decision_version"] == 2
        # deciding does not publish Annex 2 by itself: the body publishes it (an action)
        assert Cycle.objects.get(pk=pk).stage == Stage.DISCUSSION
        r = api.post(f"/api/formation/cycles/{pk}/report/", format="json")
        assert r.status_code == 200, r.content
    assert Cycle.objects.get(pk=pk).stage == Stage.REPORTED
    for number in (1, 2, 3):
        for lang, word in (("kk", "№"), ("ru", "№")):
            r = api.get(f"/api/formation/cycles/{pk}/annex/{number}/?lang={lang}")
            assert r.status_code == 200, (number, lang)
            ws = load_workbook(io.BytesIO(r.content)).active
            assert word in [c.value for row in ws.iter_rows() for c in row]
    r = anon.get(f"/api/formation/cycles/{pk}/annex/2/?lang=ru")  # published: public
    assert r.status_code == 200
    assert anon.get(f"/api/formation/cycles/{pk}/annex/3/?lang=ru").status_code in (401, 403)
    assert api.get(f"/api/formation/cycles/{pk}/annex/1/?lang=en").status_code == 400
    r = api.get(f"/api/formation/cycles/{pk}/annex/2/?lang=ru&output=pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")


def test_national_page_and_export_for_the_authorized_body_only(
    published, client_for, authorized_user, body_user, api_for
):
    services.cycle_report_publish(cycle=published, actor=body_user, now=at(2025, 4, 3, 9))
    services.cycle_submit(cycle=published, actor=body_user, now=at(2025, 4, 10, 9))
    assert client_for(body_user).get(reverse("formation:national")).status_code == 403
    assert api_for(body_user).get("/api/formation/national/?year=2026").status_code == 403
    client = client_for(authorized_user)
    page = client.get(reverse("formation:national") + "?year=2026")
    assert page.status_code == 200 and f"/formation/cycles/{published.pk}/" in page.content.decode()
    assert not published.body.is_central
    r = client.get(reverse("formation:national_annex3") + "?year=2026&lang=kk")
    ws = load_workbook(io.BytesIO(r.content)).active
    values = [c.value for row in ws.iter_rows() for c in row]
    assert "Бюджеттік бағдарлама әкімшісінің атауы" in values
    # a local body sends its Information to its own council (§7.3): not in the council list
    assert "Жастар тақырыбы 1" not in values
    published.body.level = "central"
    published.body.save()
    r = client.get(reverse("formation:national_annex3") + "?year=2026&lang=kk")
    values = [
        c.value for row in load_workbook(io.BytesIO(r.content)).active.iter_rows() for c in row
    ]
    assert "Жас тақырыбы 1" not in values and "Жастар тақырыбы 1" in values
    r = api_for(authorized_user).get("/api/formation/national/?year=2026")
    assert r.json()["grand"]["topics"] == "2"


# --- Query counts: constant for 1 and for many rows -----------------------------------------------


def _many_comments(cycle, n):
    topics = list(cycle.topics.all())
    Comment.objects.bulk_create(
        [
            Comment(cycle=cycle, topic=topics[i % len(topics)], author_name=f"A{i}",
                    author_contact="c", remark="R", created_at=PLACED)
            for i in range(n)
        ]
    )  # fmt: skip


@pytest.mark.parametrize("many", [False, True])
def test_public_discussion_page_queries_constant(
    published, client, evidence, area, many, django_assert_max_num_queries
):
    if many:
        for n in range(20):
            Topic.objects.create(cycle=published, number=10 + n, theme_kk="T", theme_ru="T", area=area,
                                 financing=1, justification_ru="J", target_group_ru="G", expected_result_ru="R")  # fmt: skip
        _many_comments(published, 60)
    else:
        _many_comments(published, 1)
    url = reverse("formation:public_cycle", args=[published.body_id, published.year])
    with time_machine.travel(at(2025, 3, 20, 12), tick=False), django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_largest_discussion_is_paginated_with_one_comment_form(
    published, client, django_assert_max_num_queries, settings
):
    """Issue 8: 470 comments on one topic. The cycle's page shows each topic's latest 3, no
    form; the topic's page 50 a page and one comment form; page 10 holds the last 20."""
    topic = published.topics.order_by("number").first()
    Comment.objects.bulk_create(
        [Comment(cycle=published, topic=topic, author_name=f"Автор {i:03d}", author_contact="c",
                 remark=f"Замечание {i:03d}", created_at=PLACED + dt.timedelta(minutes=i))
         for i in range(470)]
    )  # fmt: skip
    Comment.objects.filter(topic=topic, author_name="Автор 469").update(is_hidden=True)
    settings.LANGUAGE_CODE = "en"
    cycle_url = reverse("formation:public_cycle", args=[published.body_id, published.year])
    topic_url = reverse("formation:public_topic", args=[topic.pk])
    with time_machine.travel(at(2025, 3, 20, 12), tick=False):
        page = client.get(cycle_url).content.decode()
        shown = re.findall(r"Замечание (\d{3})", page)
        assert shown == ["466", "467", "468"]  # the latest visible three, oldest first
        assert 'data-testid="comment-form"' not in page
        assert "Comments: 469" in page and "1 hidden by the moderator" in page

        first = client.get(topic_url).content.decode()
        assert re.findall(r"Замечание (\d{3})", first) == [f"{i:03d}" for i in range(50)]
        assert first.count('data-testid="comment-form"') == 1
        assert first.count('name="remark"') == 1
        assert len(first.encode()) < 150_000
        with django_assert_max_num_queries(12):
            last = client.get(topic_url, {"page": 10}).content.decode()
        assert re.findall(r"Замечание (\d{3})", last) == [f"{i:03d}" for i in range(450, 469)]
        assert "Page 10 of 10" in last


def test_sent_comment_answers_at_the_form(published, client, settings):
    settings.LANGUAGE_CODE = "en"
    topic = published.topics.first()
    data = {"author_name": "Гражданин", "author_contact": "c@example.kz", "remark": "Замечание"}
    with time_machine.travel(at(2025, 3, 20, 12), tick=False):
        r = client.post(reverse("formation:public_comment", args=[topic.pk]), data, follow=True)
    assert (
        r.redirect_chain[-1][0]
        == reverse("formation:public_topic", args=[topic.pk]) + "#comment-form"
    )
    html = r.content.decode()
    form_section = html[html.index('id="comment-form"') :]
    assert "Thank you: your comment is received" in form_section
    assert html.count("Thank you: your comment is received") == 1


def test_unpublished_topic_page_is_404(make_cycle, client):
    cycle = make_cycle(topics=1)
    assert (
        client.get(reverse("formation:public_topic", args=[cycle.topics.first().pk])).status_code
        == 404
    )


@pytest.mark.parametrize("rows", [1, 30])
def test_staff_pages_and_apis_queries_constant(
    published, client_for, api_for, body_user, rows, django_assert_max_num_queries
):
    _many_comments(published, rows)
    client, api = client_for(body_user), api_for(body_user)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("formation:comments", args=[published.pk])).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("formation:cycle", args=[published.pk])).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("formation:index")).status_code == 200
    with django_assert_max_num_queries(8):
        assert api.get(f"/api/formation/cycles/{published.pk}/comments/").status_code == 200
    with django_assert_max_num_queries(8):
        assert api.get(f"/api/formation/cycles/{published.pk}/topics/").status_code == 200
    with django_assert_max_num_queries(6):
        assert api.get("/api/formation/cycles/").status_code == 200
    with time_machine.travel(at(2025, 3, 20, 12), tick=False), django_assert_max_num_queries(10):
        assert client.get(reverse("formation:discussions")).status_code == 200

"""A citizen's own page (issue 13 item 11): their comments and proposals with the state body's
decisions, only theirs; linked from the navigation and the desk; the author is notified when
a comment is decided, with a link to that comment on the page."""

import pytest
from django.utils import translation

from tapsyrys.core.models import Notification, Role
from tapsyrys.core.tests.factories import UserFactory
from tapsyrys.formation import services

from .conftest import at, comment_on

pytestmark = pytest.mark.django_db

PAGE = "/formation/my/comments/"


@pytest.fixture
def citizen():
    return UserFactory(roles=[Role.CITIZEN], username="aigul", full_name="Айгуль Нуржанова")


@pytest.fixture
def other_citizen():
    return UserFactory(roles=[Role.CITIZEN], username="bolat", full_name="Болат Сейтов")


def test_the_page_lists_only_the_users_own_comments_with_the_decision(
    client_for, published, body_user, citizen, other_citizen, django_capture_on_commit_callbacks
):
    topic = published.topics.first()
    mine = comment_on(topic, at(2025, 3, 20, 12, 0), user=citizen, remark="Мой отзыв")
    accepted = comment_on(
        topic, at(2025, 3, 20, 13, 0), user=citizen, remark="", proposal="Моё предложение"
    )
    comment_on(topic, at(2025, 3, 21, 12, 0), user=other_citizen, remark="Чужой отзыв")
    comment_on(topic, at(2025, 3, 21, 13, 0), remark="Анонимный отзыв")  # not signed in
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_decide(
            comment=mine,
            actor=body_user,
            accepted=False,
            justification="Вне компетенции органа",
            now=at(2025, 4, 3, 9),
        )
    services.comment_decide(comment=accepted, actor=body_user, accepted=True, now=at(2025, 4, 3, 9))

    with translation.override("en"):
        response = client_for(citizen).get(PAGE, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert [c.pk for c in response.context["page"]] == [accepted.pk, mine.pk]
    assert "Мой отзыв" in html and "Моё предложение" in html
    assert "Чужой отзыв" not in html and "Анонимный отзыв" not in html
    assert 'data-outcome="rejected"' in html and 'data-outcome="accepted"' in html
    assert "Вне компетенции органа" in html
    assert f'id="comment-{mine.pk}"' in html
    assert "03.04.2025 09:00" in html  # decided at, Asia/Almaty

    # the other citizen sees only theirs
    other = client_for(other_citizen).get(PAGE)
    assert [c.author_user_id for c in other.context["page"]] == [other_citizen.pk]


def test_the_author_is_notified_when_a_comment_is_decided(
    published, body_user, citizen, django_capture_on_commit_callbacks
):
    comment = comment_on(published.topics.first(), at(2025, 3, 20, 12, 0), user=citizen)
    assert not Notification.objects.filter(recipient=citizen).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_decide(
            comment=comment,
            actor=body_user,
            accepted=False,
            justification="Уже предусмотрено",
            now=at(2025, 4, 3, 9),
        )
    (note,) = Notification.objects.filter(recipient=citizen)
    assert "Уже предусмотрено" in note.body
    assert note.url == f"{PAGE}#comment-{comment.pk}"
    # a second decision is a new notice
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_decide(
            comment=comment, actor=body_user, accepted=True, now=at(2025, 4, 4, 9)
        )
    assert Notification.objects.filter(recipient=citizen).count() == 2


def test_the_page_is_in_the_navigation_and_on_the_desk(client_for, published, citizen):
    desk = client_for(citizen).get("/dashboard/").content.decode()
    assert f'href="{PAGE}"' in desk  # the navigation entry
    assert "formation.my_comments" not in desk  # no card before the first comment
    comment_on(published.topics.first(), at(2025, 3, 20, 12, 0), user=citizen)
    desk = client_for(citizen).get("/dashboard/")
    keys = [item["key"] for card in desk.context["cards"] for item in card["items"]]
    assert "formation.my_comments.pending" in keys
    pending = next(
        i for c in desk.context["cards"] for i in c["items"] if i["key"].endswith(".pending")
    )
    assert pending["value"] == 1 and pending["url"] == PAGE


def test_the_page_needs_sign_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_an_empty_page_points_to_the_discussions(client_for, citizen):
    with translation.override("en"):
        html = client_for(citizen).get(PAGE).content.decode()
    assert 'data-testid="my-comments-empty"' in html
    assert 'href="/formation/discussions/"' in html

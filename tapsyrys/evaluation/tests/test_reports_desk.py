"""The body's desk card of Annex 8 reports to post (constant queries; the other body sees none)."""

import datetime as dt

import pytest
from django.test import RequestFactory
from django.utils import timezone

from tapsyrys.evaluation.desk import reports as desk

from .factories_reports import close, evaluation_make, post

pytestmark = pytest.mark.django_db


def _cards(user, now):
    request = RequestFactory().get("/")
    request.user = user
    return desk.cards(request, now=now)


def test_the_card_counts_reports_to_post_and_overdue(
    body_user, other_body_user, ngo, django_assert_max_num_queries
):
    assert _cards(body_user, timezone.now()) == []
    old = close(
        body_user, evaluation_make(body_user, ngo), now=timezone.now() - dt.timedelta(days=30)
    )
    close(body_user, evaluation_make(body_user, ngo))
    post(body_user, close(body_user, evaluation_make(body_user, ngo)))
    with django_assert_max_num_queries(2):
        (card,) = _cards(body_user, timezone.now())
    (item,) = card["items"]
    assert item["value"] == 2 and item["tone"] == "bad" and "1" in item["hint"]
    assert _cards(other_body_user, timezone.now()) == []
    post(body_user, old)
    (card,) = _cards(body_user, timezone.now())
    assert card["items"][0]["tone"] == "warn"


def test_the_card_opens_exactly_the_reports_to_post(body_user, other_body_user, ngo, client_for):
    """Issue 13: following the card shows the counted reports and no other; another body's
    staff following the same link see nothing of ours."""
    import re

    first = close(body_user, evaluation_make(body_user, ngo))
    second = close(body_user, evaluation_make(body_user, ngo))
    posted = post(body_user, close(body_user, evaluation_make(body_user, ngo)))
    (card,) = _cards(body_user, timezone.now())
    (item,) = card["items"]
    html = client_for(body_user).get(item["url"]).content.decode()
    shown = {int(pk) for pk in re.findall(r'data-report="(\d+)"', html)}
    assert shown == {first.pk, second.pk} and item["value"] == 2
    assert posted.pk not in shown
    other = client_for(other_body_user).get(item["url"]).content.decode()
    assert not {int(pk) for pk in re.findall(r'data-report="(\d+)"', other)} & {first.pk, second.pk}

"""The stage → allowed-actions table of formation (X-ACL, issue 12 item 5).

The expectations are written out here, every stage × every action, and never derived from the
table; every forbidden pair is refused by its service with TransitionNotAllowed naming it."""

import datetime as dt

import pytest
from django.urls import reverse

from tapsyrys.calendar.rules import ALMATY
from tapsyrys.core.errors import TransitionNotAllowed
from tapsyrys.formation import rules, services
from tapsyrys.formation.models import Comment, Cycle, Stage

COLUMNS = (
    "edit_topics", "publish", "comment", "decide", "report", "submit", "recommend", "specify",
    "fix", "enter_budget", "publish_annex3",
)  # fmt: skip
T, F = True, False
#                  edit  publ  comm  deci  repo  subm  reco  spec  fix   budg  annex3
EXPECTED = {
    Stage.PLANNING: (T, T, F, F, F, F, F, F, F, F, F),
    Stage.DISCUSSION: (F, F, T, T, T, F, F, F, F, F, F),
    Stage.REPORTED: (F, F, F, T, T, T, F, F, F, F, F),
    Stage.COUNCIL: (F, F, F, F, F, F, T, T, T, F, F),
    Stage.FIXED: (F, F, F, F, F, F, F, F, F, T, T),
    Stage.APPROVED: (F, F, F, F, F, F, F, F, F, F, F),
}
PAIRS = [
    (stage, action, allowed)
    for stage, row in EXPECTED.items()
    for action, allowed in zip(COLUMNS, row, strict=True)
]
FORBIDDEN = [(stage, action) for stage, action, allowed in PAIRS if not allowed]


def test_the_table_has_exactly_these_stages_and_actions():
    assert set(rules.ACTIONS) == set(COLUMNS)
    assert set(rules.STAGE_ACTIONS) == set(Stage)


@pytest.mark.parametrize(("stage", "action", "allowed"), PAIRS)
def test_stage_allows_exactly_the_written_out_actions(stage, action, allowed):
    assert rules.allows(stage, action) is allowed
    assert rules.allowed_actions(stage)[action] is allowed


def test_an_unknown_action_is_a_programming_error():
    with pytest.raises(LookupError):
        rules.allows(Stage.PLANNING, "explode")


DURING = dt.datetime(2025, 3, 20, 12, 0, tzinfo=ALMATY)
PLACED = dt.datetime(2025, 3, 14, 10, 0, tzinfo=ALMATY)


@pytest.fixture
def cycle_with_comment(make_cycle, body_user):
    """A published cycle with one topic and one comment; the test then sets the stage."""
    cycle = make_cycle(topics=1)
    services.cycle_publish(cycle=cycle, actor=body_user, now=PLACED)
    cycle.refresh_from_db()
    topic = cycle.topics.get()
    comment = services.comment_post(
        topic=topic, author_name="A", author_contact="a@example.kz", remark="R", now=DURING
    )
    return cycle, topic, comment


def _do(action, *, cycle, topic, comment, body_user, authorized_user):
    """Call the service behind `action` with valid input, at a moment the calendar allows."""
    cycle = Cycle.objects.select_related("body").get(pk=cycle.pk)
    topic = cycle.topics.select_related("cycle").get(pk=topic.pk)
    comment = Comment.objects.select_related("cycle").get(pk=comment.pk)
    calls = {
        "edit_topics": lambda: services.cycle_set_limit(
            cycle=cycle, actor=body_user, budget_limit=""
        ),
        "publish": lambda: services.cycle_publish(cycle=cycle, actor=body_user, now=DURING),
        "comment": lambda: services.comment_post(
            topic=topic, author_name="B", author_contact="b@example.kz", remark="R", now=DURING
        ),
        "decide": lambda: services.comment_decide(
            comment=comment, actor=body_user, accepted=True, now=DURING
        ),
        "report": lambda: services.cycle_report_publish(
            cycle=cycle, actor=body_user, now=dt.datetime(2025, 5, 5, 12, tzinfo=ALMATY)
        ),
        "submit": lambda: services.cycle_submit(cycle=cycle, actor=body_user),
        "recommend": lambda: services.topic_recommend(
            topic=topic, actor=authorized_user, recommendation="supported"
        ),
        "specify": lambda: services.topic_set_spec(topic=topic, actor=body_user, included=True),
        "fix": lambda: services.cycle_fix(cycle=cycle, actor=body_user),
        "enter_budget": lambda: services.cycle_budget_enter(
            cycle=cycle, actor=body_user, approved_on=dt.date(2025, 6, 1), amounts={}
        ),
        "publish_annex3": lambda: services.cycle_annex3_publish(cycle=cycle, actor=body_user),
    }
    return calls[action]()


@pytest.mark.parametrize(("stage", "action"), FORBIDDEN)
def test_each_forbidden_pair_is_refused_by_the_service(
    stage, action, cycle_with_comment, body_user, authorized_user
):
    cycle, topic, comment = cycle_with_comment
    Cycle.objects.filter(pk=cycle.pk).update(stage=stage)
    with pytest.raises(TransitionNotAllowed) as refused:
        _do(
            action,
            cycle=cycle,
            topic=topic,
            comment=comment,
            body_user=body_user,
            authorized_user=authorized_user,
        )
    assert refused.value.extra["action"] == action
    assert refused.value.extra["stage"] == stage
    message = str(refused.value.message)
    assert str(rules.ACTION_LABELS[action]) in message and str(Stage(stage).label) in message


def test_the_cycle_page_shows_only_the_actions_of_its_stage(make_cycle, body_user, client_for):
    cycle = make_cycle(topics=1)
    page = client_for(body_user).get(reverse("formation:cycle", args=[cycle.pk]))
    assert page.status_code == 200
    assert page.context["actions"] == {
        "edit_topics": True, "publish": True, "comment": False, "decide": False,
        "report": False, "submit": False, "recommend": False, "specify": False, "fix": False,
        "enter_budget": False, "publish_annex3": False,
    }  # fmt: skip
    assert b'data-testid="publish"' in page.content and b'data-testid="fix"' not in page.content
    Cycle.objects.filter(pk=cycle.pk).update(stage=Stage.COUNCIL)
    page = client_for(body_user).get(reverse("formation:cycle", args=[cycle.pk]))
    assert b'data-testid="fix"' in page.content and b'data-testid="publish"' not in page.content
    assert page.context["council_reached"] is True

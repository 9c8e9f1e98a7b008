"""Issue 13: each card of My desk opens the list of exactly what it counts — following a card's
link shows the counted rows and no other — and the same link shows another organisation's user
nothing of ours."""

import re

import pytest
import time_machine

from tapsyrys.contracting.models import StageReport

from . import test_desk
from .test_desk import FI, SI, desk, item, stage

# the worlds of the desk's own tests, counted there and followed here
area = test_desk.area
contracts_world = test_desk.contracts_world

pytestmark = pytest.mark.django_db

ROW = {
    "contract": re.compile(r'data-contract="(\d+)"'),
    "report": re.compile(r'data-report="(\d+)"'),
    "stage": re.compile(r'data-stage="(\d+)"'),
}


def shown(client, url, kind, now):
    with time_machine.travel(now, tick=False):
        response = client.get(url)
    assert response.status_code == 200, url
    return {int(pk) for pk in ROW[kind].findall(response.content.decode())}


def _world_rows(ngo):
    from tapsyrys.contracting.models import Contract

    mine = Contract.objects.filter(supplier=ngo).order_by("id")
    a, b, d = list(mine)[:3]
    return a, b, d


@pytest.mark.parametrize(
    ("key", "kind", "expected"),
    [
        ("contracting.active_contracts", "contract", lambda a, b, d: {a.pk, b.pk}),
        ("contracting.reports_due_soon", "stage", lambda a, b, d: {stage(b, SI).pk}),
        ("contracting.reports_missing", "stage", lambda a, b, d: {stage(a, SI).pk}),
        (
            "contracting.report_drafts",
            "report",
            lambda a, b, d: set(
                StageReport.objects.filter(stage=stage(b, SI)).values_list("pk", flat=True)
            ),
        ),
    ],
)
def test_ngo_card_opens_exactly_its_items(
    client_for, ngo_user, other_ngo_user, ngo, contracts_world, key, kind, expected
):
    now = contracts_world
    card = item(desk(client_for(ngo_user), now=now), key)
    rows = expected(*_world_rows(ngo))
    assert card["value"] == len(rows)
    assert shown(client_for(ngo_user), card["url"], kind, now) == rows
    # the same link for another NGO's member: nothing of ours
    assert not shown(client_for(other_ngo_user), card["url"], kind, now) & rows


@pytest.mark.parametrize(
    ("key", "kind", "expected"),
    [
        ("contracting.contracts_active", "contract", lambda a, b, d: {a.pk, b.pk}),
        ("contracting.contracts_suspended", "contract", lambda a, b, d: {d.pk}),
        (
            "contracting.reports_received",
            "report",
            lambda a, b, d: set(
                StageReport.objects.filter(stage=stage(a, FI)).values_list("pk", flat=True)
            ),
        ),
        ("contracting.reports_missing", "stage", lambda a, b, d: {stage(a, SI).pk}),
    ],
)
def test_body_card_opens_exactly_its_items(
    client_for, body_user, other_body_user, ngo, contracts_world, key, kind, expected
):
    now = contracts_world
    card = item(desk(client_for(body_user), now=now), key)
    rows = expected(*_world_rows(ngo))
    assert card["value"] == len(rows)
    assert shown(client_for(body_user), card["url"], kind, now) == rows
    assert not shown(client_for(other_body_user), card["url"], kind, now) & rows


def test_terminated_card_opens_exactly_its_contract(
    client_for, body_user, other_ngo, contracts_world
):
    from tapsyrys.contracting.models import Contract

    card = item(
        desk(client_for(body_user), now=contracts_world), "contracting.contracts_terminated"
    )
    terminated = set(
        Contract.objects.filter(
            status=Contract.Status.TERMINATED, body=body_user.organisation
        ).values_list("pk", flat=True)
    )
    assert card["value"] == len(terminated) == 1
    assert shown(client_for(body_user), card["url"], "contract", contracts_world) == terminated


# --- formation ----------------------------------------------------------------------------------


def test_comments_card_opens_exactly_the_comments_awaiting_a_decision(
    client_for, body_user, other_body_user, area
):
    from tapsyrys.formation import services as formation
    from tapsyrys.formation.models import Comment

    from .test_desk import at, comment_on, open_cycle, publish

    cycle = publish(open_cycle(body_user, area), body_user)
    rows = [comment_on(cycle.topics.get(), at(2025, 3, day, 12, 0)) for day in (17, 18, 19, 20)]
    formation.comment_hide(comment=rows[0], actor=body_user, reason="spam")
    with time_machine.travel(at(2025, 4, 3, 9, 0), tick=False):
        formation.comment_decide(comment=rows[1], actor=body_user, accepted=True)
    now = at(2025, 4, 3, 12, 0)
    card = item(desk(client_for(body_user), now=now), "formation.pending_comments")
    pending = set(
        Comment.objects.filter(
            cycle=cycle, outcome=Comment.Outcome.PENDING, is_hidden=False
        ).values_list("pk", flat=True)
    )
    assert pending == {rows[2].pk, rows[3].pk} and card["value"] == 2
    with time_machine.travel(now, tick=False):
        html = client_for(body_user).get(card["url"]).content.decode()
        assert {int(pk) for pk in re.findall(r'data-comment="(\d+)"', html)} == pending
        # another body's staff: nothing of ours
        assert client_for(other_body_user).get(card["url"]).status_code == 403


def test_national_annex3_cards_open_exactly_their_cycles(
    client_for, authorized_user, body_user, other_body_user, area
):
    from tapsyrys.formation.models import Cycle

    from .test_desk import at, open_cycle

    submitted = open_cycle(body_user, area)
    late = open_cycle(other_body_user, area)
    open_cycle(other_body_user, area, year=2025)
    Cycle.objects.filter(pk=submitted.pk).update(annex3_submitted_at=at(2025, 7, 20, 10, 0))
    now = at(2025, 8, 15, 12, 0)
    cards = desk(client_for(authorized_user), now=now)
    for key, expected in (
        ("formation.annex3_submitted", {submitted.pk}),
        ("formation.annex3_late", {late.pk}),
        ("formation.national_cycles", {submitted.pk, late.pk}),
    ):
        card = item(cards, key)
        assert card["value"] == len(expected), key
        with time_machine.travel(now, tick=False):
            html = client_for(authorized_user).get(card["url"]).content.decode()
            assert {int(pk) for pk in re.findall(r'data-cycle="(\d+)"', html)} == expected, key
            # the filter narrows the table only: the year's figures still count every cycle
            assert "<article><strong>2</strong>" in html, key
            # a state body's staff do not get the national page
            assert client_for(body_user).get(card["url"]).status_code == 403

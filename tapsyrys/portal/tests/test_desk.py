"""My desk (/dashboard/): what concerns each role now, counted only from its own organisation's
data (X-ACL), in a number of queries that does not grow with the data."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tapsyrys.contracting import services as contracting
from tapsyrys.contracting.models import Contract, ReportStage
from tapsyrys.contracting.tests.factories import complete_fields, contract_make
from tapsyrys.core.models import Area, EmailConfirmation, Organisation, Role
from tapsyrys.core.tests.factories import OrganisationFactory, StateBodyFactory, UserFactory
from tapsyrys.formation import services as formation
from tapsyrys.formation.models import Cycle
from tapsyrys.formation.tests.factories import PLACED, at, comment_on, cycle_make

pytestmark = pytest.mark.django_db

DASHBOARD = "/dashboard/"
FI, SI, FINAL = (
    ReportStage.Kind.FIRST_INTERIM,
    ReportStage.Kind.SECOND_INTERIM,
    ReportStage.Kind.FINAL,
)


# --- helpers ------------------------------------------------------------------------------------


@pytest.fixture
def area(db):
    return Area.objects.get(code="youth")


def open_cycle(user, area, *, year=2026):
    """A planning cycle of the user's body with one topic, opened through the services."""
    return cycle_make(user, topics=1, year=year, area=area)


def publish(cycle, user):
    """Placed for discussion on 14.03.2025 10:00: ends 02.04.2025, decisions due 07.04.2025."""
    return formation.cycle_publish(cycle=cycle, actor=user, now=PLACED)


def contract(body_user, supplier, schedule):
    """A contract of body_user's body with `supplier`; schedule [(kind, due_date)]."""
    return contract_make(
        body_user,
        supplier,
        schedule=[(no, kind, due) for no, (kind, due) in enumerate(schedule, start=1)],
    )


def stage(contract, kind):
    return ReportStage.objects.get(contract=contract, kind=kind)


def submit(contract, kind, ngo_user, now):
    report = contracting.report_start(stage=stage(contract, kind), actor=ngo_user)
    report = contracting.report_save_draft(
        report=report, actor=ngo_user, fields=complete_fields(contract)
    )
    return contracting.report_submit(report=report, actor=ngo_user, now=now)


def desk(client, *, now):
    with time_machine.travel(now, tick=False):
        response = client.get(DASHBOARD)
    assert response.status_code == 200
    return response.context["cards"]


def items(cards, key):
    return [item for card in cards for item in card["items"] if item.get("key") == key]


def item(cards, key):
    found = items(cards, key)
    assert len(found) == 1, (key, found)
    return found[0]


APPS = ("formation.", "contracting.")  # monitoring's cards are tested in tapsyrys/monitoring


def values(cards, apps=APPS):
    """{key: value} of the cards' items of formation and contracting (`apps=None`: all)."""
    return {
        item["key"]: item["value"]
        for card in cards
        for item in card["items"]
        if apps is None or item["key"].startswith(apps)
    }


def titles(cards, apps=APPS):
    return [c["title"] for c in cards if any(i["key"].startswith(apps) for i in c["items"])]


# --- formation ----------------------------------------------------------------------------------


def test_body_desk_shows_its_cycle_next_deadline_and_comments_awaiting_a_decision(
    client_for, body_user, other_body_user, area
):
    cycle = publish(open_cycle(body_user, area), body_user)
    for day in (17, 18, 19):
        comment_on(cycle.topics.get(), at(2025, 3, day, 12, 0))
    other = publish(open_cycle(other_body_user, area), other_body_user)
    for _ in range(5):
        comment_on(other.topics.get(), at(2025, 3, 18, 12, 0))
    client = client_for(body_user)

    cards = desk(client, now=at(2025, 3, 20, 12, 0))
    assert [c["title"] for c in cards if c["title"].startswith("Formation")] == [
        "Formation cycle 2026"
    ]
    assert item(cards, "formation.stage")["value"] == "Public discussion"
    assert item(cards, "formation.stage")["url"] == reverse("formation:cycle", args=[cycle.pk])
    deadline = item(cards, "formation.deadline")
    assert deadline["value"] == "02.04.2025"
    assert deadline["tone"] == ""
    assert "10 working days" in deadline["hint"]
    pending = item(cards, "formation.pending_comments")
    assert (pending["value"], pending["tone"]) == (3, "warn")
    assert pending["url"] == reverse("formation:comments", args=[cycle.pk]) + "?show=pending"

    due_soon = item(desk(client, now=at(2025, 3, 31, 12, 0)), "formation.deadline")
    assert (due_soon["value"], due_soon["tone"]) == ("02.04.2025", "warn")

    with time_machine.travel(at(2025, 4, 10, 12, 0), tick=False):
        response = client.get(DASHBOARD)
    cards = response.context["cards"]
    overdue = item(cards, "formation.deadline")
    assert (overdue["value"], overdue["tone"]) == ("07.04.2025", "bad")
    assert "Decisions on all comments" in overdue["label"]
    assert item(cards, "formation.pending_comments")["tone"] == "bad"
    html = response.content.decode()
    assert 'data-testid="desk"' in html
    assert "07.04.2025" in html
    assert 'class="badge bad"' in html


def test_body_without_a_current_cycle_is_invited_to_open_one(client_for, body_user, area):
    cards = desk(client_for(body_user), now=at(2025, 3, 20, 12, 0))
    empty = item(cards, "formation.no_cycle")
    assert (empty["value"], empty["url"]) == (0, reverse("formation:index"))


def test_authorized_body_sees_annex3_late_and_submitted_of_the_latest_year(
    client_for, authorized_user, body_user, other_body_user, area
):
    central = StateBodyFactory(level=Organisation.Level.CENTRAL)
    central_user = UserFactory(organisation=central, roles=[Role.STATE_BODY])
    submitted = open_cycle(body_user, area)  # local: Annex 3 due 31.07.2025
    open_cycle(other_body_user, area)  # local, not submitted: late after 31.07.2025
    open_cycle(other_body_user, area, year=2025)  # an older year: not counted
    open_cycle(central_user, area)  # central: due 05.01.2026, not late yet
    Cycle.objects.filter(pk=submitted.pk).update(annex3_submitted_at=at(2025, 7, 20, 10, 0))
    OrganisationFactory(is_verified=False)
    OrganisationFactory(is_verified=False)
    OrganisationFactory(is_verified=False, is_active=False)  # not in the queue

    cards = desk(client_for(authorized_user), now=at(2025, 8, 15, 12, 0))
    assert titles(cards) == ["National formation 2026", "NGO verification"]
    assert values(cards) == {
        "formation.national_cycles": 3,
        "formation.annex3_submitted": 1,
        "formation.annex3_late": 1,
        "contracting.verification": 2,
    }
    assert item(cards, "formation.annex3_late")["tone"] == "bad"
    assert item(cards, "formation.annex3_late")["url"] == "/formation/national/?year=2026&show=late"
    assert item(cards, "contracting.verification")["url"] == reverse("contracting:verification")


# --- contracting --------------------------------------------------------------------------------


@pytest.fixture
def contracts_world(body_user, other_body_user, ngo_user, other_ngo_user, ngo, other_ngo):
    """Contracts of both bodies with both NGOs, seen on 01.06.2025 12:00."""
    a = contract(body_user, ngo, [(FI, dt.date(2025, 5, 1)), (SI, dt.date(2025, 5, 20))])
    submit(a, FI, ngo_user, at(2025, 5, 30, 10, 0))  # received 2 days ago; SI missing
    b = contract(body_user, ngo, [(FI, dt.date(2025, 5, 10)), (SI, dt.date(2025, 6, 8))])
    submit(b, FI, ngo_user, at(2025, 5, 10, 10, 0))  # received 22 days ago
    contracting.report_start(stage=stage(b, SI), actor=ngo_user)  # a draft, due within 10 days
    c = contract(body_user, other_ngo, [(FI, dt.date(2025, 4, 1))])
    contracting.contract_transition(contract=c, actor=body_user, target=Contract.Status.TERMINATED)
    d = contract(body_user, ngo, [(FI, dt.date(2025, 9, 1))])
    contracting.contract_transition(contract=d, actor=body_user, target=Contract.Status.SUSPENDED)
    # The other body and the other NGO: none of this may count for body_user or ngo_user.
    f = contract(other_body_user, other_ngo, [(FI, dt.date(2025, 5, 1)), (SI, dt.date(2025, 6, 5))])
    submit(f, FI, other_ngo_user, at(2025, 5, 31, 10, 0))
    contracting.report_start(stage=stage(f, SI), actor=other_ngo_user)
    contract(other_body_user, other_ngo, [(FI, dt.date(2025, 5, 1))])
    return at(2025, 6, 1, 12, 0)


def test_ngo_desk_counts_only_its_own_contracts_and_reports(client_for, ngo_user, contracts_world):
    cards = desk(client_for(ngo_user), now=contracts_world)
    assert titles(cards) == ["My contracts"]
    assert values(cards) == {
        "contracting.active_contracts": 2,
        "contracting.reports_due_soon": 1,
        "contracting.reports_missing": 1,
        "contracting.report_drafts": 1,
    }
    assert item(cards, "contracting.reports_missing")["tone"] == "bad"
    assert item(cards, "contracting.reports_due_soon")["tone"] == "warn"
    assert (
        item(cards, "contracting.active_contracts")["url"]
        == "/contracting/contracts/?status=active"
    )


def test_body_desk_counts_only_its_own_contracts_and_reports(
    client_for, body_user, contracts_world
):
    cards = desk(client_for(body_user), now=contracts_world)
    assert values(cards) == {
        "formation.no_cycle": 0,
        "contracting.contracts_active": 2,
        "contracting.contracts_suspended": 1,
        "contracting.contracts_terminated": 1,
        "contracting.reports_received": 1,
        "contracting.reports_missing": 1,
    }
    assert item(cards, "contracting.reports_missing")["tone"] == "bad"
    assert item(cards, "contracting.reports_missing")["url"] == (
        reverse("contracting:report_stages") + "?show=missing"
    )
    assert item(cards, "contracting.contracts_suspended")["url"].endswith("?status=suspended")


def test_ngo_with_an_unconfirmed_email_is_sent_to_my_ngo(client_for, ngo_user, contracts_world):
    EmailConfirmation.objects.create(user=ngo_user, email=ngo_user.email)
    cards = desk(client_for(ngo_user), now=contracts_world)
    # nothing else, of any app, until the e-mail is confirmed
    assert values(cards, apps=None) == {"contracting.email_unconfirmed": "not confirmed"}
    unconfirmed = item(cards, "contracting.email_unconfirmed")
    assert (unconfirmed["tone"], unconfirmed["url"]) == ("bad", reverse("contracting:my_ngo"))


# --- roles without cards ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "text"),
    [
        (Role.COUNCIL_MEMBER, "As a member of an expert council"),
        (Role.GRANT_OPERATOR, "As grant operator staff"),
        (Role.CITIZEN, "You can comment on the topics under public discussion"),
    ],
)
def test_roles_without_cards_see_what_they_can_do_today(client_for, role, text, contracts_world):
    user = UserFactory(roles=[role])
    with time_machine.travel(contracts_world, tick=False):
        response = client_for(user).get(DASHBOARD)
    assert response.context["cards"] == []
    html = response.content.decode()
    assert 'data-testid="desk-hints"' in html
    assert text in html
    assert 'data-testid="desk"' not in html


def test_expert_desk_is_translated(client_for, expert):
    """An expert's desk is monitoring's card (its counts are tested there), in their language."""
    expert.language = "ru"
    expert.save()
    html = client_for(expert).get(DASHBOARD).content.decode()
    assert "Независимый эксперт" in html and "Independent expert" not in html


# --- X-PERF -------------------------------------------------------------------------------------


def test_desk_queries_do_not_grow_with_the_data(
    client_for, body_user, ngo_user, authorized_user, ngo, area, django_assert_max_num_queries
):
    cycle = publish(open_cycle(body_user, area), body_user)
    topic = cycle.topics.get()
    now = at(2025, 3, 25, 12, 0)

    def grow(n):
        for _ in range(n):
            comment_on(topic, at(2025, 3, 20, 12, 0))
            made = contract(body_user, ngo, [(FI, dt.date(2025, 3, 1)), (SI, dt.date(2025, 3, 30))])
            contracting.report_start(stage=stage(made, SI), actor=ngo_user)
            OrganisationFactory(is_verified=False)

    grow(1)
    clients = {user: client_for(user) for user in (body_user, ngo_user, authorized_user)}
    limits = {}
    for user, client in clients.items():
        desk(client, now=now)  # warm the caches (calendar decree table)
        with CaptureQueriesContext(connection) as queries:
            desk(client, now=now)
        limits[user] = len(queries)
    grow(19)
    seen = {}
    for user, client in clients.items():
        with django_assert_max_num_queries(limits[user]):
            seen[user] = values(desk(client, now=now))
    assert seen[body_user]["formation.pending_comments"] == 20
    assert seen[body_user]["contracting.contracts_active"] == 20
    assert seen[body_user]["contracting.reports_missing"] == 20
    assert seen[ngo_user]["contracting.reports_due_soon"] == 20
    assert seen[ngo_user]["contracting.report_drafts"] == 20
    assert seen[authorized_user]["contracting.verification"] == 20

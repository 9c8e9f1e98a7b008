"""The experts' lists: scoped (an expert sees the projects assigned to them; a body its own; an
NGO its own; the authorized body all) with a constant number of queries for 1 and many rows;
the desk cards count exactly what their lists show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tapsyrys.contracting.tests.factories import contract_make
from tapsyrys.core.models import Role
from tapsyrys.core.tests.factories import UserFactory
from tapsyrys.monitoring.services import experts as services
from tapsyrys.monitoring.tests.world_experts import NO_CONFLICT

pytestmark = pytest.mark.django_db


def signed(expert, contract, answers=NO_CONFLICT):
    notice = services.notice_file(actor=expert, contract=contract, answers=answers)
    return services.notice_sign(actor=expert, notice=notice)


def grow(n, body_user, ngo, other_ngo, expert):
    """n projects: each with a signed notice of `expert` and a fresh expert assigned."""
    for _ in range(n):
        contract = contract_make(body_user, ngo)
        signed(expert, contract, {**NO_CONFLICT, "member": {"answer": True, "ngos": [other_ngo]}})
        other = UserFactory(roles=[Role.EXPERT])
        signed(other, contract)
        services.expert_assign(actor=body_user, contract=contract, expert=other)
        contract_make(body_user, ngo)  # waiting for an expert


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


LISTS = [
    ("expert", "/monitoring/experts/"),
    ("expert", "/api/monitoring/notices/"),
    ("expert", "/api/monitoring/assignments/"),
    ("body_user", "/monitoring/experts/waiting/"),
    ("body_user", "/api/monitoring/notices/"),
    ("body_user", "/api/monitoring/assignments/"),
    ("ngo_user", "/api/monitoring/assignments/"),
    ("authorized_user", "/api/monitoring/assignments/"),
    ("authorized_user", "/dashboard/"),
    ("expert", "/dashboard/"),
]


@pytest.mark.parametrize(("who", "path"), LISTS)
def test_constant_queries(request, client_for, body_user, ngo, other_ngo, expert, who, path):
    client = client_for(request.getfixturevalue(who))
    grow(1, body_user, ngo, other_ngo, expert)
    few = count(client, path)
    grow(4, body_user, ngo, other_ngo, expert)
    assert count(client, path) <= few, path


def test_assign_page_and_experts_api_constant(client_for, api_for, body_user, ngo, other_ngo):
    contract = contract_make(body_user, ngo)

    def add(n):
        for _ in range(n):
            signed(UserFactory(roles=[Role.EXPERT]), contract,
                   {**NO_CONFLICT, "family": {"answer": True, "ngos": [other_ngo]}})  # fmt: skip

    add(1)
    page = reverse("monitoring:assign", args=[contract.pk])
    api = f"/api/monitoring/experts/?contract={contract.pk}"
    few_page, few_api = count(client_for(body_user), page), count(api_for(body_user), api)
    add(5)
    assert count(client_for(body_user), page) <= few_page
    assert count(api_for(body_user), api) <= few_api


def _ids(response):
    data = response.json()
    return {row["contract"] for row in data.get("results", data)}


def test_assignments_are_scoped(
    api_for, body_user, other_body_user, ngo, other_ngo, ngo_user, other_ngo_user,
    expert, assigned_expert, authorized_user, council_member,
):  # fmt: skip
    mine = contract_make(body_user, ngo)
    theirs = contract_make(other_body_user, other_ngo)
    signed(assigned_expert, mine)
    signed(expert, theirs)
    services.expert_assign(actor=body_user, contract=mine, expert=assigned_expert)
    services.expert_assign(actor=other_body_user, contract=theirs, expert=expert)
    url = "/api/monitoring/assignments/"
    assert _ids(api_for(assigned_expert).get(url)) == {mine.pk}
    assert _ids(api_for(expert).get(url)) == {theirs.pk}
    assert _ids(api_for(body_user).get(url)) == {mine.pk}
    assert _ids(api_for(other_body_user).get(url)) == {theirs.pk}
    assert _ids(api_for(ngo_user).get(url)) == {mine.pk}
    assert _ids(api_for(other_ngo_user).get(url)) == {theirs.pk}
    assert _ids(api_for(authorized_user).get(url)) == {mine.pk, theirs.pk}
    assert api_for(council_member).get(url).status_code == 403


def test_notices_are_scoped(api_for, body_user, other_body_user, ngo, other_ngo, expert,
                            assigned_expert, authorized_user, ngo_user):  # fmt: skip
    mine = contract_make(body_user, ngo)
    theirs = contract_make(other_body_user, other_ngo)
    signed_mine = signed(expert, mine)
    draft = services.notice_file(actor=expert, contract=theirs, answers=NO_CONFLICT)
    signed_theirs = signed(assigned_expert, theirs)

    def ids(user):
        data = api_for(user).get("/api/monitoring/notices/").json()
        return {row["id"] for row in data["results"]}

    assert ids(expert) == {signed_mine.pk, draft.pk}
    assert ids(assigned_expert) == {signed_theirs.pk}
    assert ids(body_user) == {signed_mine.pk}  # never a draft, never another body's
    assert ids(other_body_user) == {signed_theirs.pk}
    assert ids(authorized_user) == {signed_mine.pk, signed_theirs.pk}
    assert api_for(ngo_user).get("/api/monitoring/notices/").status_code == 403


def test_desk_cards_link_to_exactly_their_lists(client_for, body_user, ngo, expert,
                                                 other_body_user, other_ngo):  # fmt: skip
    waiting = contract_make(body_user, ngo)
    contract_make(body_user, ngo, amount=1966000)  # the body monitors it: never listed
    elsewhere = contract_make(other_body_user, other_ngo)
    draft = services.notice_file(actor=expert, contract=waiting, answers=NO_CONFLICT)

    body_page = client_for(body_user).get("/dashboard/").content.decode()
    assert 'data-testid="monitoring.needs_expert"' in body_page
    listing = client_for(body_user).get(reverse("monitoring:needs_expert")).content.decode()
    assert f'data-testid="waiting-{waiting.pk}"' in listing
    assert f'data-testid="waiting-{elsewhere.pk}"' not in listing
    assert listing.count('data-testid="waiting-') == 1

    desk = client_for(expert).get(reverse("monitoring:expert_desk") + "?show=drafts")
    html = desk.content.decode()
    assert f'data-testid="draft-{draft.pk}"' in html
    assert 'data-testid="open-projects"' not in html
    open_list = client_for(expert).get(reverse("monitoring:expert_desk") + "?show=open")
    html = open_list.content.decode()
    assert (
        f'data-testid="open-{waiting.pk}"' in html and f'data-testid="open-{elsewhere.pk}"' in html
    )
    assert html.count('data-testid="open-') == 3  # the table and its two rows

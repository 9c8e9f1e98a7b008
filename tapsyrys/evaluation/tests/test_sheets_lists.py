"""The member's projects (only their council's, only once in evaluation), the national list
of projects waiting for evaluation (filters, scoping, bad params, constant queries) and the
API list of evaluations."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse

from tapsyrys.contracting.tests.factories import contract_make
from tapsyrys.core.models import Role
from tapsyrys.core.tests.factories import StateBodyFactory, UserFactory
from tapsyrys.evaluation.models import Evaluation
from tapsyrys.evaluation.services import sheets as services

from .factories_sheets import WHEN, council_make, evaluation_make, member_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(body_user, body, other_body_user, other_body, ngo):
    mine, theirs = member_user(username="mine"), member_user(username="theirs")
    council_make(body, [mine])
    council_make(other_body, [theirs])
    ended = contract_make(body_user, ngo)
    running = contract_make(body_user, ngo, ends=dt.date(2027, 6, 1))
    other = contract_make(other_body_user, ngo)
    services.evaluations_enter(now=WHEN)
    return {"mine": mine, "theirs": theirs, "ended": ended, "running": running, "other": other}


def test_member_sees_only_their_councils_projects_in_evaluation(world, client_for, api_for):
    page = client_for(world["mine"]).get(reverse("evaluation:my"))
    assert page.status_code == 200
    ev = Evaluation.objects.get(contract=world["ended"])
    other = Evaluation.objects.get(contract=world["other"])
    assert f'data-testid="evaluation-{ev.pk}"'.encode() in page.content
    assert f'data-testid="evaluation-{other.pk}"'.encode() not in page.content
    assert world["running"].number.encode() not in page.content
    data = api_for(world["mine"]).get("/api/evaluation/evaluations/").json()
    assert [r["id"] for r in data["results"]] == [ev.pk]
    # the other council's project: materials refused
    url = reverse("evaluation:materials", args=[other.pk])
    assert client_for(world["mine"]).get(url).status_code == 403
    url = f"/api/evaluation/evaluations/{other.pk}/materials/"
    assert api_for(world["mine"]).get(url).status_code == 403


def test_my_page_is_for_council_members(world, client_for, ngo_user):
    assert client_for(ngo_user).get(reverse("evaluation:my")).status_code == 403


def test_pending_scoped_and_filtered(world, client_for, api_for, body_user, authorized_user,
                                     body, ngo_user):  # fmt: skip
    ev = Evaluation.objects.get(contract=world["ended"])
    other = Evaluation.objects.get(contract=world["other"])
    data = api_for(body_user).get("/api/evaluation/pending/").json()
    assert [r["id"] for r in data["results"]] == [ev.pk]
    data = api_for(authorized_user).get("/api/evaluation/pending/").json()
    assert {r["id"] for r in data["results"]} == {ev.pk, other.pk}
    data = api_for(authorized_user).get(f"/api/evaluation/pending/?body={body.pk}").json()
    assert [r["id"] for r in data["results"]] == [ev.pk]
    data = api_for(authorized_user).get("/api/evaluation/pending/?year=2024").json()
    assert data["results"] == []
    data = api_for(authorized_user).get("/api/evaluation/pending/?year=2025").json()
    assert len(data["results"]) == 2
    if body.region_id:
        url = f"/api/evaluation/pending/?region={body.region_id}"
        assert ev.pk in [r["id"] for r in api_for(authorized_user).get(url).json()["results"]]
    page = client_for(authorized_user).get(reverse("evaluation:pending"))
    assert page.status_code == 200
    assert f'data-testid="pending-{other.pk}"'.encode() in page.content
    assert api_for(ngo_user).get("/api/evaluation/pending/").status_code == 403
    assert client_for(ngo_user).get(reverse("evaluation:pending")).status_code == 403
    assert api_for(world["mine"]).get("/api/evaluation/pending/").status_code == 403


@pytest.mark.parametrize("query", ["body=x", "region=-1", "year=2025.5", "body=99999999999"])
def test_pending_bad_params_are_400(world, api_for, client_for, authorized_user, query):
    response = api_for(authorized_user).get(f"/api/evaluation/pending/?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.content.decode()
    assert client_for(authorized_user).get(f"/evaluation/pending/?{query}").status_code == 400


def test_pending_constant_queries(authorized_user, ngo, api_for, client_for,
                                  django_assert_max_num_queries):  # fmt: skip
    def add(n):
        for _i in range(n):
            body = StateBodyFactory()
            user = UserFactory(organisation=body, roles=[Role.STATE_BODY])
            evaluation_make(contract_make(user, ngo))

    add(1)
    api, client = api_for(authorized_user), client_for(authorized_user)
    api.get("/api/evaluation/pending/")
    cache.clear()  # each measure counts rows afresh (the count is cached per data version)
    with django_assert_max_num_queries(12) as one:
        api.get("/api/evaluation/pending/")
    cache.clear()
    with django_assert_max_num_queries(20) as page_one:
        client.get(reverse("evaluation:pending"))
    add(5)
    cache.clear()
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(api.get("/api/evaluation/pending/").json()["results"]) == 6
    cache.clear()
    with django_assert_max_num_queries(len(page_one.captured_queries)):
        client.get(reverse("evaluation:pending"))


def test_my_page_constant_queries(body_user, body, ngo, client_for, django_assert_max_num_queries):
    user = member_user()
    council_make(body, [user, member_user(organisation=ngo)])
    evaluation_make(contract_make(body_user, ngo))
    client = client_for(user)
    client.get(reverse("evaluation:my"))
    with django_assert_max_num_queries(30) as one:
        client.get(reverse("evaluation:my"))
    for _i in range(5):
        evaluation_make(contract_make(body_user, ngo))
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("evaluation:my"))
    assert page.content.count(b'data-testid="excluded"') == 0


@pytest.mark.parametrize("year", ["0", "10000", "99999"])
def test_pending_year_out_of_range_is_empty_not_500(world, api_for, authorized_user, year):
    response = api_for(authorized_user).get(f"/api/evaluation/pending/?year={year}")
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_materials_show_reports_passport_and_events(body_user, body, ngo_user, client_for,
                                                    api_for):  # fmt: skip
    from tapsyrys.contracting import services as cs
    from tapsyrys.contracting.models import ReportStage
    from tapsyrys.contracting.tests.factories import complete_fields

    member = member_user()
    council_make(body, [member])
    contract = contract_make(body_user, ngo_user.organisation)
    stage = contract.stages.get(kind=ReportStage.Kind.FIRST_INTERIM)
    report = cs.report_start(stage=stage, actor=ngo_user)
    cs.report_save_draft(report=report, actor=ngo_user, fields=complete_fields(contract))
    cs.report_submit(report=report, actor=ngo_user, now=WHEN.replace(year=2025, month=6))
    ev = evaluation_make(contract)
    page = client_for(member).get(reverse("evaluation:materials", args=[ev.pk])).content.decode()
    assert "Проведены семинары" in page  # the report's main work
    assert 'data-testid="report-section"' in page
    data = api_for(member).get(f"/api/evaluation/evaluations/{ev.pk}/materials/").json()
    texts = [s["text"] for st in data["stages"] for s in st["sections"]]
    assert "Проведены семинары" in texts

"""The public pages of the councils (announcement, term, window, composition, approval), the
self-nomination form with the sign-up link, the body's forms; constant query counts."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tapsyrys.core.tests.factories import StateBodyFactory, UserFactory
from tapsyrys.evaluation.models import ExpertCouncil, Nomination
from tapsyrys.evaluation.services import councils as services

from .factories_councils import council_announce, council_approved

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    return [UserFactory(username=f"p{i}", full_name=f"Член {i}") for i in range(3)]


def test_public_list_and_page(client, body_user, people):
    council = council_approved(body_user, people[:2])
    response = client.get(reverse("evaluation:councils"))
    assert response.status_code == 200
    assert f'data-testid="council-{council.pk}"'.encode() in response.content
    page = client.get(reverse("evaluation:council", args=[council.pk]))
    text = page.content.decode()
    assert "2027–2029" in text and "Член 0" in text and "Член 1" in text
    assert "14.03.2026" in text  # approved on D+12
    assert "Протокол № 3" in text
    assert 'data-testid="body-actions"' not in text


def test_list_filtered_by_year_and_bad_year_ignored(client, body_user, people):
    council_approved(body_user, people[:1])
    assert len(client.get(reverse("evaluation:councils") + "?year=2028").context["page"]) == 1
    assert len(client.get(reverse("evaluation:councils") + "?year=2030").context["page"]) == 0
    assert client.get(reverse("evaluation:councils") + "?year=x&page=zz").status_code == 200


def test_list_query_count_is_constant(client, django_assert_max_num_queries, people):
    url = reverse("evaluation:councils")
    for _n in range(1, 4):
        body = StateBodyFactory()
        staff = UserFactory(organisation=body, roles=["state_body"])
        council_announce(staff)
        with django_assert_max_num_queries(8):
            client.get(url)
    assert ExpertCouncil.objects.count() == 3


def test_detail_query_count_is_constant(client, body_user, django_assert_max_num_queries):
    members = [UserFactory() for _ in range(6)]
    one = council_approved(body_user, members[:1], first_year=2026)
    many = council_approved(body_user, members[1:], now=dt.datetime(2026, 6, 1, 6, tzinfo=dt.UTC))
    for council in (one, many):
        with django_assert_max_num_queries(10):
            assert client.get(reverse("evaluation:council", args=[council.pk])).status_code == 200


def test_signed_out_visitor_gets_the_sign_up_link(client, body_user):
    council = council_announce(body_user, now=timezone.now())
    url = reverse("evaluation:council_nominate", args=[council.pk])
    response = client.get(url)
    assert response.status_code == 200
    signup = reverse("accounts:signup") + "?next=" + url
    assert signup.encode() in response.content
    response = client.post(url, {"about": "x"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not Nomination.objects.exists()


def test_nominate_through_the_page(client_for, body_user, people):
    council = council_announce(body_user, now=timezone.now())
    c = client_for(people[0])
    url = reverse("evaluation:council_nominate", args=[council.pk])
    assert c.post(url, {"about": ""}).status_code == 200
    assert not Nomination.objects.exists()
    response = c.post(url, {"about": "Социальный работник, 10 лет"})
    assert response.status_code == 302
    page = c.get(reverse("evaluation:council", args=[council.pk]))
    assert b'data-testid="own-nomination"' in page.content
    # the body sees it, the public does not
    body_page = client_for(body_user).get(reverse("evaluation:council", args=[council.pk]))
    assert "Социальный работник".encode() in body_page.content
    assert b'data-testid="form-from-nominations"' in body_page.content


def test_body_forms_alone_refused_on_day_10_with_the_date(client_for, body_user, people):
    announced = timezone.now() - dt.timedelta(days=10)
    council = council_announce(body_user, now=announced)
    url = reverse("evaluation:council_form", args=[council.pk])
    response = client_for(body_user).post(url, {"mode": "alone", "members": people[0].username})
    assert response.status_code == 400
    first = (timezone.localdate(announced) + dt.timedelta(days=11)).strftime("%d.%m.%Y")
    assert first.encode() in response.content
    council.refresh_from_db()
    assert council.status == ExpertCouncil.Status.ANNOUNCED


def test_body_forms_alone_on_day_11_then_approves(client_for, body_user, people):
    council = council_announce(body_user, now=timezone.now() - dt.timedelta(days=11))
    c = client_for(body_user)
    response = c.post(
        reverse("evaluation:council_form", args=[council.pk]),
        {"mode": "alone", "members": f"{people[0].username}\n{people[1].email}"},
    )
    assert response.status_code == 302
    council.refresh_from_db()
    assert council.members.count() == 2
    future = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    url = reverse("evaluation:council_approve", args=[council.pk])
    response = c.post(url, {"approved_on": future, "approval_reference": "Протокол"})
    assert response.status_code == 400
    assert "approved_on" in response.context["approve"].errors
    response = c.post(
        url, {"approved_on": timezone.localdate().isoformat(), "approval_reference": "Протокол"}
    )
    assert response.status_code == 302
    council.refresh_from_db()
    assert council.status == ExpertCouncil.Status.APPROVED


def test_my_councils(client_for, body_user, people):
    council = council_approved(body_user, people[:1])
    response = client_for(people[0]).get(reverse("evaluation:my_councils"))
    assert response.status_code == 200
    member = council.members.get()
    assert f'data-testid="notice-new-{member.pk}"'.encode() in response.content


def test_unknown_council_is_404(client):
    assert client.get(reverse("evaluation:council", args=[999999])).status_code == 404
    services  # noqa: B018 - the module is used by the other tests


def test_account_created_on_the_spot_comes_back_to_the_form(client, body_user):
    council = council_announce(body_user, now=timezone.now())
    nominate = reverse("evaluation:council_nominate", args=[council.pk])
    signup = reverse("accounts:signup") + "?next=" + nominate
    page = client.get(signup)
    assert f'name="next" value="{nominate}"'.encode() in page.content
    response = client.post(
        reverse("accounts:signup"),
        {"username": "newcandidate", "full_name": "Жаңа Кандидат", "email": "new@example.org",
         "language": "ru", "password1": "Vd8-long-pass-91", "password2": "Vd8-long-pass-91",
         "next": nominate},
    )  # fmt: skip
    assert response.status_code == 201, response.content[:500]
    assert (reverse("login") + "?next=" + nominate).encode() in response.content
    response = client.post(
        reverse("login") + "?next=" + nominate,
        {"username": "newcandidate", "password": "Vd8-long-pass-91"},
    )
    assert response.status_code == 302 and response["Location"] == nominate
    assert client.post(nominate, {"about": "Хочу помогать"}).status_code == 302
    assert Nomination.objects.get().candidate.username == "newcandidate"


def test_an_offsite_next_is_dropped(client):
    page = client.get(reverse("accounts:signup") + "?next=https://evil.example/")
    assert b'name="next" value="https://evil.example/"' not in page.content
    assert page.context["next"] == ""

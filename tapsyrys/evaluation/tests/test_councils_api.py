"""The councils API: public reads, the body's announcement/forming/approval, nominations and
Annex 6 notices scoped to the caller; bad ids and params → 400 naming the field, never 500."""

import datetime as dt

import pytest
from django.utils import timezone

from tapsyrys.core.tests.factories import UserFactory
from tapsyrys.evaluation.models import ExpertCouncil, MemberNotice, Nomination

from .factories_councils import NO_CONFLICT, council_announce, council_approved, notice_signed

pytestmark = pytest.mark.django_db
API = "/api/evaluation/"


@pytest.fixture
def person(db):
    return UserFactory(username="aigul", full_name="Айгуль Серикова")


def test_public_reads(api_for, body_user, person):
    council = council_approved(body_user, [person])
    anon = api_for(None)
    data = anon.get(API + "councils/").json()
    rows = data["results"] if isinstance(data, dict) else data
    assert [r["id"] for r in rows] == [council.pk]
    one = anon.get(API + f"councils/{council.pk}/").json()
    assert one["first_year"] == 2027 and one["status"] == "approved"
    assert one["window_last_day"] == "2026-03-12" and one["forming_from"] == "2026-03-13"
    assert [m["user"]["name"] for m in one["members"]] == ["Айгуль Серикова"]
    assert anon.post(API + "councils/", {"announcement": "x"}).status_code in (401, 403)


@pytest.mark.parametrize("query", ["?year=x", "?year=99", "?body=-1", "?body=abc"])
def test_bad_params_are_400_naming_the_field(api_for, query):
    response = api_for(None).get(API + "councils/" + query)
    assert response.status_code == 400
    assert query[1:].split("=")[0] in str(response.json())


def test_announce_form_approve(api_for, body_user, person):
    api = api_for(body_user)
    year = timezone.localdate().year
    created = api.post(
        API + "councils/", {"announcement": "Объявление", "first_year": year}, format="json"
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    response = api.post(API + f"councils/{pk}/form/", {"members": [person.username]}, format="json")
    assert response.status_code == 400 and "formed_by" in str(response.json())
    council = ExpertCouncil.objects.get(pk=pk)
    assert council.status == "announced"
    council.announced_at = timezone.now() - dt.timedelta(days=11)
    council.save(update_fields=["announced_at"])  # the test moves the announcement back
    both = api.post(API + f"councils/{pk}/form/", {"members": ["x"], "include": [1]}, format="json")
    assert both.status_code == 400
    response = api.post(API + f"councils/{pk}/form/", {"members": [person.username]}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "preliminary"
    bad = api.post(
        API + f"councils/{pk}/approve/", {"approved_on": "2026-13-01", "approval_reference": "x"},
        format="json",
    )  # fmt: skip
    assert bad.status_code == 400 and "approved_on" in str(bad.json())
    ok = api.post(
        API + f"councils/{pk}/approve/",
        {"approved_on": timezone.localdate().isoformat(), "approval_reference": "Протокол"},
        format="json",
    )
    assert ok.status_code == 200 and ok.json()["status"] == "approved"
    again = api.post(
        API + f"councils/{pk}/approve/",
        {"approved_on": timezone.localdate().isoformat(), "approval_reference": "Протокол"},
        format="json",
    )
    assert again.status_code == 409


def test_other_body_is_refused(api_for, body_user, other_body_user, person):
    council = council_announce(body_user, now=timezone.now() - dt.timedelta(days=20))
    response = api_for(other_body_user).post(
        API + f"councils/{council.pk}/form/", {"members": [person.username]}, format="json"
    )
    assert response.status_code == 403
    assert api_for(body_user).post(API + "councils/999999/form/", {}).status_code == 404


def test_nominations_scoped(api_for, body_user, other_body_user, person, ngo_user):
    council = council_announce(body_user, now=timezone.now())
    r = api_for(person).post(
        API + "nominations/", {"council": council.pk, "about": "Опыт"}, format="json"
    )
    assert r.status_code == 201
    assert (
        api_for(person)
        .post(API + "nominations/", {"council": council.pk, "about": "Опыт"}, format="json")
        .status_code
        == 409
    )
    assert (
        api_for(ngo_user)
        .post(API + "nominations/", {"council": 999999, "about": "x"}, format="json")
        .status_code
        == 400
    )
    assert (
        api_for(ngo_user)
        .post(API + "nominations/", {"council": "x", "about": "x"}, format="json")
        .status_code
        == 400
    )

    def ids(user):
        data = api_for(user).get(API + "nominations/").json()
        return [n["id"] for n in (data["results"] if isinstance(data, dict) else data)]

    nomination = Nomination.objects.get()
    assert ids(person) == [nomination.pk]
    assert ids(body_user) == [nomination.pk]
    assert ids(other_body_user) == []
    assert ids(ngo_user) == []


def test_member_notices_scoped(api_for, body_user, other_body_user, person, ngo):
    council = council_approved(body_user, [person])
    member = council.members.get()
    signed = notice_signed(member)
    payload = {"membership": member.pk, "member": True, "member_ngos": [ngo.bin]}
    r = api_for(person).post(API + "member-notices/", payload, format="json")
    assert r.status_code == 201, r.json()
    answers = {a["question"]: a for a in r.json()["answers"]}
    assert answers["member"]["answer"] is True and answers["member"]["ngos"][0]["bin"] == ngo.bin
    draft = MemberNotice.objects.get(signed_at__isnull=True)
    bad = api_for(person).patch(
        API + f"member-notices/{draft.pk}/", {"member": True, "member_ngos": ["12"]}, format="json"
    )
    assert bad.status_code == 400 and "member_ngos" in str(bad.json())
    assert (
        api_for(person)
        .post(API + "member-notices/", {**payload, "membership": 999999}, format="json")
        .status_code
        == 400
    )

    def ids(user):
        data = api_for(user).get(API + "member-notices/").json()
        return [n["id"] for n in (data["results"] if isinstance(data, dict) else data)]

    assert set(ids(person)) == {signed.pk, draft.pk}
    assert ids(body_user) == [signed.pk]
    assert ids(other_body_user) == []
    assert api_for(other_body_user).get(API + f"member-notices/{signed.pk}/").status_code == 403
    assert api_for(body_user).get(API + f"member-notices/{draft.pk}/").status_code == 403
    signed_now = api_for(person).post(API + f"member-notices/{draft.pk}/sign/")
    assert signed_now.status_code == 200
    assert (
        api_for(person)
        .patch(API + f"member-notices/{draft.pk}/", NO_CONFLICT and {}, format="json")
        .status_code
        == 403
    )


def test_list_query_counts_are_constant(api_for, body_user, django_assert_max_num_queries):
    people = [UserFactory() for _ in range(4)]
    council = council_approved(body_user, people)
    members = list(council.members.all())
    api = api_for(body_user)
    for n in (1, 4):
        for m in members[:n]:
            if not MemberNotice.objects.filter(member=m).exists():
                notice_signed(m)
        with django_assert_max_num_queries(14):
            assert len(api.get(API + "member-notices/").json()["results"]) == n
        with django_assert_max_num_queries(10):
            api.get(API + "nominations/")
        with django_assert_max_num_queries(8):
            api.get(API + f"councils/{council.pk}/")

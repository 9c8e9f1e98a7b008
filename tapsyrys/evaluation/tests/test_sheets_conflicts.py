"""Conflicts of interest (E-1, E-4): a member who belongs to the NGO, whose latest signed
Annex 6 notice names it, or who declares a conflict cannot open the sheet (403 naming the
reason, page and API), is shown as excluded and is not counted."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tapsyrys.contracting.tests.factories import contract_make
from tapsyrys.core.errors import NotPermitted
from tapsyrys.evaluation.models import Exclusion, MemberNotice
from tapsyrys.evaluation.selectors import sheets as selectors
from tapsyrys.evaluation.services import sheets as services

from .factories_sheets import (
    council_make,
    evaluation_make,
    member_of,
    member_user,
    notice_naming,
    sheet_make,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(body_user, body, ngo, other_ngo):
    free, own, named, clean = (member_user(username=n) for n in ("free", "own", "named", "clean"))
    own.organisation = ngo
    own.save()
    council = council_make(body, [free, own, named, clean])
    notice_naming(council, named, ngo)
    notice_naming(council, clean, ngo, signed_at=timezone.now() - dt.timedelta(days=3))
    later = MemberNotice.objects.create(  # clean's latest signed notice names another NGO
        member=member_of(council, clean), declares_conflict=True, signed_at=timezone.now()
    )
    later.named_ngos.set([other_ngo])
    evaluation = evaluation_make(contract_make(body_user, ngo))
    return {"free": free, "own": own, "named": named, "clean": clean, "council": council,
            "evaluation": evaluation}  # fmt: skip


def test_conflicts_found_and_recorded(world):
    m = {k: member_of(world["council"], world[k]).pk for k in ("own", "named", "clean", "free")}
    found = selectors.conflicts(world["evaluation"])
    assert set(found) == {m["own"], m["named"]}
    assert found[m["own"]][0] == "own_organisation"
    assert found[m["named"]][0] == "notice"
    assert set(Exclusion.objects.values_list("member_id", "reason")) == {
        (m["own"], "own_organisation"),
        (m["named"], "notice"),
    }


@pytest.mark.parametrize("who", ["own", "named"])
def test_conflicted_member_cannot_open_the_sheet(world, who, client_for, api_for):
    user, ev = world[who], world["evaluation"]
    response = client_for(user).get(reverse("evaluation:sheet_form", args=[ev.pk]))
    assert response.status_code == 403
    reason = str(
        dict(Exclusion.Reason.choices)[
            selectors.conflicts(ev)[member_of(world["council"], user).pk][0]
        ]
    )
    assert reason in response.content.decode()
    assert client_for(user).get(reverse("evaluation:materials", args=[ev.pk])).status_code == 403
    response = api_for(user).post(
        "/api/evaluation/sheets/", {"evaluation": ev.pk, "results": 5}, format="json"
    )
    assert response.status_code == 403
    assert api_for(user).get(f"/api/evaluation/evaluations/{ev.pk}/materials/").status_code == 403
    with pytest.raises(NotPermitted):
        services.sheet_create(actor=user, evaluation=ev, data={"results": 5})


def test_excluded_shown_on_my_list_and_to_the_body(world, client_for, body_user):
    ev = world["evaluation"]
    page = client_for(world["own"]).get(reverse("evaluation:my"))
    assert b'data-testid="excluded"' in page.content
    page = client_for(body_user).get(reverse("evaluation:materials", args=[ev.pk]))
    own = member_of(world["council"], world["own"]).pk
    assert f'data-testid="excluded-{own}"'.encode() in page.content
    assert (
        client_for(world["clean"]).get(reverse("evaluation:materials", args=[ev.pk])).status_code
        == 200
    )


def test_declared_conflict_excludes_and_is_not_counted(world, client_for):
    ev = world["evaluation"]
    sheet_make(world["free"], ev)
    sheet_make(world["clean"], ev)
    assert {s.member.user_id for s in selectors.counted_sheets(ev)} == {
        world["free"].pk, world["clean"].pk,
    }  # fmt: skip
    response = client_for(world["clean"]).post(
        reverse("evaluation:declare", args=[ev.pk]), {"details": "Мой брат работает в этой НКО"}
    )
    assert response.status_code == 302
    clean = member_of(world["council"], world["clean"]).pk
    assert selectors.conflicts(ev)[clean][0] == "declared"
    assert [s.member.user_id for s in selectors.counted_sheets(ev)] == [world["free"].pk]
    # declaring twice: refused, one row
    response = client_for(world["clean"]).post(
        reverse("evaluation:declare", args=[ev.pk]), {"details": "ещё раз"}
    )
    assert Exclusion.objects.filter(member_id=clean).count() == 1


def test_declare_api_needs_details_and_membership(world, api_for, body_user):
    ev = world["evaluation"]
    url = f"/api/evaluation/evaluations/{ev.pk}/conflict/"
    assert api_for(world["free"]).post(url, {"details": ""}, format="json").status_code == 400
    assert api_for(body_user).post(url, {"details": "x"}, format="json").status_code == 403
    assert (
        api_for(world["free"]).post(url, {"details": "Член НКО"}, format="json").status_code == 201
    )
    assert (
        api_for(world["free"]).post(url, {"details": "Член НКО"}, format="json").status_code == 409
    )


def test_conflicts_constant_queries(world, body_user, ngo, django_assert_max_num_queries):
    ev = world["evaluation"]
    with django_assert_max_num_queries(6):
        selectors.conflicts(ev)
    evaluations = [ev] + [evaluation_make(contract_make(body_user, ngo)) for _ in range(5)]
    with django_assert_max_num_queries(6):
        found = selectors.conflict_map(evaluations)
    assert all(len(v) == 2 for v in found.values())

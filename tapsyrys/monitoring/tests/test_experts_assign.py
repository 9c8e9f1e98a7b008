"""Annex 4 notices and the assignment of the expert (M-4, §9): every refusal names its field and
writes nothing; a second expert, a declared conflict, a notice naming the implementing NGO and a
member of that NGO are refused; other organisations cannot act."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from tapsyrys.contracting.tests.factories import contract_make
from tapsyrys.core.errors import ApplicationError, NotPermitted
from tapsyrys.core.models import AuditEvent, Outbox, Role
from tapsyrys.core.tests.factories import UserFactory
from tapsyrys.monitoring.models import ExpertAssignment, ExpertNotice
from tapsyrys.monitoring.services import experts as services
from tapsyrys.monitoring.tests.world_experts import NO_CONFLICT

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The refusals below are read in English, whatever an earlier test left active."""
    with translation.override("en"):
        yield


@pytest.fixture
def big(body_user, ngo):
    """4 900 000,50 tenge of 10.01.2025 > 1 966 000 (500 × 3 932): needs an expert."""
    return contract_make(body_user, ngo)


@pytest.fixture
def small(body_user, ngo):
    """Exactly 500 × 3 932 = 1 966 000 tenge: the body monitors itself."""
    return contract_make(body_user, ngo, amount=Decimal("1966000"))


def signed(expert, contract, answers=NO_CONFLICT, **kw):
    notice = services.notice_file(actor=expert, contract=contract, answers=answers, **kw)
    return services.notice_sign(actor=expert, notice=notice)


def state():
    return (
        ExpertAssignment.objects.count(),
        ExpertNotice.objects.count(),
        AuditEvent.objects.filter(action__startswith="monitoring.").count(),
        Outbox.objects.filter(kind__startswith="monitoring.").count(),
    )


def refused(call, field, code=None):
    before = state()
    with pytest.raises(ApplicationError) as exc:
        call()
    assert exc.value.field == field, exc.value.message
    if code:
        assert exc.value.code == code
    assert state() == before, "a refusal wrote something"
    return exc.value


def test_assign_an_expert_with_a_clean_notice(big, body_user, expert):
    notice = signed(expert, big)
    assignment = services.expert_assign(actor=body_user, contract=big, expert=expert)
    assert (assignment.contract, assignment.expert, assignment.notice) == (big, expert, notice)
    assert assignment.assigned_by == body_user
    event = AuditEvent.objects.get(action="monitoring.expert.assign")
    assert event.data["notice"] == notice.pk and event.actor == body_user
    outbox = Outbox.objects.filter(kind="monitoring.expert.assign")
    assert {o.recipient for o in outbox} == {expert}
    assert outbox[0].subject == "You are assigned as the independent expert of a project"


def test_not_more_than_500_mci_is_refused(small, body_user, expert):
    refused(lambda: services.notice_file(actor=expert, contract=small, answers=NO_CONFLICT),
            "contract", "body_monitors")  # fmt: skip
    refused(lambda: services.expert_assign(actor=body_user, contract=small, expert=expert),
            "contract", "body_monitors")  # fmt: skip


def test_no_signed_notice_is_refused(big, body_user, expert):
    services.notice_file(actor=expert, contract=big, answers=NO_CONFLICT)  # a draft only
    refused(lambda: services.expert_assign(actor=body_user, contract=big, expert=expert),
            "notice", "no_signed_notice")  # fmt: skip


def test_a_notice_for_another_project_does_not_count(big, body_user, ngo, expert):
    other = contract_make(body_user, ngo)
    signed(expert, other)
    refused(lambda: services.expert_assign(actor=body_user, contract=big, expert=expert),
            "notice", "no_signed_notice")  # fmt: skip


def test_declared_conflict_is_refused(big, body_user, expert):
    signed(expert, big, declares_conflict=True)
    error = refused(lambda: services.expert_assign(actor=body_user, contract=big, expert=expert),
                    "notice", "conflict_declared")  # fmt: skip
    assert "declares a conflict" in str(error.message)


def test_other_potential_conflict_is_a_declared_conflict(big, body_user, expert):
    answers = {**NO_CONFLICT, "other": {"answer": True, "details": "Супруга работает в акимате"}}
    notice = signed(expert, big, answers=answers)
    assert notice.declares_conflict is True
    refused(lambda: services.expert_assign(actor=body_user, contract=big, expert=expert),
            "notice", "conflict_declared")  # fmt: skip


@pytest.mark.parametrize("question", ["member", "governing", "payments", "family"])
def test_a_notice_naming_the_implementing_ngo_is_refused(big, body_user, ngo, expert, question):
    answers = {**NO_CONFLICT, question: {"answer": True, "ngos": [ngo]}}
    notice = signed(expert, big, answers=answers)
    assert notice.declares_conflict is False
    assert list(notice.named_ngos.all()) == [ngo]
    refused(lambda: services.expert_assign(actor=body_user, contract=big, expert=expert),
            "notice", "names_supplier")  # fmt: skip


def test_a_notice_naming_another_ngo_is_accepted(big, body_user, other_ngo, expert):
    answers = {**NO_CONFLICT, "member": {"answer": True, "ngos": [other_ngo]}}
    signed(expert, big, answers=answers)
    assert services.expert_assign(actor=body_user, contract=big, expert=expert).expert == expert


def test_a_member_of_the_implementing_ngo_is_refused(big, body_user, ngo):
    member = UserFactory(roles=[Role.EXPERT], organisation=ngo)
    signed(member, big)
    error = refused(
        lambda: services.expert_assign(actor=body_user, contract=big, expert=member),
        "expert", "member_of_supplier",
    )  # fmt: skip
    assert "belongs to the NGO" in str(error.message)


def test_an_expert_of_another_ngo_is_accepted(big, body_user, other_ngo):
    member = UserFactory(roles=[Role.EXPERT], organisation=other_ngo)
    signed(member, big)
    assert services.expert_assign(actor=body_user, contract=big, expert=member).expert == member


def test_a_second_expert_is_refused(big, body_user, expert, assigned_expert):
    signed(expert, big)
    signed(assigned_expert, big)
    services.expert_assign(actor=body_user, contract=big, expert=assigned_expert)
    error = refused(lambda: services.expert_assign(actor=body_user, contract=big, expert=expert),
                    "contract", "already_assigned")  # fmt: skip
    assert error.status_code == 409
    # and no expert files for a project that has one
    refused(lambda: services.notice_file(actor=expert, contract=big, answers=NO_CONFLICT),
            "contract", "already_assigned")  # fmt: skip


def test_a_user_without_the_expert_role_is_refused(big, body_user, ngo_user):
    refused(lambda: services.expert_assign(actor=body_user, contract=big, expert=ngo_user),
            "expert", "not_an_expert")  # fmt: skip
    refused(lambda: services.expert_assign(actor=body_user, contract=big, expert=999999),
            "expert")  # fmt: skip


def test_a_closed_project_is_refused(big, body_user, expert):
    signed(expert, big)
    type(big).objects.filter(pk=big.pk).update(status="closed")
    big.refresh_from_db()
    refused(lambda: services.expert_assign(actor=body_user, contract=big, expert=expert),
            "contract", "not_running")  # fmt: skip


@pytest.mark.parametrize("who", ["other_body_user", "ngo_user", "authorized_user", "expert"])
def test_only_the_contracts_body_assigns(big, expert, request, who):
    signed(expert, big)
    before = state()
    with pytest.raises(NotPermitted):
        services.expert_assign(actor=request.getfixturevalue(who), contract=big, expert=expert)
    assert state() == before


def test_only_experts_file_notices(big, body_user, ngo_user):
    for user in (body_user, ngo_user):
        with pytest.raises(NotPermitted):
            services.notice_file(actor=user, contract=big, answers=NO_CONFLICT)
    assert not ExpertNotice.objects.exists()


def test_a_signed_notice_is_immutable(big, expert, assigned_expert):
    notice = signed(expert, big)
    with pytest.raises(NotPermitted):
        services.notice_file(actor=expert, contract=big, notice=notice, answers=NO_CONFLICT)
    with pytest.raises(NotPermitted):
        services.notice_sign(actor=expert, notice=notice)
    # another expert cannot touch someone's draft either
    draft = services.notice_file(actor=assigned_expert, contract=big, answers=NO_CONFLICT)
    with pytest.raises(NotPermitted):
        services.notice_file(actor=expert, contract=big, notice=draft, answers=NO_CONFLICT)
    # a new notice replaces the signed one: the latest signed counts
    newer = signed(expert, big, declares_conflict=True)
    assert newer.pk != notice.pk
    notice.refresh_from_db()
    assert notice.declares_conflict is False


def test_one_draft_per_expert_and_project(big, expert):
    first = services.notice_file(actor=expert, contract=big, answers=NO_CONFLICT)
    second = services.notice_file(actor=expert, contract=big, answers=NO_CONFLICT,
                                  declares_conflict=True)  # fmt: skip
    assert first.pk == second.pk
    assert ExpertNotice.objects.filter(expert=expert).count() == 1
    assert AuditEvent.objects.filter(action="monitoring.notice.edit").count() == 1


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"member": {"answer": True}}, "member_ngos"),
        ({"other": {"answer": True}}, "other_details"),
        ({"payments": {"answer": False, "details": "услуги"}}, "payments_details"),
        ({"family": {"answer": True, "details": "х" * 2001}}, "family_details"),
    ],
)
def test_incoherent_answers_are_refused(big, expert, answers, field):
    refused(lambda: services.notice_file(
        actor=expert, contract=big, answers={**NO_CONFLICT, **answers}), field)  # fmt: skip


@pytest.mark.parametrize(
    ("bins", "field"), [("12345", "member_ngos"), ("000000000000 abc", "member_ngos")]
)
def test_bad_bins_are_refused(bins, field):
    with pytest.raises(ApplicationError) as exc:
        services.ngos_from_bins(bins, field=field)
    assert exc.value.field == field


def test_unknown_bin_is_refused(ngo, body):
    assert services.ngos_from_bins(f"{ngo.bin}, {ngo.bin}", field="x") == [ngo]
    with pytest.raises(ApplicationError) as exc:
        services.ngos_from_bins([body.bin], field="family_ngos")  # a state body is not an NGO
    assert exc.value.field == "family_ngos"


# --- Pages and API ---------------------------------------------------------------------------


def test_the_flow_through_the_pages(big, body_user, expert, client_for, other_ngo):
    e = client_for(expert)
    response = e.post(reverse("monitoring:notice_new", args=[big.pk]), {
        "declares_conflict": "no", "member": "yes", "member_ngos": other_ngo.bin,
        "governing": "no", "payments": "no", "family": "no", "other": "no",
    })  # fmt: skip
    notice = ExpertNotice.objects.get(expert=expert)
    assert response.status_code == 302 and list(notice.member_ngos.all()) == [other_ngo]
    assert e.post(reverse("monitoring:notice_sign", args=[notice.pk])).status_code == 302
    b = client_for(body_user)
    page = b.get(reverse("monitoring:assign", args=[big.pk])).content.decode()
    assert f'data-testid="candidate-{expert.pk}"' in page
    response = b.post(reverse("monitoring:assign", args=[big.pk]), {"expert": expert.pk})
    assert response.status_code == 302
    html = b.get(reverse("contracting:contract", args=[big.pk])).content.decode()
    assert str(expert) in html


def test_the_page_shows_the_refusal_at_the_form(big, body_user, expert, client_for):
    signed(expert, big, declares_conflict=True)
    before = state()
    response = client_for(body_user).post(
        reverse("monitoring:assign", args=[big.pk]), {"expert": expert.pk}
    )
    assert response.status_code == 200
    assert "declares a conflict of interest" in response.content.decode()
    assert state() == before


def test_the_notice_form_names_the_field(big, expert, client_for):
    response = client_for(expert).post(reverse("monitoring:notice_new", args=[big.pk]), {
        "declares_conflict": "no", "member": "yes", "member_ngos": "123",
        "governing": "no", "payments": "no", "family": "no", "other": "no",
    })  # fmt: skip
    assert response.status_code == 200
    assert 'data-field="member_ngos"' in response.content.decode()
    assert not ExpertNotice.objects.exists()


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({"contract": "x", "expert": 1}, 400, "contract"),
        ({"contract": 2**40, "expert": 1}, 400, "contract"),
        ({"contract": 999999, "expert": 1}, 400, "contract"),
        ({"expert": 1}, 400, "contract"),
        ({"contract": "{big}", "expert": "x"}, 400, "expert"),
        ({"contract": "{big}", "expert": 999999}, 400, "expert"),
        ({"contract": "{big}", "expert": "{expert}"}, 400, "notice"),
    ],
)
def test_assignment_api_bad_input(big, body_user, expert, api_for, payload, status, field):
    data = {k: (big.pk if v == "{big}" else expert.pk if v == "{expert}" else v)
            for k, v in payload.items()}  # fmt: skip
    before = state()
    response = api_for(body_user).post("/api/monitoring/assignments/", data, format="json")
    assert response.status_code == status, response.content
    if field:
        assert field in response.json().get("errors", {}) or response.json().get("field") == field
    assert state() == before


def test_assignment_api_second_expert_is_409(big, body_user, expert, assigned_expert, api_for):
    signed(expert, big)
    signed(assigned_expert, big)
    api = api_for(body_user)
    ok = api.post("/api/monitoring/assignments/", {"contract": big.pk, "expert": expert.pk},
                  format="json")  # fmt: skip
    assert ok.status_code == 201 and ok.json()["expert"]["id"] == expert.pk
    again = api.post("/api/monitoring/assignments/",
                     {"contract": big.pk, "expert": assigned_expert.pk}, format="json")  # fmt: skip
    assert again.status_code == 409 and again.json()["field"] == "contract"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"contract": "{big}", "member": True}, "member_ngos"),
        ({"contract": "{big}", "member": True, "member_ngos": ["1"]}, "member_ngos"),
        ({"contract": "{big}", "member": "maybe"}, "member"),
        ({"contract": "{big}", "other_details": "x" * 2001}, "other_details"),
        ({"contract": "{small}"}, "contract"),
        ({"contract": "abc"}, "contract"),
    ],
)
def test_notice_api_bad_input(big, small, expert, api_for, payload, field):
    data = {k: (big.pk if v == "{big}" else small.pk if v == "{small}" else v)
            for k, v in payload.items()}  # fmt: skip
    response = api_for(expert).post("/api/monitoring/notices/", data, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json().get("errors", {}) or response.json().get("field") == field
    assert not ExpertNotice.objects.exists()


def test_notice_api_files_edits_and_signs(big, expert, other_ngo, api_for):
    api = api_for(expert)
    created = api.post("/api/monitoring/notices/", {
        "contract": big.pk, "family": True, "family_ngos": [other_ngo.bin],
        "family_details": "Брат — бухгалтер",
    }, format="json")  # fmt: skip
    assert created.status_code == 201, created.content
    body = created.json()
    family = next(a for a in body["answers"] if a["question"] == "family")
    assert family == {"question": "family", "answer": True, "details": "Брат — бухгалтер",
                      "ngos": [{"id": other_ngo.pk, "bin": other_ngo.bin,
                                "name": other_ngo.name}]}  # fmt: skip
    pk = body["id"]
    patched = api.patch(f"/api/monitoring/notices/{pk}/", {"declares_conflict": True},
                        format="json")  # fmt: skip
    assert patched.status_code == 200 and patched.json()["declares_conflict"] is True
    assert patched.json()["answers"][3]["answer"] is False  # PATCH states the whole notice
    sign = api.post(f"/api/monitoring/notices/{pk}/sign/")
    assert sign.status_code == 200 and sign.json()["signed_at"]
    again = api.patch(f"/api/monitoring/notices/{pk}/", {}, format="json")
    assert again.status_code == 403
    assert api.get("/api/monitoring/notices/999999/").status_code == 404


def test_experts_api_lists_candidates_with_their_flags(big, body_user, ngo, expert, api_for):
    member = UserFactory(roles=[Role.EXPERT], organisation=ngo, full_name="Член НПО")
    signed(expert, big)
    signed(member, big)
    rows = api_for(body_user).get(f"/api/monitoring/experts/?contract={big.pk}").json()
    flags = {r["id"]: (r["eligible"], r["refusal"]) for r in rows}
    assert flags == {expert.pk: (True, ""), member.pk: (False, "member_of_supplier")}
    for junk in ("", "?contract=x", "?contract=99999999999999"):
        assert api_for(body_user).get(f"/api/monitoring/experts/{junk}").status_code == 400
    assert api_for(body_user).get("/api/monitoring/experts/?contract=999999").status_code == 400


def test_notices_are_dated(big, expert):
    when = dt.datetime(2025, 2, 3, 4, 5, tzinfo=dt.UTC)
    notice = services.notice_file(actor=expert, contract=big, answers=NO_CONFLICT, now=when)
    assert services.notice_sign(actor=expert, notice=notice, now=when).signed_at == when

"""Expert councils (§16, E-1): the announcement for three calendar years, the self-nomination
window of 10 calendar days, forming the composition (from the nominations, or by the body
alone only after an empty window: day 10 refused with the date, day 11 allowed), the
approval by the Council for Interaction; every refusal names its field and writes nothing."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tapsyrys.core.due import due_for
from tapsyrys.core.errors import ApplicationError, NotPermitted
from tapsyrys.core.models import AuditEvent, Role
from tapsyrys.core.tests.factories import UserFactory
from tapsyrys.evaluation.models import CouncilMember, ExpertCouncil, Nomination
from tapsyrys.evaluation.selectors import councils as selectors
from tapsyrys.evaluation.services import councils as services

from .factories_councils import ANNOUNCED_AT, at, council_announce, council_approved, council_formed

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    return [UserFactory(username=f"cand{i}", full_name=f"Кандидат {i}") for i in range(3)]


def test_announcement_for_the_next_three_years(body_user):
    council = council_announce(body_user)
    assert (council.first_year, council.last_year) == (2027, 2029)
    assert council.status == ExpertCouncil.Status.ANNOUNCED
    assert council.body_id == body_user.organisation_id
    item = due_for(council, "evaluation.council_window")
    assert item.due_at == dt.datetime(2026, 3, 12, 18, 59, 59, tzinfo=dt.UTC)  # 23:59:59 Almaty
    assert AuditEvent.objects.filter(action="evaluation.council.announce").count() == 1


def test_the_body_may_start_with_the_current_year(body_user):
    assert council_announce(body_user, first_year=2026).last_year == 2028


@pytest.mark.parametrize("year", [2025, 2028, "x"])
def test_other_first_years_refused(body_user, year):
    with pytest.raises(ApplicationError) as exc:
        council_announce(body_user, first_year=year)
    assert exc.value.field == "first_year"
    assert not ExpertCouncil.objects.exists()


def test_a_second_announcement_for_the_same_term_is_refused(body_user):
    council_announce(body_user)
    with pytest.raises(ApplicationError) as exc:
        council_announce(body_user, now=at(5))
    assert exc.value.status_code == 409 and exc.value.field == "first_year"
    assert ExpertCouncil.objects.count() == 1


def test_empty_announcement_refused(body_user):
    with pytest.raises(ApplicationError) as exc:
        council_announce(body_user, text="   ")
    assert exc.value.field == "announcement" or exc.value.field == "announcement"


@pytest.mark.parametrize("who", ["ngo_user", "council_member", "authorized_user"])
def test_only_a_body_announces(request, who):
    with pytest.raises(NotPermitted):
        council_announce(request.getfixturevalue(who))


def test_forming_alone_day_10_refused_day_11_allowed(body_user, people):
    council = council_announce(body_user)  # 02.03.2026
    with pytest.raises(ApplicationError) as exc:
        services.council_form(actor=body_user, council=council, members=people[:1], now=at(10))
    assert exc.value.field == "formed_by"
    assert "13.03.2026" in str(exc.value.message) and "12.03.2026" in str(exc.value.message)
    assert not CouncilMember.objects.exists()
    council.refresh_from_db()
    assert council.status == ExpertCouncil.Status.ANNOUNCED
    services.council_form(actor=body_user, council=council, members=people[:1], now=at(11))
    council.refresh_from_db()
    assert council.status == ExpertCouncil.Status.PRELIMINARY
    assert council.formed_by == ExpertCouncil.FormedBy.BODY
    assert people[0].has_role(Role.COUNCIL_MEMBER)
    assert due_for(council, "evaluation.council_window").state == "met"


def test_the_window_end_is_in_almaty_time(body_user, people):
    # 02.03.2026 23:30 Almaty = 18:30 UTC: the announcement day is the 2nd, not the 3rd
    council = council_announce(body_user, now=dt.datetime(2026, 3, 2, 18, 30, tzinfo=dt.UTC))
    # 13.03.2026 00:10 Almaty is 12.03 19:10 UTC: already day 11
    services.council_form(
        actor=body_user,
        council=council,
        members=people[:1],
        now=dt.datetime(2026, 3, 12, 19, 10, tzinfo=dt.UTC),
    )


def test_forming_alone_refused_when_someone_nominated(body_user, people):
    council = council_announce(body_user)
    services.nomination_submit(actor=people[0], council=council, about="Опыт", now=at(10))
    with pytest.raises(ApplicationError) as exc:
        services.council_form(actor=body_user, council=council, members=people[1:], now=at(20))
    assert exc.value.field == "formed_by"
    assert not CouncilMember.objects.exists()


def test_forming_alone_needs_a_member_from_civil_society(body_user, other_body_user, people):
    council = council_announce(body_user)
    with pytest.raises(ApplicationError) as exc:
        services.council_form(actor=body_user, council=council, members=[], now=at(11))
    assert exc.value.field == "members"
    with pytest.raises(ApplicationError) as exc:
        services.council_form(
            actor=body_user, council=council, members=[other_body_user], now=at(11)
        )
    assert exc.value.field == "members"
    with pytest.raises(ApplicationError) as exc:
        services.council_form(
            actor=body_user, council=council, members="nobody@example.org", now=at(11)
        )
    assert exc.value.field == "members"
    assert not CouncilMember.objects.exists()
    services.council_form(
        actor=body_user, council=council, members=f"{people[0].username}\n", now=at(11)
    )
    assert list(council.members.values_list("user", flat=True)) == [people[0].pk]


def test_nomination_window(body_user, people):
    council = council_announce(body_user)
    services.nomination_submit(actor=people[0], council=council, about="Юрист", now=at(0))
    services.nomination_submit(actor=people[1], council=council, about="Врач", now=at(10))
    with pytest.raises(ApplicationError) as exc:
        services.nomination_submit(actor=people[2], council=council, about="Поздно", now=at(11))
    assert exc.value.status_code == 409 and exc.value.field == "council"
    with pytest.raises(ApplicationError) as exc:
        services.nomination_submit(actor=people[0], council=council, about="Снова", now=at(2))
    assert exc.value.status_code == 409
    assert Nomination.objects.count() == 2
    assert not people[0].has_role(Role.COUNCIL_MEMBER)  # only once included


def test_state_staff_do_not_nominate(body_user, other_body_user):
    council = council_announce(body_user)
    with pytest.raises(NotPermitted):
        services.nomination_submit(actor=other_body_user, council=council, about="x", now=at(1))


def test_withdrawn_nomination_can_be_submitted_again(body_user, people):
    council = council_announce(body_user)
    n = services.nomination_submit(actor=people[0], council=council, about="A", now=at(1))
    services.nomination_withdraw(actor=people[0], nomination=n, now=at(2))
    with pytest.raises(NotPermitted):
        services.nomination_withdraw(actor=people[1], nomination=n, now=at(2))
    again = services.nomination_submit(actor=people[0], council=council, about="B", now=at(3))
    assert again.pk == n.pk and again.status == Nomination.Status.SUBMITTED


def test_forming_from_nominations(body_user, people):
    council = council_announce(body_user)
    ns = [
        services.nomination_submit(actor=p, council=council, about="Опыт", now=at(2))
        for p in people
    ]
    with pytest.raises(ApplicationError) as exc:  # the window still open on day 10
        services.council_form(actor=body_user, council=council, include=[ns[0].pk], now=at(10))
    assert exc.value.field == "formed_by" and "13.03.2026" in str(exc.value.message)
    with pytest.raises(ApplicationError) as exc:
        services.council_form(actor=body_user, council=council, include=[], now=at(11))
    assert exc.value.field == "include"
    with pytest.raises(ApplicationError) as exc:
        services.council_form(actor=body_user, council=council, include=["x"], now=at(11))
    assert exc.value.field == "include"
    with pytest.raises(ApplicationError) as exc:
        services.council_form(actor=body_user, council=council, include=[999999], now=at(11))
    assert exc.value.field == "include"
    assert not CouncilMember.objects.exists()
    services.council_form(
        actor=body_user, council=council, include=[ns[0].pk, ns[2].pk], now=at(11)
    )
    statuses = dict(Nomination.objects.values_list("candidate__username", "status"))
    assert statuses == {"cand0": "included", "cand1": "not_included", "cand2": "included"}
    assert [m.user.username for m in council.members.order_by("id")] == ["cand0", "cand2"]
    assert people[0].has_role(Role.COUNCIL_MEMBER) and not people[1].has_role(Role.COUNCIL_MEMBER)
    with pytest.raises(ApplicationError) as exc:  # formed once
        services.council_form(actor=body_user, council=council, include=[ns[1].pk], now=at(12))
    assert exc.value.status_code == 409


def test_other_body_cannot_form_or_approve(body_user, other_body_user, people):
    council = council_formed(body_user, people[:1])
    with pytest.raises(NotPermitted):
        services.council_approve(
            actor=other_body_user, council=council, approved_on=at(12).date(), reference="x"
        )


def test_approval_dates(body_user, people):
    council = council_formed(body_user, people[:1])  # formed on 13.03.2026
    for approved_on, field in [
        (dt.date(2026, 3, 12), "approved_on"),  # before forming
        (dt.date(2026, 3, 21), "approved_on"),  # after today (20.03)
        ("31.02.2026", "approved_on"),
    ]:
        with pytest.raises(ApplicationError) as exc:
            services.council_approve(
                actor=body_user, council=council, approved_on=approved_on, reference="Протокол",
                now=at(18),
            )  # fmt: skip
        assert exc.value.field == field
    with pytest.raises(ApplicationError) as exc:
        services.council_approve(
            actor=body_user, council=council, approved_on=dt.date(2026, 3, 13), reference=" ",
            now=at(18),
        )  # fmt: skip
    assert exc.value.field == "approval_reference"
    council.refresh_from_db()
    assert council.status == ExpertCouncil.Status.PRELIMINARY
    pdf = SimpleUploadedFile("protocol.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    services.council_approve(
        actor=body_user, council=council, approved_on=dt.date(2026, 3, 13),
        reference="Протокол № 2", document=pdf, now=at(18),
    )  # fmt: skip
    council.refresh_from_db()
    assert council.status == ExpertCouncil.Status.APPROVED
    assert council.approved_on == dt.date(2026, 3, 13)
    assert council.approval_document.original_name == "protocol.pdf"


def test_council_for_a_contract_and_of_a_user(body_user, people):
    from types import SimpleNamespace

    council = council_approved(body_user, people[:2])
    ends = lambda y: SimpleNamespace(body_id=body_user.organisation_id, ends_on=dt.date(y, 6, 1))  # noqa: E731
    assert selectors.council_for(ends(2026)) is None
    assert selectors.council_for(ends(2027)) == council
    assert selectors.council_for(ends(2029)) == council
    assert selectors.council_for(ends(2030)) is None
    other = SimpleNamespace(body_id=body_user.organisation_id + 1000, ends_on=dt.date(2027, 1, 1))
    assert selectors.council_for(other) is None
    assert list(selectors.councils_of_user(people[0])) == [council]
    assert list(selectors.councils_of_user(people[2])) == []


def test_a_council_not_approved_does_not_evaluate(body_user, people):
    from types import SimpleNamespace

    council_formed(body_user, people[:1])
    contract = SimpleNamespace(body_id=body_user.organisation_id, ends_on=dt.date(2027, 6, 1))
    assert selectors.council_for(contract) is None


def test_announced_at_fixture_is_almaty_morning():
    assert ANNOUNCED_AT.astimezone(dt.timezone(dt.timedelta(hours=5))).hour == 11


def test_window_due_item_tells_the_body_once(body_user, people):
    from tapsyrys.core.due import run
    from tapsyrys.core.models import Outbox

    council = council_announce(body_user)  # window until 12.03.2026 23:59:59 Almaty
    formed = council_announce(body_user, first_year=2026)
    services.council_form(actor=body_user, council=formed, members=people[:1], now=at(11))
    run(now=dt.datetime(2026, 3, 12, 18, 59, 0, tzinfo=dt.UTC))  # 23:59 on day 10: not yet
    assert not Outbox.objects.filter(kind="evaluation.council.window_closed").exists()
    run(now=dt.datetime(2026, 3, 12, 19, 0, 0, tzinfo=dt.UTC))  # 00:00 on day 11
    run(now=dt.datetime(2026, 3, 14, 19, 0, 0, tzinfo=dt.UTC))
    sent = Outbox.objects.filter(kind="evaluation.council.window_closed")
    assert {o.recipient_id for o in sent} == {body_user.pk}
    assert AuditEvent.objects.filter(action="evaluation.council.window_closed").count() == 1
    assert due_for(council, "evaluation.council_window").state != "open"

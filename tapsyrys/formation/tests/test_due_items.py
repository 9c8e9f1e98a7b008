"""Formation's deadlines are stored due items: a decree moves the stored end, and the page,
the API and the refusal of late comments agree (X-CAL; Rules §7.2).

Worked example (calendar_notes.md): placed 14.03.2025, Nauryz 21, 24, 25.03.2025 are days
off → the 10th working day is 02.04.2025. A day off decreed on Thursday 27.03.2025 moves the
end to 03.04.2025, and the decisions (3 working days after it) from 07.04 to 08.04.2025.
"""

import datetime as dt

import pytest
import time_machine
from django.utils import translation

from tapsyrys.calendar import services as calendar_services
from tapsyrys.calendar.models import WorkdayOverride
from tapsyrys.core import due
from tapsyrys.core.models import AuditEvent, DueItem
from tapsyrys.formation import deadlines, services
from tapsyrys.formation.models import Cycle
from tapsyrys.formation.selectors import cycle_deadlines

from .conftest import at, comment_on

pytestmark = pytest.mark.django_db

DECREED = dt.date(2025, 3, 27)


def decree(day=DECREED, actor=None, **kw):
    return calendar_services.override_save(
        override=WorkdayOverride(
            date=day, is_working=False, reason_ru="Постановление", reason_kk="Қаулы", **kw
        ),
        actor=actor,
    )


def test_publish_stores_due_items_with_rule_and_explanation_in_three_languages(published):
    end = due.due_for(published, deadlines.DISCUSSION_END)
    assert end.due_at == at(2025, 4, 2, 23, 59, 59) == published.discussion_ends_at
    assert end.method == DueItem.Method.WORKING_DAYS and end.working_days == 10
    assert end.period_start == dt.date(2025, 3, 14)
    assert "21.03.2025" in end.explanation_ru and "02.04.2025" in end.explanation_kk
    assert "(§7.2)" in end.rule_en
    decisions = due.due_for(published, deadlines.DECISIONS_DUE)
    assert decisions.follows_id == end.pk
    assert decisions.due_at == at(2025, 4, 7, 23, 59, 59) == published.decisions_due_at


def test_a_day_off_decreed_inside_the_discussion_moves_page_api_and_refusal(
    published, body_user, client_for, api_for, anon_client
):
    decree(actor=body_user)
    cycle = Cycle.objects.get(pk=published.pk)
    # the stored end moved by one working day, and the decisions that follow it
    assert cycle.discussion_ends_at == at(2025, 4, 3, 23, 59, 59)
    assert cycle.decisions_due_at == at(2025, 4, 8, 23, 59, 59)
    end = due.due_for(cycle, deadlines.DISCUSSION_END)
    assert end.due_at == cycle.discussion_ends_at
    with translation.override("ru"):
        assert "27.03.2025 — Постановление" in end.explanation()
    # audited: one event per moved item, on the cycle
    moved = AuditEvent.objects.filter(action="calendar.deadline.moved", object_id=str(cycle.pk))
    assert sorted(e.data["kind"] for e in moved) == [
        deadlines.DECISIONS_DUE,
        deadlines.DISCUSSION_END,
    ]
    assert moved.get(data__kind=deadlines.DISCUSSION_END).data["to"] == "2025-04-03"
    # the page
    with time_machine.travel(at(2025, 4, 3, 12), tick=False):
        items = cycle_deadlines(cycle, now=at(2025, 4, 3, 12))
        assert items[0]["deadline"].date == dt.date(2025, 4, 3)
        page = client_for(body_user).get(f"/formation/cycles/{cycle.pk}/")
        assert page.status_code == 200 and "03.04.2025" in page.content.decode()
        public = anon_client.get(f"/formation/bodies/{cycle.body_id}/{cycle.year}/")
        assert "03.04.2025" in public.content.decode()
        # the API
        data = api_for(body_user).get(f"/api/formation/cycles/{cycle.pk}/").json()
        ends = dt.datetime.fromisoformat(data["discussion_ends_at"].replace("Z", "+00:00"))
        assert ends == at(2025, 4, 3, 23, 59, 59)
        # the enforcement: a comment on the moved last day is accepted …
        comment = comment_on(cycle.topics.first(), at(2025, 4, 3, 23, 59, 59))
        assert comment.pk
    # … and the next second it is refused, naming the same stored moment
    with pytest.raises(services.DiscussionClosed) as exc:
        comment_on(cycle.topics.first(), at(2025, 4, 4, 0, 0, 0))
    assert dt.datetime.fromisoformat(exc.value.extra["closed_at"]) == at(2025, 4, 3, 23, 59, 59)


def test_removing_the_decree_moves_it_back(published):
    override = decree()
    assert Cycle.objects.get(pk=published.pk).discussion_ends_at == at(2025, 4, 3, 23, 59, 59)
    calendar_services.override_delete(override=override)
    cycle = Cycle.objects.get(pk=published.pk)
    assert cycle.discussion_ends_at == at(2025, 4, 2, 23, 59, 59)
    assert cycle.decisions_due_at == at(2025, 4, 7, 23, 59, 59)


def test_a_decree_outside_the_period_or_a_working_day_on_a_weekday_changes_nothing(published):
    decree(dt.date(2025, 4, 10))  # after the decisions are due
    calendar_services.override_save(
        override=WorkdayOverride(date=dt.date(2025, 3, 26), is_working=True)  # already working
    )
    cycle = Cycle.objects.get(pk=published.pk)
    assert cycle.discussion_ends_at == at(2025, 4, 2, 23, 59, 59)
    assert cycle.decisions_due_at == at(2025, 4, 7, 23, 59, 59)
    assert not AuditEvent.objects.filter(action="calendar.deadline.moved").exists()


def test_a_decree_for_a_past_date_changes_no_closed_deadline(published, body_user):
    comment_on(published.topics.first(), at(2025, 3, 20, 12))
    due.run(now=at(2025, 4, 3, 1))  # the discussion end fell due: closed (notified)
    end = due.due_for(published, deadlines.DISCUSSION_END)
    assert end.state == DueItem.State.NOTIFIED
    before = (end.due_at, end.explanation_ru)
    decree(dt.date(2025, 3, 27))  # in the past of the closed discussion
    end.refresh_from_db()
    assert (end.due_at, end.explanation_ru) == before
    assert Cycle.objects.get(pk=published.pk).discussion_ends_at == at(2025, 4, 2, 23, 59, 59)
    # the open decisions deadline follows the (unchanged) closed end: it does not move either
    assert Cycle.objects.get(pk=published.pk).decisions_due_at == at(2025, 4, 7, 23, 59, 59)


def test_the_admin_saves_decrees_through_the_service(published, client_for, django_user_model):
    from tapsyrys.core.models import Role
    from tapsyrys.core.tests.factories import UserFactory

    admin = UserFactory(roles=[Role.ADMIN], is_staff=True, is_superuser=True)
    r = client_for(admin).post(
        "/admin/workcalendar/workdayoverride/add/",
        {
            "date": "27.03.2025",
            "is_working": "",
            "reason_kk": "Қаулы",
            "reason_ru": "Постановление",
            "reason_en": "",
            "decree": "№ 1",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    assert Cycle.objects.get(pk=published.pk).discussion_ends_at == at(2025, 4, 3, 23, 59, 59)
    event = AuditEvent.objects.get(
        action="calendar.deadline.moved", data__kind="formation.discussion_end"
    )
    assert event.actor == admin and event.data["decree"] == "№ 1"


def test_last_comment_decided_does_not_publish_annex2_the_handler_does(published, body_user):
    c = comment_on(published.topics.first(), at(2025, 3, 20, 12))
    services.comment_decide(comment=c, actor=body_user, accepted=True, now=at(2025, 4, 3, 9))
    assert Cycle.objects.get(pk=published.pk).report_published_at is None
    report = due.run(now=at(2025, 4, 8, 0, 0, 0))
    assert report[deadlines.DECISIONS_DUE] == 1
    cycle = Cycle.objects.get(pk=published.pk)
    assert cycle.report_published_at == at(2025, 4, 8, 0, 0, 0)
    assert AuditEvent.objects.get(action="formation.report.published").actor is None
    assert not AuditEvent.objects.filter(action="formation.decisions.overdue").exists()

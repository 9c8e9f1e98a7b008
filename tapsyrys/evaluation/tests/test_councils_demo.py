"""The demo's councils: one formed from nominations, one by the body after an empty window,
both approved; `council3` belongs to the demo NGO and her signed Annex 6 notice names it."""

import io

import pytest
from django.core.management import call_command

from tapsyrys.evaluation.models import ExpertCouncil, MemberNotice
from tapsyrys.evaluation.selectors.councils import latest_signed_notice


@pytest.mark.django_db
def test_demo_councils():
    call_command("seed_demo", stdout=io.StringIO())
    councils = list(ExpertCouncil.objects.order_by("announced_at"))
    assert [c.formed_by for c in councils] == ["nominations", "body"]
    assert all(c.status == "approved" for c in councils)
    member3 = councils[0].members.get(user__username="council3")
    notice = latest_signed_notice(member3.pk)
    assert notice.declares_conflict and notice.member_answer
    assert member3.user.organisation_id in {o.pk for o in notice.named_ngos.all()}
    assert MemberNotice.objects.filter(signed_at__isnull=True).count() == 0
    # council3 also sits on the body-formed council, whose project of the demo NGO excludes her
    assert {m.user.username for m in councils[1].members.all()} == {
        "council",
        "council2",
        "council3",
    }

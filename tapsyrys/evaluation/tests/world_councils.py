"""The councils part's objects in the X-ACL world (all the body's, `w.contract`'s body):

- `w.council` (2025–2027): formed from `actors["council_member"]`'s nomination and approved;
  the member's signed Annex 6 notice `w.member_notice` and their draft `w.member_draft`
  (`w.membership` is their membership);
- `w.council_open` (next year's term), announced now: the window is open; `ngo_user` has
  nominated themself (`w.open_nomination`);
- `w.council_formable` (2024–2026): its window closed long ago, `expert`'s nomination waits
  (`w.formable_nomination`): the body may form the composition;
- `w.council_preliminary` (2023–2025): formed by the body alone, awaiting the approval.
"""

import datetime as dt

from django.utils import timezone

from tapsyrys.core.tests.factories import UserFactory
from tapsyrys.evaluation.services import councils as services

from .factories_councils import NO_CONFLICT


def _at(year):
    return dt.datetime(year, 1, 10, 6, 0, tzinfo=dt.UTC)


def extend(w, actors):
    body_user = actors["body_user"]
    member_user = actors["council_member"]
    w.council_member_user = member_user
    council = services.council_announce(
        actor=body_user, announcement="Объявление 2025", first_year=2025, now=_at(2025)
    )
    nomination = services.nomination_submit(
        actor=member_user, council=council, about="Социолог", now=_at(2025)
    )
    services.council_form(
        actor=body_user, council=council, include=[nomination.pk], now=_at(2025) + dt.timedelta(11)
    )
    w.council = services.council_approve(
        actor=body_user,
        council=council,
        approved_on=dt.date(2025, 1, 25),
        reference="Протокол № 1",
        now=_at(2025) + dt.timedelta(20),
    )
    w.membership = w.council.members.get(user=member_user)
    w.member_notice = services.notice_sign(
        actor=member_user,
        notice=services.notice_file(actor=member_user, member=w.membership, answers=NO_CONFLICT),
    )
    w.member_draft = services.notice_file(
        actor=member_user, member=w.membership, answers=NO_CONFLICT
    )

    w.council_open = services.council_announce(actor=body_user, announcement="Объявление")
    w.open_nomination = services.nomination_submit(
        actor=actors["ngo_user"], council=w.council_open, about="Руководитель НПО"
    )

    w.council_formable = services.council_announce(
        actor=body_user, announcement="Объявление 2024", first_year=2024, now=_at(2024)
    )
    w.formable_nomination = services.nomination_submit(
        actor=actors["expert"], council=w.council_formable, about="Эксперт", now=_at(2024)
    )

    w.council_preliminary = services.council_announce(
        actor=body_user, announcement="Объявление 2023", first_year=2023, now=_at(2023)
    )
    services.council_form(
        actor=body_user,
        council=w.council_preliminary,
        members=[UserFactory(username="chosenmember", full_name="Айгуль Избранная")],
        now=_at(2023) + dt.timedelta(11),
    )
    w.today = timezone.localdate()

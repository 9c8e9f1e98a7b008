"""Builders for expert councils, through the councils part's services (other parts import
them): an announced council, one formed from nominations or by the body, an approved one,
and a member's signed Annex 6 notice."""

import datetime as dt

from tapsyrys.evaluation.services import councils as services

NO_CONFLICT = {q: {"answer": False} for q in ("member", "governing", "payments", "family", "other")}
ANNOUNCED_AT = dt.datetime(2026, 3, 2, 6, 0, tzinfo=dt.UTC)  # 02.03.2026, 11:00 in Almaty


def at(days, base=ANNOUNCED_AT):
    return base + dt.timedelta(days=days)


def council_announce(body_user, *, now=ANNOUNCED_AT, first_year=None, text=None):
    return services.council_announce(
        actor=body_user,
        announcement=text or "Объявление о формировании экспертного совета на три года.",
        first_year=first_year,
        now=now,
    )


def council_formed(body_user, members, *, now=ANNOUNCED_AT, nominate=True, first_year=None):
    """Announced at `now`; `members` nominate themselves (or, with nominate=False, the body
    names them after the empty window); formed on D+11."""
    council = council_announce(body_user, now=now, first_year=first_year)
    if nominate:
        nominations = [
            services.nomination_submit(
                actor=u, council=council, about=f"Опыт работы: {u}", now=at(1, now)
            )
            for u in members
        ]
        return services.council_form(
            actor=body_user, council=council, include=[n.pk for n in nominations], now=at(11, now)
        )
    return services.council_form(actor=body_user, council=council, members=members, now=at(11, now))


def council_approved(body_user, members, *, now=ANNOUNCED_AT, nominate=True, first_year=None):
    council = council_formed(body_user, members, now=now, nominate=nominate, first_year=first_year)
    return services.council_approve(
        actor=body_user,
        council=council,
        approved_on=(at(12, now)).date(),
        reference="Протокол № 3 заседания Совета по взаимодействию",
        now=at(13, now),
    )


def member_of(council, user):
    return council.members.get(user=user)


def notice_signed(member, *, answers=None, declares_conflict=False, now=None):
    draft = services.notice_file(
        actor=member.user,
        member=member,
        answers=answers or NO_CONFLICT,
        declares_conflict=declares_conflict,
        now=now,
    )
    return services.notice_sign(actor=member.user, notice=draft, now=now)

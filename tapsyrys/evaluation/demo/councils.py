"""Demo data of the councils part (E-1, §16, Annex 6), through the services:

- the demo body's (akimat's) council, announced 60 days ago for the three years starting this
  year, formed from the nominations of `council` (Сауле Нурланова, core's), `council2`
  (Ерболат Касенов) and `council3` (Алия Мусина, a member of the demo NGO: her Annex 6 notice
  names it — she is conflicted on its projects), approved by the Council for Interaction;
- the demo central body's council, announced 40 days ago: nobody nominated themself within
  10 calendar days, so the body formed it itself (`council`, `council2`) on day 11; approved.

Every member signs an Annex 6 notice. Password: core's DEMO_PASSWORD.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password

from tapsyrys.core.demo import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, seed_one
from tapsyrys.core.models import Role, User
from tapsyrys.evaluation.models import ExpertCouncil
from tapsyrys.evaluation.services import councils as services

ALMATY = ZoneInfo("Asia/Almaty")
NO = {q: {"answer": False} for q in ("member", "governing", "payments", "family", "other")}


def _user(ctx, username, full_name, position, organisation=None):
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        return existing
    user = User.objects.create(
        username=username,
        password=make_password(DEMO_PASSWORD),
        full_name=full_name,
        position=position,
        email=f"{username}{DEMO_EMAIL_DOMAIN}",
        organisation=organisation,
        language="ru",
    )
    seed_one(user)
    ctx.accounts.append(
        (username, DEMO_PASSWORD, Role.COUNCIL_MEMBER.label, str(organisation or ""))
    )
    ctx.objects[f"user:{username}"] = user
    return user


def _moment(day, hour=11):
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=ALMATY)


def _staff(organisation):
    return (
        User.objects.filter(organisation=organisation, role_assignments__role=Role.STATE_BODY)
        .order_by("id")
        .first()
    )


def seed(ctx):
    body = ctx.objects.get("demo_body")
    central = ctx.objects.get("demo_central_body")
    ngo = ctx.objects.get("demo_ngo")
    if body is None or ExpertCouncil.objects.exists():
        return
    today = ctx.today
    member = ctx.objects.get("user:council") or User.objects.get(username="council")
    member2 = _user(ctx, "council2", "Ерболат Касенов", "Социолог, преподаватель университета")
    member3 = _user(ctx, "council3", "Алия Мусина", "Член общественного объединения", ngo)

    # 1. From self-nominations (the demo body).
    staff = _staff(body)
    announced = today - dt.timedelta(days=60)
    council = services.council_announce(
        actor=staff,
        announcement=(
            "Акимат объявляет о формировании экспертного совета по оценке результатов "
            "государственного социального заказа на три года. Кандидаты выдвигаются путём "
            "самовыдвижения в течение 10 календарных дней со дня публикации объявления."
        ),
        first_year=today.year,
        now=_moment(announced),
    )
    nominations = [
        services.nomination_submit(
            actor=user, council=council, about=about, now=_moment(announced + dt.timedelta(d))
        )
        for user, about, d in (
            (member, "Опыт общественного мониторинга — 8 лет", 1),
            (member2, "Исследователь социальной политики", 3),
            (member3, "Волонтёр, член общественного объединения", 9),
        )
    ]
    services.council_form(
        actor=staff,
        council=council,
        include=[n.pk for n in nominations],
        now=_moment(announced + dt.timedelta(days=12)),
    )
    services.council_approve(
        actor=staff,
        council=council,
        approved_on=announced + dt.timedelta(days=20),
        reference="Протокол заседания Совета по взаимодействию и сотрудничеству с НПО № 4",
        now=_moment(announced + dt.timedelta(days=21)),
    )
    ctx.objects["council"] = council

    # 2. Formed by the body after an empty window (the demo central body).
    if central is not None and (central_staff := _staff(central)) is not None:
        announced2 = today - dt.timedelta(days=40)
        council2 = services.council_announce(
            actor=central_staff,
            announcement="Министерство объявляет о формировании экспертного совета.",
            first_year=today.year,
            now=_moment(announced2),
        )
        services.council_form(
            actor=central_staff,
            council=council2,
            members=[member, member2, member3],  # member3 is excluded from the demo NGO's project
            now=_moment(announced2 + dt.timedelta(days=11)),
        )
        services.council_approve(
            actor=central_staff,
            council=council2,
            approved_on=announced2 + dt.timedelta(days=15),
            reference="Решение Совета по взаимодействию № 2",
            now=_moment(announced2 + dt.timedelta(days=16)),
        )
        ctx.objects["council_central"] = council2

    # Annex 6 notices: council3 names the demo NGO (she is a member of it).
    signed_at = _moment(announced + dt.timedelta(days=22))
    for m in council.members.select_related("user"):
        answers = NO
        if m.user_id == member3.pk and ngo is not None:
            answers = {
                **NO,
                "member": {"answer": True, "ngos": [ngo], "details": "Член объединения с 2021 г."},
            }
        draft = services.notice_file(
            actor=m.user, member=m, answers=answers, declares_conflict=answers is not NO,
            now=signed_at,
        )  # fmt: skip
        services.notice_sign(actor=m.user, notice=draft, now=signed_at)

"""Demo data of the experts part (M-4, §9, Annex 4): three experts, signed notices, one with a
declared conflict, one naming the implementing NGO, one expert belonging to it, assignments on
the demo body's and the central body's running projects above 500 MCI, and a draft to sign.

Accounts (password as every demo account): `expert` (core's, Марат Тлеубердиев, no
organisation), `expert2` (Жанар Омарова, a representative of another NGO), `expert3`
(Бауыржан Сейтқали, a member of the demo NGO — his assignment to its projects is refused).
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password

from tapsyrys.contracting.models import Contract
from tapsyrys.core.demo import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, seed_one
from tapsyrys.core.models import Role, RoleAssignment, User
from tapsyrys.monitoring.models import ExpertAssignment, ExpertNotice
from tapsyrys.monitoring.selectors.experts import needing_expert

ALMATY = ZoneInfo("Asia/Almaty")


def _user(ctx, username, full_name, position, organisation=None, language="ru"):
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
        language=language,
    )
    seed_one(user)
    seed_one(RoleAssignment.objects.create(user=user, role=Role.EXPERT))
    ctx.accounts.append(
        (username, DEMO_PASSWORD, Role.EXPERT.label, str(organisation) if organisation else "")
    )
    ctx.objects[f"user:{username}"] = user
    return user


def _moment(day, hour=11):
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=ALMATY)


def _notice(contract, expert, *, signed, conflict=False, ngos=None, **answers):
    """A notice with its answers: `answers` maps a question to (yes/no, details)."""
    ngos = ngos or {}
    fields = {}
    for question, (answer, details) in answers.items():
        fields[question] = answer
        fields[f"{question}_details"] = details
    created = _moment(max(contract.signed_on, contract.starts_on) + dt.timedelta(days=3), 10)
    notice = ExpertNotice.objects.create(
        expert=expert,
        contract=contract,
        declares_conflict=conflict or bool(fields.get("other")),
        created_at=created,
        signed_at=created + dt.timedelta(hours=2) if signed else None,
        **fields,
    )
    named = []
    for question, orgs in ngos.items():
        getattr(notice, f"{question}_ngos").set(orgs)
        named.extend(orgs)
    notice.named_ngos.set(named)
    return seed_one(notice)


def _assign(contract, notice, by):
    assignment = ExpertAssignment.objects.create(
        contract=contract,
        expert=notice.expert,
        notice=notice,
        assigned_at=notice.signed_at + dt.timedelta(days=2),
        assigned_by=by,
    )
    return seed_one(assignment)


def seed(ctx):
    demo_ngo = ctx.objects["demo_ngo"]
    other_ngo = ctx.objects["ngos"][6]
    demo_body = ctx.objects["demo_body"]
    central = ctx.objects["demo_central_body"]
    akimat = ctx.objects.get("user:akimat")
    culture = ctx.objects.get("user:culture")
    expert = ctx.objects.get("user:expert") or _user(
        ctx, "expert", "Марат Тлеубердиев", "Независимый эксперт"
    )
    expert2 = _user(
        ctx,
        "expert2",
        "Жанар Омарова",
        "Независимый эксперт, представитель общественного объединения",
        organisation=other_ngo,
        language="kk",
    )
    expert3 = _user(ctx, "expert3", "Бауыржан Сейтқали", "Член ОЮЛ, эксперт", organisation=demo_ngo)

    running = (Contract.Status.ACTIVE, Contract.Status.SUSPENDED)
    ours = list(
        needing_expert(Contract.objects.filter(body=demo_body, status__in=running))
        .select_related("supplier")
        .order_by("signed_on", "id")
    )
    theirs = list(
        needing_expert(Contract.objects.filter(body=central, status__in=running)).order_by(
            "signed_on", "id"
        )
    )
    no = (False, "")
    if ours:
        # the oldest running project: Марат assigned on a clean notice
        first = ours[0]
        clean = _notice(first, expert, signed=True, member=no, governing=no, payments=no,
                        family=no, other=no)  # fmt: skip
        _assign(first, clean, akimat)
        # Бауыржан belongs to the implementing NGO: his clean notice does not make him eligible
        _notice(first, expert3, signed=True, member=no, governing=no, payments=no, family=no,
                other=no)  # fmt: skip
    if len(ours) > 1:
        # the next one waits for the body: Жанар named the implementing NGO (payments),
        # Марат declared a conflict, Бауыржан is a member of the NGO — nobody is assignable
        second = ours[1]
        _notice(
            second, expert2, signed=True,
            member=(True, "Член ОФ с 2021 года"),
            governing=no,
            payments=(True, "Оплата за проведение тренинга для волонтёров, 2025 год"),
            family=no, other=no,
            ngos={"member": [other_ngo], "payments": [second.supplier]},
        )  # fmt: skip
        _notice(second, expert, signed=True, conflict=True, member=no, governing=no,
                payments=no, family=(True, "Сестра — бухгалтер в акимате"), other=no)  # fmt: skip
    if len(ours) > 2:
        # a project Жанар may be assigned to (she names only her own NGO), and Марат's draft
        third = ours[2]
        _notice(third, expert2, signed=True, member=(True, "Член ОФ с 2021 года"), governing=no,
                payments=no, family=no, other=no, ngos={"member": [other_ngo]})  # fmt: skip
        _notice(third, expert, signed=False, member=no, governing=no, payments=no, family=no,
                other=no)  # fmt: skip
    if theirs:
        project = theirs[0]
        notice = _notice(project, expert2, signed=True, member=no, governing=no, payments=no,
                         family=no, other=no)  # fmt: skip
        _assign(project, notice, culture)

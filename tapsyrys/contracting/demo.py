"""Demo data of contracting: competitions, lots, contracts with passports and stage reports in
every state (on time, late, missing, incomplete draft, corrected) for the demo accounts, and
with ctx.national ~5 000 contracts a year over 5 years, all through bulk_create."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password

from tapsyrys.calendar.rules import is_on_time
from tapsyrys.core.audit import log_action
from tapsyrys.core.demo import seed_bulk, seed_one
from tapsyrys.core.models import Area, Role, RoleAssignment, ServiceType, User

from .models import (
    Activity,
    Competition,
    Contract,
    Indicator,
    Lot,
    MediaPublication,
    Partner,
    Passport,
    ReportStage,
    StageReport,
    TargetGroup,
    TeamMember,
)
from .rules import default_schedule

ALMATY = ZoneInfo("Asia/Almaty")

TOPICS = [
    ("Жастардың азаматтық белсенділігін арттыру", "Повышение гражданской активности молодёжи"),
    (
        "Мүмкіндігі шектеулі адамдарды әлеуметтік қолдау",
        "Социальная поддержка людей с инвалидностью",
    ),
    ("Отбасылық құндылықтарды нығайту", "Укрепление семейных ценностей"),
    ("Ауыл жастарының кәсіпкерлігін дамыту", "Развитие предпринимательства сельской молодёжи"),
    ("Тұрмыстық зорлық-зомбылықтың алдын алу", "Профилактика бытового насилия"),
    ("Қарт адамдардың белсенді ұзақ өмір сүруі", "Активное долголетие пожилых людей"),
    ("Экологиялық мәдениетті қалыптастыру", "Формирование экологической культуры"),
    ("Мемлекеттік тілді насихаттау", "Популяризация государственного языка"),
    ("Салауатты өмір салтын насихаттау", "Пропаганда здорового образа жизни"),
    ("Азаматтық қоғам институттарын дамыту", "Развитие институтов гражданского общества"),
    ("Волонтерлік қозғалысты қолдау", "Поддержка волонтёрского движения"),
    ("Құқықтық сауаттылықты арттыру", "Повышение правовой грамотности населения"),
]
COVERAGE = [
    "г. Алматы",
    "г. Астана",
    "Алматинская область",
    "вся республика",
    "Турксестанская область",
]
INDICATORS = [  # ((kk, ru), unit, planned)
    (("Өткізілген семинарлар мен тренингтер", "Проведено семинаров и тренингов"), "ед.", Decimal("12")),
    (("БАҚ-та дайындалған жарияланымдар", "Подготовлено публикаций в СМИ"), "ед.", Decimal("20")),
    (("Қатысушылардың қанағаттану деңгейі", "Уровень удовлетворённости участников"), "%", Decimal("85")),
]  # fmt: skip
GROUPS = [("Молодёжь 14–29 лет", 400), ("Родители и педагоги", 150), ("Люди с инвалидностью", 120)]
ACTIVITIES = [  # (kk, ru)
    ("БАҚ пен әлеуметтік желілердегі ақпараттық науқан", "Информационная кампания в СМИ и социальных сетях"),
    ("Нысаналы топқа арналған оқыту семинарлары", "Обучающие семинары для целевой группы"),
    ("Мемлекеттік органдар мен ҮЕҰ қатысатын дөңгелек үстел", "Круглый стол с участием госорганов и НПО"),
    ("Қорытынды конференция және нәтижелер туралы есеп", "Итоговая конференция и отчёт о результатах"),
]  # fmt: skip


def seed(ctx):
    rng = ctx.rng
    today = ctx.today
    ngos = ctx.objects["ngos"]
    demo_ngo = ctx.objects["demo_ngo"]
    demo_body = ctx.objects["demo_body"]
    central = ctx.objects["demo_central_body"]
    areas = list(Area.objects.filter(edition_numbers__edition__code="2022").order_by("id"))
    service_types = list(ServiceType.objects.all())
    builder = Builder(ctx, areas, service_types)

    # The demo NGO's and the demo bodies' contracts: every report state (M-7 control forms).
    year = today.year
    d = dt.timedelta
    plans = [
        # (body, supplier, start offset, length, status, report plan per stage)
        (demo_body, demo_ngo, -250, 300, "active", [("sub", -2, True), ("sub", 3, True), None]),
        (demo_body, demo_ngo, -140, 330, "active", [("missing",), None, None]),
        (demo_body, demo_ngo, -130, 300, "active", [("draft", False), None, None]),
        (demo_body, demo_ngo, -20, 300, "active", [None, None, None]),
        (central, demo_ngo, -200, 240, "suspended", [("sub", 0, True), None, None]),
        (
            central,
            demo_ngo,
            -400,
            330,
            "completed",
            [("sub", -5, True), ("corr", 1), ("sub", -1, True)],
        ),
        (demo_body, ngos[1], -220, 300, "active", [("sub", 1, True), ("draft", True), None]),
        (demo_body, ngos[2], -300, 330, "terminated", [("sub", 9, True), ("missing",), None]),
        (
            demo_body,
            ngos[3],
            -500,
            360,
            "closed",
            [("sub", -3, True), ("sub", -1, True), ("sub", 2, True)],
        ),
        (central, ngos[4], -230, 330, "active", [("sub", 0, True), None, None]),
        (central, ngos[5], -60, 300, "active", [None, None, None]),
    ]
    for i, (body, supplier, start, length, status, plan) in enumerate(plans):
        starts = today + d(days=start)
        builder.add(
            body=body,
            supplier=supplier,
            year=starts.year,
            starts=starts,
            ends=starts + d(days=length),
            status=status,
            plan=plan,
            passport=True,
            number=f"{starts.year}-{body.pk}-{i + 1:03d}",
        )
    # Lots that did not take place and announced lots (C-2 statuses).
    builder.extra_lots(demo_body, year, [Lot.Status.NOT_HELD, Lot.Status.ANNOUNCED])
    builder.extra_lots(central, year, [Lot.Status.NOT_HELD])

    # Other bodies and NGOs: a realistic background (history on NGO pages).
    bodies = list(ctx.objects["akimats"]) + list(ctx.objects["central_bodies"])
    per_year = 5000 if ctx.national else 60
    years = range(year - 4, year + 1) if ctx.national else range(year - 1, year + 1)
    for y in years:
        for n in range(per_year):
            body = bodies[rng.randrange(len(bodies))]
            supplier = ngos[rng.randrange(len(ngos))]
            starts = dt.date(y, 1, 15) + d(days=rng.randint(0, 120))
            ends = starts + d(days=rng.randint(150, 330))
            if ends < today:
                status = "closed" if rng.random() < 0.7 else "completed"
                plan = [("sub", rng.randint(-5, 4), True) for _ in range(3)]
            else:
                status = "active"
                plan = []
                for _no, _kind, due in default_schedule(starts, ends):
                    if due >= today:
                        plan.append(None)
                    elif rng.random() < 0.85:
                        plan.append(("sub", rng.randint(-6, 5), True))
                    else:
                        plan.append(("missing",))
            builder.add(
                body=body,
                supplier=supplier,
                year=y,
                starts=starts,
                ends=ends,
                status=status,
                plan=plan,
                passport=not ctx.national and rng.random() < 0.5,
                number=f"{y}-{body.pk}-B{n + 1:05d}",
            )
    builder.flush()
    ngo_staff(ctx, demo_ngo)
    ctx.stdout.write(
        f"    contracting: {builder.counts['contracts']} contracts, "
        f"{builder.counts['reports']} reports"
    )


def ngo_staff(ctx, demo_ngo):
    """A second member of the demo NGO (not an administrator)."""
    user = User.objects.create(
        username="ngo2",
        password=make_password("demo-2026"),
        full_name="Ержан Касенов",
        position="Координатор проекта",
        email="ngo2@demo.tapsyrys.kz",
        organisation=demo_ngo,
        language="kk",
    )
    seed_one(user)
    seed_one(RoleAssignment.objects.create(user=user, role=Role.NGO))


class Builder:
    """Collects rows in memory and writes them with bulk_create in dependency order."""

    def __init__(self, ctx, areas, service_types):
        self.ctx, self.rng, self.areas, self.service_types = ctx, ctx.rng, areas, service_types
        self.competitions = {}
        self.specs = []
        self.loose_lots = []
        self.counts = {"contracts": 0, "reports": 0}
        self.actor = ctx.objects.get("user:ngo")

    def competition(self, body, year):
        key = (body.pk, year)
        if key not in self.competitions:
            self.competitions[key] = Competition(
                body=body,
                procurement_number=f"{year}{body.pk:04d}-ГСЗ",
                year=year,
                held_on=dt.date(year, 1, 10) + dt.timedelta(days=self.rng.randint(0, 40)),
                title_kk=f"{year} жылғы мемлекеттік әлеуметтік тапсырыс конкурсы",
                title_ru=f"Конкурс государственного социального заказа на {year} год",
            )
        return key

    def lot(self, body, year, status, number):
        kk, ru = TOPICS[self.rng.randrange(len(TOPICS))]
        amount = Decimal(self.rng.randint(2_000, 60_000) * 1000)
        return Lot(
            body=body,
            number=number,
            name_kk=kk,
            name_ru=ru,
            description_ru=f"{ru}: проведение мероприятий, обучение и информационная работа.",
            description_kk=f"{kk}: іс-шаралар, оқыту және ақпараттық жұмыс.",
            area=self.areas[self.rng.randrange(len(self.areas))] if self.areas else None,
            coverage=COVERAGE[self.rng.randrange(len(COVERAGE))],
            amount=amount,
            status=status,
        )

    def add(self, *, body, supplier, year, starts, ends, status, plan, passport, number):
        key = self.competition(body, year)
        lot = self.lot(body, year, Lot.Status.HELD, f"L-{number}")
        self.specs.append(
            {
                "comp": key,
                "lot": lot,
                "contract": Contract(
                    body=body,
                    supplier=supplier,
                    number=number,
                    signed_on=starts - dt.timedelta(days=5),
                    year=year,
                    amount=(lot.amount * Decimal("0.97")).quantize(Decimal("1")),
                    starts_on=starts,
                    ends_on=ends,
                    status=status,
                    expected_results="Охват целевых групп, повышение осведомлённости, итоговый отчёт.",
                ),
                "plan": plan,
                "passport": passport,
            }
        )

    def extra_lots(self, body, year, statuses):
        key = self.competition(body, year)
        for i, status in enumerate(statuses):
            self.loose_lots.append((key, self.lot(body, year, status, f"L-{year}-{body.pk}-X{i}")))

    def flush(self):
        rng = self.rng
        comps = list(self.competitions.values())
        seed_bulk(Competition, comps, batch_size=2000)
        lots = []
        for spec in self.specs:
            spec["lot"].competition = self.competitions[spec["comp"]]
            lots.append(spec["lot"])
        for key, lot in self.loose_lots:
            lot.competition = self.competitions[key]
            lots.append(lot)
        seed_bulk(Lot, lots, batch_size=2000)
        contracts = []
        for spec in self.specs:
            spec["contract"].lot = spec["lot"]
            contracts.append(spec["contract"])
        seed_bulk(Contract, contracts, batch_size=2000)
        self.counts["contracts"] = len(contracts)

        indicators, groups, activities, st_links, stages = [], [], [], [], []
        Through = Contract.service_types.through
        for spec in self.specs:
            c = spec["contract"]
            for no, ((kk, ru), unit, planned) in enumerate(INDICATORS[: rng.randint(2, 3)], 1):
                indicators.append(
                    Indicator(contract=c, no=no, name_kk=kk, name_ru=ru, unit=unit, planned=planned)
                )
            for no, (name, planned) in enumerate(GROUPS[: rng.randint(1, 2)], 1):
                reached = (
                    planned - rng.randint(0, planned // 4) if c.ends_on < self.ctx.today else None
                )
                groups.append(
                    TargetGroup(contract=c, no=no, name=name, planned=planned, reached=reached)
                )
            for no, (kk, ru) in enumerate(ACTIVITIES[: rng.randint(2, 4)], 1):
                activities.append(Activity(contract=c, no=no, text_kk=kk, text_ru=ru))
            if self.service_types:
                st = self.service_types[rng.randrange(len(self.service_types))]
                st_links.append(Through(contract_id=c.pk, servicetype_id=st.pk))
            spec["stages"] = []
            for no, kind, due in default_schedule(c.starts_on, c.ends_on):
                stage = ReportStage(contract=c, no=no, kind=kind, due_date=due)
                spec["stages"].append(stage)
                stages.append(stage)
        seed_bulk(Indicator, indicators, batch_size=5000)
        seed_bulk(TargetGroup, groups, batch_size=5000)
        seed_bulk(Activity, activities, batch_size=5000)
        seed_bulk(Through, st_links, batch_size=5000)
        ind_by_contract, tg_by_contract = {}, {}
        for ind in indicators:
            ind_by_contract.setdefault(ind.contract_id, []).append(ind)
        for tg in groups:
            tg_by_contract.setdefault(tg.contract_id, []).append(tg)

        reports = []
        for spec in self.specs:
            c = spec["contract"]
            plan = list(spec["plan"]) + [None] * (3 - len(spec["plan"]))
            for stage, step in zip(spec["stages"], plan, strict=False):
                if not step or step[0] == "missing":
                    continue
                inds, tgs = ind_by_contract.get(c.pk, []), tg_by_contract.get(c.pk, [])
                if step[0] == "draft":
                    reports.append(self.report(c, stage, 1, complete=step[1], inds=inds, tgs=tgs))
                    continue
                if step[0] == "corr":
                    moment = self.moment(stage.due_date, step[1])
                    stage.submitted_at = moment
                    reports.append(self.report(c, stage, 1, moment=moment, inds=inds, tgs=tgs))
                    reports.append(
                        self.report(
                            c, stage, 2, moment=moment + dt.timedelta(days=6), inds=inds, tgs=tgs
                        )
                    )
                    continue
                moment = self.moment(stage.due_date, step[1])
                stage.submitted_at = moment
                reports.append(self.report(c, stage, 1, moment=moment, inds=inds, tgs=tgs))
        seed_bulk(ReportStage, stages, batch_size=5000)
        for r in reports:
            r.stage_id = r.stage.pk
        seed_bulk(StageReport, reports, batch_size=2000)
        self.counts["reports"] = len(reports)
        self.passports([s["contract"] for s in self.specs if s["passport"]])
        if self.specs:
            log_action(
                self.specs[0]["contract"],
                "contracting.demo.seeded",
                data={"contracts": len(contracts), "reports": len(reports)},
            )

    def moment(self, due, offset_days):
        day = due + dt.timedelta(days=offset_days)
        moment = dt.datetime.combine(day, dt.time(15, 30), tzinfo=ALMATY)
        return min(moment, self.ctx.now - dt.timedelta(hours=1))

    def report(self, contract, stage, version, *, moment=None, complete=True, inds=(), tgs=()):
        final = stage.kind == ReportStage.Kind.FINAL
        report = StageReport(
            stage=stage,
            contract=contract,
            version=version,
            team_composition="Руководитель проекта, два тренера, координатор, бухгалтер.",
            about_project="Проект направлен на решение задач, указанных в техническом задании.",
            main_work="Проведены семинары и тренинги, круглый стол, информационная кампания."
            if complete
            else "",
            indicator_actuals={str(i.pk): str(i.planned) for i in inds} if complete else {},
            coverage_reached={str(g.pk): g.planned for g in tgs},
            satisfaction_results="Анкетирование 120 участников: удовлетворены 88 %."
            if complete
            else "",
            financial_report="Израсходовано согласно смете; акт выполненных работ подписан."
            if final and complete
            else "",
            created_at=(moment or self.ctx.now) - dt.timedelta(days=3),
            updated_at=moment or self.ctx.now,
        )
        if moment is not None:
            report.status = StageReport.Status.SUBMITTED
            report.submitted_at = moment
            report.submitted_by = (
                self.actor if contract.supplier_id == self.ctx.objects["demo_ngo"].pk else None
            )
            report.on_time = is_on_time(moment, stage.due_date)
        return report

    def passports(self, contracts):
        passports = [
            Passport(
                contract=c,
                goals_tasks="Цель: " + c.lot.name_ru.lower() + ".\nЗадачи: обучить целевые "
                "группы, провести информационную кампанию, вовлечь партнёров.",
                expected_results=c.expected_results,
                budget=c.amount,
                budget_notes="Оплата труда — 45 %, мероприятия — 35 %, информационная работа — 20 %.",
                work_done="Проведены установочные встречи, подготовлены учебные материалы.",
                updated_at=self.ctx.now,
            )
            for c in contracts
        ]
        seed_bulk(Passport, passports, batch_size=2000)
        team, partners, pubs = [], [], []
        for p in passports:
            team += [
                TeamMember(
                    passport=p,
                    name="Гульнар Искакова",
                    role="Руководитель проекта",
                    experience="12 лет в НПО",
                ),
                TeamMember(
                    passport=p,
                    name="Ержан Касенов",
                    role="Тренер",
                    experience="6 лет тренерской работы",
                ),
            ]
            partners.append(
                Partner(
                    passport=p,
                    kind="Государственное учреждение",
                    name="Управление внутренней политики",
                    joint_work="Информационная поддержка",
                )
            )
            pubs.append(
                MediaPublication(
                    passport=p,
                    outlet="Казахстанская правда",
                    title="НПО подвели итоги этапа проекта",
                    published_on=p.contract.starts_on + dt.timedelta(days=40),
                    url="https://kazpravda.kz/",
                )
            )
        seed_bulk(TeamMember, team, batch_size=5000)
        seed_bulk(Partner, partners, batch_size=5000)
        seed_bulk(MediaPublication, pubs, batch_size=5000)

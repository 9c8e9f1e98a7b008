"""Demo data of formation: cycles of the demo bodies around ctx.today — one discussion open
now, one with overdue decisions, decided and reported ones, one at the council, one with the
budget approved (topics ready to procure). `--scale national`: every central body and akimat,
about 3 000 topics and 20 000 comments, written with bulk_create."""

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile

from tapsyrys.calendar.rules import local_date
from tapsyrys.calendar.selectors import current_calendar
from tapsyrys.core.demo import seed_bulk, seed_one
from tapsyrys.core.files import StoredFile
from tapsyrys.core.models import Area, Edition, Role, ServiceType, User

from . import rules, selectors
from .models import (
    Comment,
    CommentDecision,
    Cycle,
    Evidence,
    EvidenceKind,
    Publication,
    Stage,
    Topic,
    TopicProposal,
)
from .services import _snapshot

THEMES = [
    ("education", "Оқушыларға арналған медиасауаттылық мектебі", "Школа медиаграмотности для школьников"),
    ("education", "Ауыл жастарына арналған спорт секцияларын ұйымдастыру", "Организация спортивных секций для сельской молодёжи"),
    ("health", "Салауатты өмір салтын насихаттау бойынша ақпараттық науқан", "Информационная кампания по пропаганде здорового образа жизни"),
    ("health", "Жасөспірімдер арасында тәуелділіктің алдын алу", "Профилактика зависимостей среди подростков"),
    ("environment", "Қалалық аумақтарды көгалдандыру бойынша еріктілер акциясы", "Волонтёрская акция по озеленению городских территорий"),
    ("environment", "Қалдықтарды бөлек жинау бойынша экологиялық ағарту", "Экологическое просвещение по раздельному сбору отходов"),
    ("youth", "Жастар бастамаларының инкубаторы", "Инкубатор молодёжных инициатив"),
    ("youth", "NEET санатындағы жастарға кәсіптік бағдар беру", "Профориентация молодёжи категории NEET"),
    ("family", "Отбасын қолдау орталығы: жас ата-аналарға кеңес беру", "Центр поддержки семьи: консультирование молодых родителей"),
    ("vulnerable", "Мүмкіндігі шектеулі адамдарға арналған инклюзивті шеберханалар", "Инклюзивные мастерские для людей с ограниченными возможностями"),
    ("vulnerable", "Жалғыз басты қарттарға әлеуметтік-тұрмыстық көмек", "Социально-бытовая помощь одиноким пожилым людям"),
    ("orphans", "Интернат түлектерінің тәлімгерлік бағдарламасы", "Программа наставничества для выпускников интернатов"),
    ("employment", "Әйелдерге арналған кәсіпкерлік негіздері курсы", "Курс основ предпринимательства для женщин"),
    ("rights", "Азаматтарға тегін заң кеңестері", "Бесплатные юридические консультации для граждан"),
    ("culture", "Жас орындаушылардың өңірлік фестивалі", "Региональный фестиваль молодых исполнителей"),
    ("culture", "Ауылдық кітапханаларда оқу клубтары", "Читательские клубы в сельских библиотеках"),
    ("heritage", "Тарихи-мәдени ескерткіштерді цифрландыру", "Оцифровка историко-культурных памятников"),
    ("harmony", "Этномәдени бірлестіктердің «Бірлік» форумы", "Форум этнокультурных объединений «Бірлік»"),
    ("probation", "Пробация есебіндегі адамдарды әлеуметтік бейімдеу", "Социальная адаптация лиц, состоящих на учёте пробации"),
    ("public_monitoring", "Мемлекеттік қызметтер сапасына қоғамдық мониторинг", "Общественный мониторинг качества государственных услуг"),
    ("civil_society", "ҮЕҰ-ға арналған әлеуметтік жобалау мектебі", "Школа социального проектирования для НПО"),
    ("volunteering", "Еріктілер орталығын дамыту", "Развитие волонтёрского центра"),
    ("difficult_situation", "Тұрмыстық зорлық-зомбылық құрбандарына дағдарыс орталығы", "Кризисный центр для пострадавших от бытового насилия"),
    ("animals", "Жануарларға арналған панажайларды қолдау", "Поддержка приютов для животных"),
    ("other", "Қоғамдық кеңестер мүшелерін оқыту", "Обучение членов общественных советов"),
]  # fmt: skip
TARGETS = [  # (kk, ru)
    ("14–29 жас аралығындағы жастар", "Молодёжь 14–29 лет"),
    ("Мүгедектігі бар адамдар және олардың отбасылары", "Люди с инвалидностью и их семьи"),
    ("Егде жастағы адамдар", "Пожилые люди"),
    ("Көп балалы отбасылар", "Многодетные семьи"),
    ("Ауылдық елді мекендердің тұрғындары", "Жители сельских населённых пунктов"),
    ("Өңірдің коммерциялық емес ұйымдары", "Некоммерческие организации региона"),
]
JUSTIFICATION = (
    "Халықтың қажеттіліктерін бағалау және ҮЕҰ ұсыныстары қорытындысы бойынша.",
    "По итогам оценки потребностей населения и предложений НПО.",
)
EXPECTED_RESULT = (
    "Кемінде 300 қызмет алушы, қанағаттанушылық деңгейі 85%-дан төмен емес.",
    "Не менее 300 получателей услуг, удовлетворённость не ниже 85%.",
)
SUMMARY = (  # % the theme
    "{}: оқыту, кеңес беру және ақпараттық сүйемелдеу.",
    "{}: обучение, консультации и информационное сопровождение.",
)
REMARKS = [
    "Прошу увеличить охват сельских районов.",
    "Срок реализации слишком короткий для заявленных результатов.",
    "Целевая группа описана слишком широко.",
    "Предлагаю предусмотреть онлайн-формат для отдалённых населённых пунктов.",
    "Нужно указать измеримые индикаторы результата.",
    "Сумма финансирования завышена по сравнению с прошлым годом.",
    "Ауылдық елді мекендерді де қамту қажет.",
]
PROPOSALS = [
    "Добавить обучение волонтёров.",
    "Привлечь местные НПО к информационной кампании.",
    "Провести итоговую конференцию с участием получателей услуг.",
    "",
]
AUTHORS = ["Айгуль С.", "ОО «Жастар үні»", "Сергей П.", "Гульмира Т.", "ОФ «Мейірім»", "Ерлан К."]
REJECTION = "Предложение будет учтено при формировании тем следующего года; в рамках лимита не предусмотрено."


def seed(ctx):
    areas = {a.code: a for a in Area.objects.filter(edition_numbers__edition__code="2022")}
    edition = Edition.in_force_on(ctx.today) or Edition.objects.order_by("-effective_from").first()
    seeder = Seeder(ctx, areas, edition)
    body = ctx.objects["demo_body"]
    central = ctx.objects["demo_central_body"]
    akimats = [a for a in ctx.objects["akimats"] if a.pk != body.pk]
    centrals = [c for c in ctx.objects["central_bodies"] if c.pk != central.pk]
    year = ctx.today.year + 1

    # The demo body (an akimat): the budget year under way approved (topics ready to procure),
    # the next one fixed and waiting for the budget, and a discussion open now — each dated as
    # the Rules order the stages for a local body (Annex 3 to its council before 1 August).
    seeder.cycle(body, "approved", placed_days_ago=0, topics=8, comments=14)
    seeder.cycle(body, "fixed", placed_days_ago=90, topics=6, comments=8, budget_pending=True)
    seeder.cycle(body, "open", placed_days_ago=3, topics=7, comments=9)
    # The demo central body: the discussion ended, decisions overdue.
    seeder.cycle(central, "overdue", placed_days_ago=30, topics=6, comments=10)
    seeder.cycle(central, "approved", placed_days_ago=0, topics=5, comments=6)

    scenarios = ["open", "decided", "council", "overdue", "fixed", "reported"]
    if ctx.national:
        others = akimats + centrals
        per_body_topics = 68
        per_body_comments = 470
    else:
        others = akimats[:4] + centrals[:3]
        per_body_topics, per_body_comments = 6, 8
    for index, org in enumerate(others):
        scenario = scenarios[index % len(scenarios)]
        days = {"open": 2 + index % 5, "overdue": 25, "decided": 40, "reported": 45,
                "council": 60, "fixed": 90}[scenario]  # fmt: skip
        seeder.cycle(
            org, scenario, placed_days_ago=days, topics=per_body_topics,
            comments=per_body_comments,
        )  # fmt: skip
    seeder.flush()
    # Kept late comments (the proposals pool) for the demo central body
    proposal = TopicProposal.objects.create(
        body=central,
        year=year + 1,
        text="Предлагаю тему поддержки детских театральных студий в моногородах.",
        author_name="Жанна Б.",
        author_contact="zhanna@example.kz",
        source=TopicProposal.Source.LATE_COMMENT,
    )
    seed_one(proposal)


class Seeder:
    def __init__(self, ctx, areas, edition):
        self.ctx, self.areas, self.edition = ctx, areas, edition
        self.rng = ctx.rng
        self.calendar = current_calendar()
        self.now = dt.datetime.combine(ctx.today, dt.time(12, 0), tzinfo=rules.ALMATY)
        self.staff = {}
        self.pending_cycles = []
        self.years = set()

    def _evidence(self, body, before):
        """The sources a cycle's topics cite, all dated before the topics were written."""
        stale = body.pk % 5 == 0
        message = dt.date(before.year, 9, 1)  # the President's Address, early September
        if message >= before:
            message = dt.date(before.year - 1, 9, 1)
        rows = [
            Evidence(
                body=body, kind=EvidenceKind.NEEDS_ASSESSMENT,
                title_kk="Халықтың қажеттіліктері мен сұраныстарын бағалау",
                title_ru="Оценка потребностей и нужд населения",
                date=before - dt.timedelta(days=900 if stale else 200),
            ),
            Evidence(
                body=body, kind=EvidenceKind.POLICY,
                title_kk="Мемлекет басшысының Қазақстан халқына Жолдауы",
                title_ru="Послание Главы государства народу Казахстана", date=message,
            ),
            Evidence(
                body=body, kind=EvidenceKind.STATISTICS,
                title_kk="Ұлттық статистика бюросының статистикалық бюллетені",
                title_ru="Статистический бюллетень Бюро национальной статистики",
                date=before - dt.timedelta(days=120),
            ),
            Evidence(
                body=body, kind=EvidenceKind.PROPOSALS,
                title_kk="Дөңгелек үстел қорытындысы бойынша ҮЕҰ ұсыныстары",
                title_ru="Предложения НПО по итогам круглого стола",
                date=before - dt.timedelta(days=40),
            ),
        ]  # fmt: skip
        return seed_bulk(Evidence, rows)

    def _spec_file(self, body):
        content = b"%PDF-1.4\n% Draft technical specification (demo)\n%%EOF\n"
        stored = StoredFile(
            original_name="техническая_спецификация.pdf", content_type="application/pdf",
            extension="pdf", size=len(content), sha256="0" * 64, owner_org=body,
        )  # fmt: skip
        stored.file.save("spec.pdf", ContentFile(content), save=False)
        stored.save()
        return seed_one(stored)

    def _staff(self, body):
        if body.pk not in self.staff:
            self.staff[body.pk] = User.objects.filter(
                organisation=body, role_assignments__role=Role.STATE_BODY
            ).first()
        return self.staff[body.pk]

    def _moment(self, days_ago, hour=10):
        return self._on(self.ctx.today - dt.timedelta(days=days_ago), hour)

    @staticmethod
    def _on(day, hour=10):
        return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=rules.ALMATY)

    def plan(self, body, scenario, placed_days_ago, *, budget_pending=False):
        """(year, moment of placement) of a scenario so that every stage falls in the order and
        the terms of §7, on or before today: Annex 3 before 1 August of the year before (local
        bodies) or by 5 January (central bodies), the budget approved in December, the
        Information published by 25 January. `budget_pending`: a local body's cycle of next
        year, fixed before 1 August, while this December's budget approval is still to come."""
        today = self.ctx.today
        if scenario == "approved":
            year = today.year if today >= dt.date(today.year, 1, 25) else today.year - 1
            start = dt.date(year - 1, 10, 1) if body.is_central else dt.date(year - 1, 5, 15)
            return year, self._on(start)
        if (
            budget_pending
            and not body.is_central
            and dt.date(today.year, 8, 1) <= today < dt.date(today.year, 12, 10)
        ):
            return today.year + 1, self._on(dt.date(today.year, 5, 20))
        year = today.year + 1
        while (
            rules.annex3_council_deadline(
                year=year, is_central=body.is_central, calendar=self.calendar
            ).date
            <= today
        ):
            year += 1
        return year, self._moment(placed_days_ago)

    def cycle(self, body, scenario, *, placed_days_ago, topics, comments, budget_pending=False):
        rng = self.rng
        year, placed = self.plan(body, scenario, placed_days_ago, budget_pending=budget_pending)
        while (body.pk, year) in self.years:  # one cycle per body and year: plan the next one
            year += 1
        self.years.add((body.pk, year))
        council = rules.annex3_council_deadline(
            year=year, is_central=body.is_central, calendar=self.calendar
        )
        publication = rules.annex3_publication_deadline(year=year, calendar=self.calendar)
        end = rules.discussion_deadline(placed, self.calendar)
        due = rules.decisions_deadline(end.date, self.calendar)
        cycle = Cycle(
            body=body, year=year, edition=self.edition, stage=Stage.DISCUSSION,
            published_at=placed, discussion_ends_at=end.ends_at, decisions_due_at=due.ends_at,
            annex3_due_at=council.ends_at, publication_due_at=publication.ends_at,
            created_at=placed - dt.timedelta(days=20), created_by=self._staff(body),
        )  # fmt: skip
        after = {
            "decided": Stage.REPORTED, "reported": Stage.REPORTED, "council": Stage.COUNCIL,
            "fixed": Stage.FIXED, "approved": Stage.APPROVED,
        }.get(scenario)  # fmt: skip
        if after:
            cycle.stage = after
            cycle.report_published_at = min(due.ends_at, self.now)
        if after in (Stage.COUNCIL, Stage.FIXED, Stage.APPROVED):
            cycle.annex3_submitted_at = min(
                cycle.report_published_at + dt.timedelta(days=5), self.now
            )
        if after in (Stage.FIXED, Stage.APPROVED):
            cycle.fixed_at = min(cycle.annex3_submitted_at + dt.timedelta(days=10), self.now)
        if after == Stage.APPROVED:
            cycle.budget_approved_on = dt.date(year - 1, 12, 10)
            cycle.annex3_published_at = dt.datetime.combine(
                dt.date(year, 1, 20), dt.time(11), tzinfo=rules.ALMATY
            )
        cycle.save()
        seed_one(cycle)
        evidence = self._evidence(body, local_date(cycle.created_at))
        themes = list(THEMES)
        rng.shuffle(themes)
        topic_rows = []
        for n in range(1, topics + 1):
            code, kk, ru = themes[(n - 1) % len(themes)]
            if n > len(themes):
                kk, ru = (
                    f"{kk} ({n // len(themes) + 1}-кезең)",
                    f"{ru} (этап {n // len(themes) + 1})",
                )
            financing = Decimal(rng.randrange(3000, 90000)) + Decimal(rng.choice([0, 0, 5])) / 10
            target = rng.choice(TARGETS)
            topic_rows.append(
                Topic(
                    cycle=cycle, number=n, theme_kk=kk, theme_ru=ru, area=self.areas[code],
                    financing=financing,
                    justification_kk=JUSTIFICATION[0], justification_ru=JUSTIFICATION[1],
                    target_group_kk=target[0], target_group_ru=target[1],
                    expected_result_kk=EXPECTED_RESULT[0], expected_result_ru=EXPECTED_RESULT[1],
                    summary_kk=SUMMARY[0].format(kk), summary_ru=SUMMARY[1].format(ru),
                    created_at=cycle.created_at,
                )
            )  # fmt: skip
        if after in (Stage.COUNCIL, Stage.FIXED, Stage.APPROVED):
            for t in topic_rows:
                t.recommendation = rng.choice(
                    [Topic.Recommendation.SUPPORTED] * 3 + [Topic.Recommendation.REVISE]
                )
                if t.recommendation == Topic.Recommendation.REVISE:
                    t.recommendation_text = "Уточнить индикаторы результата и охват."
                t.recommended_at = cycle.annex3_submitted_at
        if after in (Stage.FIXED, Stage.APPROVED):
            spec = self._spec_file(body)
            for t in topic_rows:
                t.tech_spec = spec
        if after == Stage.APPROVED:
            for t in topic_rows:
                t.approved_amount = (t.financing * Decimal("0.95")).quantize(Decimal("0.1"))
        topic_rows = seed_bulk(Topic, topic_rows)
        Through = Topic.sources.through
        seed_bulk(
            Through,
            [
                Through(topic_id=t.pk, evidence_id=evidence[i % len(evidence)].pk)
                for i, t in enumerate(topic_rows)
            ],
        )
        if after in (Stage.FIXED, Stage.APPROVED):
            types = list(ServiceType.objects.values_list("pk", flat=True))
            Link = Topic.service_types.through
            seed_bulk(
                Link, [Link(topic_id=t.pk, servicetype_id=rng.choice(types)) for t in topic_rows]
            )
        # comments
        ends = end.ends_at
        span = max(int((min(ends, self.now) - placed).total_seconds()), 3600)
        all_decided = scenario not in ("open", "overdue")
        comment_rows = []
        for _i in range(comments):
            topic = topic_rows[rng.randrange(len(topic_rows))]
            moment = placed + dt.timedelta(seconds=rng.randrange(span))
            c = Comment(
                cycle=cycle, topic=topic, author_name=rng.choice(AUTHORS),
                author_contact=f"user{rng.randrange(1000)}@example.kz",
                remark=rng.choice(REMARKS), proposal=rng.choice(PROPOSALS), created_at=moment,
                ip_address=f"10.0.{rng.randrange(255)}.{rng.randrange(255)}",
            )  # fmt: skip
            decide = (
                all_decided
                or (scenario == "overdue" and rng.random() < 0.4)
                or (scenario == "open" and rng.random() < 0.2)
            )
            if decide:
                accepted = rng.random() < 0.55
                c.outcome = Comment.Outcome.ACCEPTED if accepted else Comment.Outcome.REJECTED
                c.justification = "" if accepted else REJECTION
                c.decision_version = 1
                c.decided_at = min(moment + dt.timedelta(days=rng.randrange(1, 4)), self.now)
            comment_rows.append(c)
        if (
            comment_rows
            and scenario in ("decided", "reported", "approved")
            and len(comment_rows) > 3
        ):
            comment_rows[-1].is_hidden = True
            comment_rows[-1].hidden_reason = "Оскорбительные выражения"
            comment_rows[-1].hidden_at = comment_rows[-1].created_at + dt.timedelta(hours=2)
            comment_rows[-1].outcome = Comment.Outcome.PENDING
            comment_rows[-1].justification = ""
            comment_rows[-1].decision_version = 0
            comment_rows[-1].decided_at = None
        comment_rows = seed_bulk(Comment, comment_rows, batch_size=2000)
        seed_bulk(CommentDecision,
            [
                CommentDecision(
                    comment=c, version=1, accepted=c.outcome == Comment.Outcome.ACCEPTED,
                    justification=c.justification, decided_by=self._staff(body),
                    decided_at=c.decided_at, on_time=c.decided_at <= due.ends_at,
                )
                for c in comment_rows
                if c.decision_version
            ],
            batch_size=2000,
        )  # fmt: skip
        self.pending_cycles.append(cycle)
        return cycle

    def flush(self):
        """Snapshots of the published annexes (Annex 1 for all, 2 and 3 where reached)."""
        for cycle in self.pending_cycles:
            actor = self._staff(cycle.body)
            _snapshot(
                cycle,
                Publication.Kind.ANNEX1,
                selectors.annex1_rows(cycle),
                actor,
                cycle.published_at,
            )
            if cycle.report_published_at:
                _snapshot(
                    cycle,
                    Publication.Kind.ANNEX2,
                    selectors.annex2_rows(cycle),
                    actor,
                    cycle.report_published_at,
                )
            if cycle.annex3_submitted_at:
                rows = selectors.annex3_rows([cycle], amount="financing")
                _snapshot(
                    cycle, Publication.Kind.ANNEX3_COUNCIL, rows, actor, cycle.annex3_submitted_at
                )
            if cycle.annex3_published_at:
                rows = selectors.annex3_rows([cycle], amount="approved_amount")
                _snapshot(
                    cycle, Publication.Kind.ANNEX3_BUDGET, rows, actor, cycle.annex3_published_at
                )

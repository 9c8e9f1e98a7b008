"""One realistic world for the X-ACL matrix: everything `body` and `ngo` own, in every state,
plus a little of `other_body` / `other_ngo` to be used as "another organisation's id"."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile

from tapsyrys.calendar.rules import ALMATY
from tapsyrys.contracting import services as cs
from tapsyrys.contracting.models import Competition, Lot, ReportStage
from tapsyrys.contracting.tests.factories import contract_make
from tapsyrys.core.extensions import app_modules
from tapsyrys.core.models import Area, ServiceType
from tapsyrys.core.tests.factories import OrganisationFactory
from tapsyrys.formation import services as fs
from tapsyrys.formation.models import EvidenceKind, Topic, TopicProposal

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
OPENED = dt.datetime(2025, 3, 1, 10, 0, tzinfo=ALMATY)  # cycles for 2024 … 2027 may be opened
PLACED = dt.datetime(2025, 3, 14, 10, 0, tzinfo=ALMATY)  # published for discussion
DURING = dt.datetime(2025, 3, 20, 12, 0, tzinfo=ALMATY)  # the discussion is open
AFTER = dt.datetime(2025, 5, 5, 12, 0, tzinfo=ALMATY)  # the discussion is over


def pdf(name="document.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _comment(topic, **kw):
    data = {
        "author_name": "Айгуль",
        "author_contact": "aigul-secret@example.kz",
        "remark": "Прошу расширить охват",
    }
    data.update(kw)
    return fs.comment_post(topic=topic, now=DURING, **data)


def _cycle(body, user, year, evidence, area, *, themes):
    cycle = fs.cycle_open(body=body, year=year, actor=user, now=OPENED)
    topics = []
    for n, theme in enumerate(themes, 1):
        topics.append(
            fs.topic_create(
                cycle=cycle,
                actor=user,
                area=area,
                sources=[evidence],
                theme_kk=f"{theme} (kk)",
                theme_ru=theme,
                financing=Decimal("1500.5") + n,
                justification="Оценка потребностей",
                target_group="Молодёжь",
                expected_result="300 участников",
            )
        )
    return cycle, topics


def _to_council(cycle, user, authorized_user, service_type):
    fs.cycle_publish(cycle=cycle, actor=user, now=PLACED)
    fs.cycle_report_publish(cycle=cycle, actor=user, now=AFTER)
    fs.cycle_submit(cycle=cycle, actor=user, now=AFTER)
    for topic in cycle.topics.all():
        fs.topic_recommend(
            topic=topic, actor=authorized_user, recommendation="supported", now=AFTER
        )
        fs.topic_set_spec(
            topic=topic,
            actor=user,
            included=True,
            upload=pdf("spec.pdf"),
            service_types=[service_type],
        )
    cycle.refresh_from_db()
    return cycle


def build(*, body, other_body, ngo, other_ngo, body_user, other_body_user, ngo_user,
          other_ngo_user, authorized_user):  # fmt: skip
    w = SimpleNamespace(body=body, other_body=other_body, ngo=ngo, other_ngo=other_ngo)
    area = Area.objects.get(code="youth")
    service_type = ServiceType.objects.order_by("pk").first()
    w.area, w.service_type = area, service_type

    # --- Formation of `body` --------------------------------------------------------------------
    w.evidence = fs.evidence_add(
        body=body,
        actor=body_user,
        kind=EvidenceKind.NEEDS_ASSESSMENT,
        title="Секретная оценка потребностей",
        date=dt.date(2024, 6, 1),
        upload=pdf("needs.pdf"),
    )
    # planning (unpublished): 2027
    w.c_plan, w.plan_topics = _cycle(
        body, body_user, 2027, w.evidence, area, themes=["Неопубликованная тема А", "Тема Б"]
    )
    # discussion with comments in every state: 2026
    w.c_disc, w.disc_topics = _cycle(
        body, body_user, 2026, w.evidence, area, themes=["Обсуждаемая тема"]
    )
    fs.cycle_publish(cycle=w.c_disc, actor=body_user, now=PLACED)
    w.disc_topics = [Topic.objects.select_related("cycle").get(pk=t.pk) for t in w.disc_topics]
    topic = w.disc_topics[0]
    w.c_pending = _comment(topic, remark="Ожидает решения")
    w.c_accepted = _comment(topic, remark="Будет принято")
    w.c_rejected = _comment(topic, remark="Будет отклонено")
    w.c_hidden = _comment(topic, remark="Оскорбительный текст")
    fs.comment_decide(comment=w.c_accepted, actor=body_user, accepted=True, now=DURING)
    fs.comment_decide(
        comment=w.c_rejected, actor=body_user, accepted=False, justification="Нет", now=DURING
    )
    fs.comment_hide(comment=w.c_hidden, actor=body_user, reason="Оскорбления", now=DURING)
    w.c_disc.refresh_from_db()
    for c in (w.c_pending, w.c_accepted, w.c_rejected, w.c_hidden):
        c.refresh_from_db()
    w.proposal = TopicProposal.objects.create(
        body=body, year=2027, text="Секретное предложение", author_name="A", author_contact="B"
    )
    # with the council: 2025
    w.c_council, w.council_topics = _cycle(
        body, body_user, 2025, w.evidence, area, themes=["Тема совета"]
    )
    _to_council(w.c_council, body_user, authorized_user, service_type)
    # list fixed, budget entered (ready for Annex 3 publication): 2024
    w.c_fixed, w.fixed_topics = _cycle(
        body, body_user, 2024, w.evidence, area, themes=["Утверждаемая тема"]
    )
    _to_council(w.c_fixed, body_user, authorized_user, service_type)
    fs.cycle_fix(cycle=w.c_fixed, actor=body_user)
    fs.cycle_budget_enter(
        cycle=w.c_fixed,
        actor=body_user,
        approved_on=dt.date(2025, 6, 1),
        amounts={t.pk: "1000" for t in w.fixed_topics},
    )
    w.c_fixed.refresh_from_db()
    w.plan_topic, w.disc_topic = w.plan_topics[0], w.disc_topics[0]
    w.council_topic, w.fixed_topic = w.council_topics[0], w.fixed_topics[0]
    w.council_topic.refresh_from_db()
    w.tech_spec = w.council_topic.tech_spec

    # the other body: a register row and an unpublished cycle (their ids are "foreign")
    w.other_evidence = fs.evidence_add(
        body=other_body,
        actor=other_body_user,
        kind=EvidenceKind.STATISTICS,
        title="Чужой источник",
        date=dt.date(2024, 1, 1),
    )
    w.other_cycle, w.other_topics = _cycle(
        other_body, other_body_user, 2027, w.other_evidence, area, themes=["Чужая тема"]
    )

    # --- Contracting of `body` with `ngo` -------------------------------------------------------
    w.competition = cs.competition_create(
        actor=body_user, body=body, procurement_number="ANNO-1", year=2025
    )
    w.lot = cs.lot_create(
        actor=body_user,
        competition=w.competition,
        number="LOT-1",
        name_ru="Проект 1",
        name_kk="Жоба 1",
        description_kk="Жоба 1 сипаттамасы",
        description_ru="Описание проекта 1",
        amount=Decimal("5000000"),
    )
    w.lot2 = cs.lot_create(
        actor=body_user,
        competition=w.competition,
        number="LOT-2",
        name_ru="Проект 2",
        name_kk="Жоба 2",
        description_kk="Жоба 2 сипаттамасы",
        description_ru="Описание проекта 2",
        amount=Decimal("3000000"),
    )
    w.contract = contract_make(body_user, ngo, lot=w.lot, number="C-1")
    w.passport = cs.passport_save(
        contract=w.contract,
        actor=ngo_user,
        fields={"goals_tasks": "Цели", "budget": Decimal("4900000.50")},
        team=[{"name": "Руководитель", "role": "lead", "experience": "Секретный опыт 10 лет"}],
        uploads=[pdf("passport.pdf")],
    )
    w.passport_file = w.passport.files.get().file
    stages = {s.kind: s for s in w.contract.stages.all()}
    w.stage_final = stages[ReportStage.Kind.FINAL]
    fields = _complete(w.contract)
    submitted = cs.report_start(stage=stages[ReportStage.Kind.FIRST_INTERIM], actor=ngo_user)
    cs.report_save_draft(
        report=submitted, actor=ngo_user, fields=dict(fields), uploads=[pdf("submitted.pdf")]
    )
    w.submitted = cs.report_submit(report=submitted, actor=ngo_user)
    w.submitted_file = w.submitted.files.get().file
    draft = cs.report_start(stage=stages[ReportStage.Kind.SECOND_INTERIM], actor=ngo_user)
    w.draft = cs.report_save_draft(
        report=draft,
        actor=ngo_user,
        fields={**fields, "main_work": "Черновик: секретный текст"},
        uploads=[pdf("draft.pdf")],
    )
    w.draft_file = w.draft.files.get().file
    w.import_job = cs.import_start(
        actor=body_user,
        upload=SimpleUploadedFile("secret-lots.csv", b"lotNumber\n1\n"),
        dry_run=True,
    )

    # the other body's contract with the other NGO (its target group id is "foreign")
    other_competition = Competition.objects.create(
        body=other_body, procurement_number="OTHER-1", year=2025
    )
    w.other_competition = other_competition
    w.other_lot = Lot.objects.create(
        competition=other_competition,
        body=other_body,
        number="O-1",
        name_ru="Чужой лот",
        name_kk="Бөтен лот",
        description_kk="Сипаттама",
        description_ru="Описание",
        amount=Decimal("1000000"),
    )
    w.other_contract = contract_make(
        other_body_user,
        other_ngo,
        lot=w.other_lot,
        number="OC-1",
        amount=Decimal("900000"),
        activities=(),
        indicators=(),
        target_groups=[("Пожилые", 10)],
    )
    w.unverified_ngo = OrganisationFactory(is_verified=False)
    return w


def _complete(contract):
    return {
        "team_composition": "Руководитель, два тренера",
        "about_project": "О проекте",
        "main_work": "Проведены семинары",
        "satisfaction_results": "Удовлетворены 90 %",
        "indicator_actuals": {str(i.pk): "5" for i in contract.indicators.all()},
        "coverage_reached": {str(g.pk): 80 for g in contract.target_groups.all()},
        "financial_report": "Смета исполнена",
    }


def extend(w, actors):
    """Apps built on contracting add their objects to the world in `tapsyrys/<app>/tests/world.py`
    (`extend(w, actors)`), in app order."""
    for module in app_modules("tests.world"):
        if module.__name__ != __name__:
            module.extend(w, actors)

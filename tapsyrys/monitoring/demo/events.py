"""Demo monitoring plans and events (M-1, M-2, M-3, M-6) on the demo bodies' running contracts.

Demo "today" is ctx.today (1 Dec 2026). For each running contract of the demo akimat and the
demo central body: two events per past year of implementation, the first completed with all
four indicators, two or three tools, findings and measures (in Russian and Kazakh) and its
report published in the ledger, the second planned; one contract keeps a single event in the
current year, so it is flagged below the minimum on the desk. Projects above 500 MCI are
recorded by their assigned expert (the experts part's demo runs first; where it assigned none,
the demo expert takes the first three such projects, and the rest keep planned events only:
nothing is recorded before an expert is assigned), others by the body's demo user. Written with seed_bulk / seed_one (X-AUDIT)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from tapsyrys.contracting.models import Contract
from tapsyrys.core.demo import seed_bulk, seed_one
from tapsyrys.core.models import MonitoringTool, User
from tapsyrys.monitoring.deadlines.events import open_plan_year_deadlines
from tapsyrys.monitoring.models import (
    EventActivity,
    EventCompliance,
    EventCoverage,
    EventEvidence,
    EventSurvey,
    ExpertAssignment,
    ExpertNotice,
    MonitoringEvent,
    MonitoringPlanYear,
    StandardThreshold,
)
from tapsyrys.monitoring.rules import events as rules
from tapsyrys.monitoring.selectors.experts import who_monitors

FINDINGS = [
    "Семинарлар кестеге сай өткізілді; ауылдық округтердегі қатысушылар саны жоспардан төмен. "
    "Семинары проведены по графику; число участников в сельских округах ниже плана.",
    "Ақпараттық науқан әлеуметтік желілерде белсенді; есептік құжаттарда қатысушылар тізімі "
    "толық емес. Информационная кампания активна в соцсетях; списки участников в отчётных "
    "документах неполные.",
]
MEASURES = [
    "Аудандарда қосымша екі семинар өткізу, қатысушыларды тіркеу парақтарын жүргізу. "
    "Провести два дополнительных семинара в районах, вести листы регистрации участников.",
    "Келесі кезең есебіне қатысушылардың толық тізімін қоса беру. "
    "Приложить полный список участников к отчёту следующего этапа.",
]
EVIDENCE = "Тіркеу парақтары, фотосуреттер / листы регистрации, фотографии"


EXPERTS_TO_ASSIGN = 3  # needs-expert projects the demo expert takes when none is assigned


def _monitor(contract, body_users, spare):
    """Who records the contract's events: the body (up to 500 MCI), the assigned expert, or
    None (more than 500 MCI and no expert: its events stay planned, as M-4 requires)."""
    if not who_monitors(contract).needs_expert:
        return body_users.get(contract.body_id)
    expert = (
        ExpertAssignment.objects.filter(contract=contract).values_list("expert", flat=True).first()
    )
    if expert is not None:
        return User.objects.get(pk=expert)
    demo_expert = User.objects.filter(username="expert").first()
    if demo_expert is None or not spare:
        return None
    spare.pop()
    notice = seed_one(
        ExpertNotice.objects.create(
            expert=demo_expert, contract=contract, declares_conflict=False, signed_at=timezone.now()
        )
    )
    seed_one(
        ExpertAssignment.objects.create(
            contract=contract,
            expert=demo_expert,
            notice=notice,
            assigned_by=body_users.get(contract.body_id),
        )
    )
    return demo_expert


def seed(ctx):
    from tapsyrys.monitoring.selectors.events import event_get, report_data
    from tapsyrys.publishing.models import DocumentKind
    from tapsyrys.publishing.monitoring_report import monitoring_report_document
    from tapsyrys.publishing.services import ledger_publish_form

    today = ctx.today
    bodies = [ctx.objects["demo_body"], ctx.objects["demo_central_body"]]
    contracts = list(
        Contract.objects.filter(body__in=bodies, status__in=rules.RUNNING_STATUSES)
        .select_related("lot", "supplier", "body")
        .prefetch_related("activities", "target_groups", "service_types")
        .order_by("body_id", "starts_on", "pk")
    )
    if not contracts:
        return
    body_users = {}
    for user in User.objects.filter(organisation__in=bodies).order_by("pk"):
        body_users.setdefault(user.organisation_id, user)
    tools = {t.code: t for t in MonitoringTool.objects.all()}
    forms = {t.code: t for t in StandardThreshold.objects.all()}
    now = timezone.now()
    completed = []
    spare = list(range(EXPERTS_TO_ASSIGN))
    for n, contract in enumerate(contracts):
        monitor = _monitor(contract, body_users, spare)
        for year in rules.implementation_years(contract.starts_on, contract.ends_on):
            if year > today.year:
                continue
            first, last = rules.year_span(year, contract.starts_on, contract.ends_on)
            end = min(last, today)
            if end < first:
                continue
            span = (end - first).days
            days = [first + dt.timedelta(days=span // 3), first + dt.timedelta(days=span * 5 // 6)]
            if n == 0 and year == today.year:
                days = days[:1]  # the desk's "below the minimum" example
            for i, day in enumerate(days):
                held = i == 0 and day < today and monitor is not None
                event = MonitoringEvent.objects.create(
                    contract=contract,
                    year=year,
                    planned_on=day,
                    held_on=day if held else None,
                    status="completed" if held else "planned",
                    monitor=monitor if held else None,
                    planned_by=body_users.get(contract.body_id),
                    findings=FINDINGS[n % 2] if held else "",
                    measures=MEASURES[n % 2] if held else "",
                    completed_at=now if held else None,
                )
                seed_one(event)
                if not held:
                    continue
                codes = ["indicators", "survey", "social_networks"][: 2 + n % 2]
                event.tools.set([tools[c] for c in codes if c in tools])
                statuses = ["done", "partly", "done", "not_done"]
                seed_bulk(
                    EventActivity,
                    [
                        EventActivity(
                            event=event,
                            activity=a,
                            status=statuses[k % len(statuses)],
                            evidence=EVIDENCE,
                        )
                        for k, a in enumerate(contract.activities.all())
                    ],
                )
                pct = Decimal(78 + (n * 7) % 20)
                seed_bulk(
                    EventSurvey,
                    [
                        EventSurvey(
                            event=event, form=forms["seminar"], respondents=40 + n,
                            satisfied_pct=pct, participants=18 + n, duration_hours=6,
                            trainer_experience_years=3,
                        ),
                        EventSurvey(
                            event=event, form=forms["training"], respondents=25,
                            satisfied_pct=Decimal(55 + n % 40), success_stories=2 + n % 4,
                            participants=9 + n % 5, duration_hours=8, trainer_experience_years=2,
                        ),
                    ],
                )  # fmt: skip
                seed_bulk(
                    EventCoverage,
                    [
                        EventCoverage(event=event, target_group=g, reached=g.planned * 6 // 10)
                        for g in contract.target_groups.all()
                    ],
                )
                types = list(contract.service_types.all()) or [None]
                seed_bulk(
                    EventCompliance,
                    [
                        EventCompliance(
                            event=event,
                            service_type=t,
                            verdict="complies" if k == 0 else "partly",
                            comment="Толық цикл сақталды / полный цикл соблюдён",
                        )
                        for k, t in enumerate(types)
                    ],
                )
                seed_bulk(
                    EventEvidence,
                    [
                        EventEvidence(
                            event=event, url=f"https://www.instagram.com/p/demo{contract.pk}{i}/"
                        )
                    ],
                )
                completed.append(event)
        plan_years = seed_bulk(
            MonitoringPlanYear,
            [
                MonitoringPlanYear(
                    contract=contract,
                    year=year,
                    due_on=rules.minimum_due_on(year, contract.starts_on, contract.ends_on),
                )
                for year in rules.implementation_years(contract.starts_on, contract.ends_on)
            ],
        )
        open_plan_year_deadlines(plan_years, now=now)
    # The reports of the demo's first completed events in the ledger (kk/ru × xlsx/PDF).
    for event in completed[:4]:
        full = event_get(event.pk)
        ledger_publish_form(
            kind=DocumentKind.MONITORING_REPORT,
            obj=full,
            documents={
                lang: monitoring_report_document(**report_data(full), lang=lang)
                for lang in ("kk", "ru")
            },
            stem=f"monitoring-report-{full.contract.number}-{full.held_on.isoformat()}",
            label={
                "kk": f"№ {full.contract.number} шарт бойынша мониторинг есебі",
                "ru": f"Отчёт о мониторинге по договору № {full.contract.number}",
            },
        )

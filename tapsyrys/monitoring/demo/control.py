"""Demo data of the control of reports (M-5, M-7), through the services: information requests
(one answered, one overdue), a returned report corrected and accepted, and a special control
group with decisions (a correction with a new due date, a termination with a refund), in
Russian and Kazakh, around the demo's today."""

import datetime as dt
from decimal import Decimal

from django.db.models import Exists, OuterRef

from tapsyrys.calendar.rules import ALMATY
from tapsyrys.contracting import services as cs
from tapsyrys.contracting.models import Contract, ReportStage, StageReport
from tapsyrys.core.demo import seed_bulk

from ..models import SpecialControlCase
from ..services import control as services

D = dt.timedelta


def _at(ctx, days):
    """A moment `days` from the demo's today (10:00 Asia/Almaty, never after the real now), so
    a seed with `--today` keeps its dates in order."""
    today = min(dt.datetime.combine(ctx.today, dt.time(10, 0), tzinfo=ALMATY), ctx.now)
    return today + D(days=days)


def seed(ctx):
    body_user = ctx.objects.get("user:akimat")
    ngo_user = ctx.objects.get("user:ngo")
    demo_body, demo_ngo = ctx.objects.get("demo_body"), ctx.objects.get("demo_ngo")
    if not (body_user and ngo_user and demo_body and demo_ngo):
        return
    own = Contract.objects.filter(body=demo_body, supplier=demo_ngo).order_by("starts_on", "pk")
    made = {"requests": 0, "cases": 0, "decisions": 0}

    # 1. A project with two stage reports: requests and a returned report corrected.
    contract = own.filter(status="active", stages__submitted_at__isnull=False).distinct().first()
    if contract is not None:
        answered = services.request_create(
            contract=contract,
            actor=body_user,
            subject="Списки участников обучающих семинаров",
            text=(
                "Просим представить списки участников семинаров с контактами и фотоотчёт "
                "по каждому мероприятию.\nСеминарларға қатысушылардың тізімін және әр іс-шара "
                "бойынша фотоесепті ұсынуды сұраймыз."
            ),
            due_date=(_at(ctx, -20)).date() + D(days=10),
            now=_at(ctx, -20),
        )
        services.request_answer(
            request=answered,
            actor=ngo_user,
            answer=(
                "Списки участников трёх семинаров (124 человека) и фотоотчёт прилагаем в "
                "разделе файлов отчёта. Қатысушылар тізімі қоса беріліп отыр."
            ),
            now=_at(ctx, -14),
        )
        services.request_create(
            contract=contract,
            actor=body_user,
            subject="Договоры с привлечёнными тренерами",
            text=(
                "Просим представить копии договоров с тренерами и акты выполненных работ.\n"
                "Тренерлермен жасалған шарттардың көшірмелерін ұсынуды сұраймыз."
            ),
            due_date=(_at(ctx, -15)).date() + D(days=9),
            now=_at(ctx, -15),
        )
        made["requests"] += 2
        first = StageReport.objects.filter(
            contract=contract, stage__kind=ReportStage.Kind.FIRST_INTERIM, status="submitted"
        ).first()
        if first is not None:
            moment = max(first.submitted_at + D(days=3), _at(ctx, -40))
            services.report_review(
                report=first,
                actor=body_user,
                decision="returned",
                remarks=(
                    "Не приложены фотоматериалы семинаров, охват молодёжи не подтверждён "
                    "списками. Семинарлардың фотоматериалдары қоса берілмеген."
                ),
                incomplete_sections=["coverage_reached"],
                now=moment,
            )
            made["cases"] += 1
            corrected = cs.report_correct(report=first, actor=ngo_user)
            cs.report_save_draft(
                report=corrected,
                actor=ngo_user,
                fields={
                    "main_work": (first.main_work or "")
                    + "\nДобавлены списки участников и фотоотчёт по каждому семинару."
                },
            )
            corrected = cs.report_submit(report=corrected, actor=ngo_user, now=moment + D(days=4))
            services.report_review(
                report=corrected,
                actor=body_user,
                decision="accepted",
                remarks="Замечания устранены. Ескертулер жойылды.",
                now=moment + D(days=6),
            )
            case = SpecialControlCase.objects.get(contract=contract, closed_at__isnull=True)
            services.decision_record(
                case=case,
                actor=body_user,
                kind="accept",
                remarks="Отчёт исправлен и принят; проект выведен из группы особого контроля.",
                now=moment + D(days=6),
            )
            made["decisions"] += 1

    # 2. A project whose first report is missing: in special control, a correction requested.
    missing = (
        own.filter(
            status="active", stages__submitted_at__isnull=True, stages__due_date__lt=ctx.today
        )
        .exclude(pk=getattr(contract, "pk", None))
        .distinct()
        .first()
    )
    if missing is not None:
        stage = missing.stages.filter(submitted_at__isnull=True, due_date__lt=ctx.today).first()
        case = services._case_open(missing, "overdue", actor=None, now=_at(ctx, -6))
        case.stage = stage
        case.save(update_fields=["stage"])
        services.decision_record(
            case=case,
            actor=body_user,
            kind="request_correction",
            remarks=(
                "Представить первый промежуточный отчёт в полном объёме. Бірінші аралық есепті "
                "толық көлемде ұсыну қажет."
            ),
            new_due_date=ctx.today + D(days=10),
            now=_at(ctx, -5),
        )
        made["cases"] += 1
        made["decisions"] += 1

    # 3. A terminated contract of another NGO: terminated, refund demanded.
    terminated = Contract.objects.filter(body=demo_body, status="terminated").first()
    if terminated is not None:
        stage = terminated.stages.filter(submitted_at__isnull=True).order_by("no").first()
        case = services._case_open(terminated, "overdue", actor=None, now=_at(ctx, -30))
        case.stage = stage
        case.save(update_fields=["stage"])
        services.decision_record(
            case=case,
            actor=body_user,
            kind="terminate",
            remarks="Договор расторгнут: отчёт не представлен. Шарт бұзылды.",
            now=_at(ctx, -25),
        )
        services.decision_record(
            case=case,
            actor=body_user,
            kind="refund",
            remarks=(
                "Возместить неиспользованные бюджетные средства второго этапа. Екінші кезеңнің "
                "пайдаланылмаған бюджет қаражатын қайтару."
            ),
            refund_amount=(terminated.amount / 3).quantize(Decimal("0.01")),
            now=_at(ctx, -24),
        )
        made["cases"] += 1
        made["decisions"] += 2
    made["cases"] += _background_group(ctx)
    ctx.stdout.write(
        f"    monitoring/control: {made['requests']} requests, {made['cases']} cases, "
        f"{made['decisions']} decisions"
    )


def _background_group(ctx):
    """Every other running project with a report past due and not submitted is in the group, as
    the daily job would have put it there (bulk, for the national scale)."""
    stages = (
        ReportStage.objects.filter(
            submitted_at__isnull=True,
            due_date__lt=ctx.today,
            contract__status__in=["active", "suspended"],
        )
        .filter(
            ~Exists(
                SpecialControlCase.objects.filter(
                    contract_id=OuterRef("contract_id"), closed_at__isnull=True
                )
            )
        )
        .order_by("contract_id", "no")
        .values_list("contract_id", "pk", "due_date")
    )
    first = {}
    for contract_id, stage_id, due in stages.iterator(chunk_size=5000):
        first.setdefault(contract_id, (stage_id, due))
    rows = [
        SpecialControlCase(
            contract_id=contract_id,
            reason=SpecialControlCase.Reason.OVERDUE,
            stage_id=stage_id,
            opened_at=_at(ctx, -max((ctx.today - due).days - 1, 0)),
        )
        for contract_id, (stage_id, due) in sorted(first.items())
    ]
    seed_bulk(SpecialControlCase, rows, batch_size=2000)
    return len(rows)

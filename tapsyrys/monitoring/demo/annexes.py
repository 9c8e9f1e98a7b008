"""Demo data of the annexes (demo "today": 1 December 2026): Annex 5 published for a few of the
akimat's projects (one of them twice), the akimat's Annex 9 for the half-year 2026 submitted on
time, the central body's missing (late: flagged and notified as the daily job does), and the
2025 Information for the Government sent by the ministry before 31 March 2026. Everything
goes through the services (events, ledger entries, due items)."""

import datetime as dt
from zoneinfo import ZoneInfo

from tapsyrys.contracting.models import Contract
from tapsyrys.core.due import DueItem, due_for

from ..deadlines.annexes import ANNEX9_DUE, annex9_late
from ..services import annexes as services

ALMATY = ZoneInfo("Asia/Almaty")


def _at(day, hour=11):
    return dt.datetime.combine(day, dt.time(hour), tzinfo=ALMATY)


def seed(ctx):
    akimat = ctx.objects.get("user:akimat")
    culture = ctx.objects.get("user:culture")
    ministry = ctx.objects.get("user:ministry")
    if akimat is None:
        return
    year = ctx.today.year
    contracts = list(
        Contract.objects.filter(body=akimat.organisation).order_by("-signed_on", "id")[:3]
    )
    for n, contract in enumerate(contracts):
        services.annex5_publish(actor=akimat, contract=contract, now=_at(ctx.today, 10 + n))
    if contracts:  # a correction: the first project's Annex 5 re-published (version 2)
        services.annex5_publish(actor=akimat, contract=contracts[0], now=_at(ctx.today, 15))

    report = services.annex9_open(
        actor=akimat, body=akimat.organisation, year=year, period="half",
        now=_at(dt.date(year, 6, 20)),
    )  # fmt: skip
    services.annex9_save(
        actor=akimat,
        report=report,
        head_name="Досаев Ерболат Асқарұлы",
        head_position="Алматы қаласының әкімі / Аким города Алматы",
    )
    services.annex9_submit(actor=akimat, report=report, now=_at(dt.date(year, 7, 3)))
    services.annex9_open(
        actor=akimat, body=akimat.organisation, year=year, period="year",
        now=_at(dt.date(year, 11, 20)),
    )  # fmt: skip

    if culture is not None:
        missing = services.annex9_open(
            actor=culture, body=culture.organisation, year=year, period="half",
            now=_at(dt.date(year, 6, 1)),
        )  # fmt: skip
        item = due_for(missing, ANNEX9_DUE)
        late_at = item.due_at + dt.timedelta(minutes=5, seconds=1)
        annex9_late([item], now=late_at)  # as the daily job of the next morning does
        DueItem.objects.filter(pk=item.pk).update(state=DueItem.State.NOTIFIED, closed_at=late_at)

    if ministry is not None and Contract.objects.filter(year=year - 1).exists():
        services.summary_get_or_open(year=year - 1, now=_at(dt.date(year, 1, 5)))
        services.summary_send(actor=ministry, year=year - 1, now=_at(dt.date(year, 3, 27)))

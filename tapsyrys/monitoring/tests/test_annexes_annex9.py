"""Annex 9 (M-9, §21): the xlsx laid out as in seed 001 (headers in kk and ru, half-year vs year
columns, per-area totals and the grand total equal to the rows), the due items (5 July / 5
February, moved over days off), late reports flagged and notified once, submission, and the
other organisation refused."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from tapsyrys.calendar.rules import day_end
from tapsyrys.core import due
from tapsyrys.core.errors import ApplicationError, NotPermitted
from tapsyrys.core.models import AuditEvent, Outbox
from tapsyrys.monitoring.deadlines.annexes import ANNEX9_DUE
from tapsyrys.monitoring.models import Annex9Report
from tapsyrys.monitoring.services import annexes as services
from tapsyrys.monitoring.views.annexes import annex9_file, national_annex9_file
from tapsyrys.publishing.models import DocumentKind, LedgerEntry

from .test_annexes_support import AFTER_HALF, Y, three_contracts

pytestmark = pytest.mark.django_db

HEADERS = {
    ("kk", "half"): [
        "№",
        "Бюджеттік бағдарлама әкімшісінің атауы",
        "Әлеуметтік жобалардың және (немесе) әлеуметтік бағдарламалардың атауы",
        "Жоспарланған сомасы (мың теңге)",
        "Шарттық сомасы (мың теңге)",
        "Өнім берушінің атауы",
        "Әлеуметтік жобаларды және (немесе) әлеуметтік бағдарламаларды іске асыру процесі мен "
        "нәтижелері",
    ],
    ("kk", "year"): [
        "№",
        "Бюджеттік бағдарлама әкімшісінің атауы",
        "Әлеуметтік жобалардың және (немесе) әлеуметтік бағдарламалардың атауы",
        "Жоспарланған сомасы (мың теңге)",
        "Шарттық сомасы (мың теңге)",
        "Өнім берушінің атауы",
        "Әлеуметтік жобаларды және (немесе) әлеуметтік бағдарламаларды іске асыру процесі мен "
        "нәтижелері, әлеуметтік жобалардың және (немесе) әлеуметтік бағдарламалардың оң әсері",
        "Жоба нәтижелерін бағалау қорытындылары бойынша балдар",
    ],
    ("ru", "half"): [
        "№",
        "Наименование администратора бюджетной программы",
        "Наименование социальных проектов и (или) социальных программ",
        "Планируемая сумма (тысяч тенге)",
        "Договорная сумма (тысяч тенге)",
        "Наименование поставщика",
        "Процесс и результаты реализации социальных проектов и (или) социальных программ",
    ],
    ("ru", "year"): [
        "№",
        "Наименование администратора бюджетной программы",
        "Наименование социальных проектов и (или) социальных программ",
        "Планируемая сумма (тысяч тенге)",
        "Договорная сумма (тысяч тенге)",
        "Наименование поставщика",
        "Процесс и результаты реализации социальных проектов и (или) социальных программ, "
        "положительный эффект социальных проектов и (или) социальных программ",
        "Баллы по итогам оценки результатов проекта",
    ],
}
TITLES = {
    "kk": "2026 жылға арналған мемлекеттік әлеуметтік тапсырыс шеңберінде іске асырылатын және "
    "(немесе) іске асырылған әлеуметтік жобалардың және (немесе) әлеуметтік бағдарламалардың "
    "мониторингі жөніндегі есеп",
    "ru": "Отчет о мониторинге реализуемых и (или) реализованных социальных проектов и (или) "
    "социальных программ в рамках государственного социального заказа на 2026 год",
}
TOTAL = {"kk": ("Жиынында", "Барлығы"), "ru": ("Итого", "Всего")}
AREA = {"kk": "1-сала.", "ru": "Сфера 1."}


def sheet_rows(content):
    sheet = load_workbook(io.BytesIO(content)).active
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def opened(body_user, period="half", year=Y):
    return services.annex9_open(
        actor=body_user, body=body_user.organisation, year=year, period=period
    )


def signed(report, body_user, **kw):
    return services.annex9_save(
        actor=body_user,
        report=report,
        head_name=kw.get("head_name", "Серікбаев Нұрлан Асқарұлы"),
        head_position=kw.get("head_position", "Басқарма басшысы"),
        positive_effects=kw.get("effects"),
    )


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize("period", ["half", "year"])
def test_annex9_xlsx_headers_totals_and_columns(body_user, ngo, lang, period):
    three_contracts(body_user, ngo)
    report = signed(opened(body_user, period), body_user)
    rows = sheet_rows(annex9_file(report, lang=lang, fmt="xlsx").content)
    width = 8 if period == "year" else 7
    header_at = next(i for i, r in enumerate(rows) if r[0] == "№")
    assert rows[header_at][:width] == HEADERS[(lang, period)]
    assert len([c for c in rows[header_at] if c not in (None, "")]) == width
    assert rows[header_at + 1][:width] == list(range(1, width + 1))
    assert any(r[0] == TITLES[lang] for r in rows)

    total, grand = TOTAL[lang]
    totals = [r for r in rows if r[1] == total]
    grand_rows = [r for r in rows if r[1] == grand]
    assert len(grand_rows) == 1
    # one "Total" row per area of the 2022 edition (19), empty areas included
    assert len(totals) == 19
    # area 1: 1 600 + 2 400 planned, 1 500 + 2 250,0005 contract; area 2: 1 000 / 990
    assert (totals[0][3], totals[0][4]) == (4000, 3750.0005)
    assert (totals[1][3], totals[1][4]) == (1000, 990)
    assert all((t[3], t[4]) == (0, 0) for t in totals[2:])
    assert (grand_rows[0][3], grand_rows[0][4]) == (5000, 4740.0005)

    # the totals equal the rows they close, group by group
    data = [r for r in rows[header_at + 2 :] if isinstance(r[0], int)]
    assert [r[0] for r in data] == [1, 2, 1]
    assert sum(Decimal(str(r[3])) for r in data) == Decimal(str(grand_rows[0][3]))
    assert sum(Decimal(str(r[4])) for r in data) == Decimal(str(grand_rows[0][4]))
    assert any(str(r[0]).startswith(AREA[lang]) for r in rows)
    # signed by the first head
    assert any("Серікбаев Нұрлан Асқарұлы" in [c for c in r if c] for r in rows)


def test_year_report_prints_the_positive_effect_and_an_empty_score(body_user, ngo):
    contracts = three_contracts(body_user, ngo)
    report = signed(
        opened(body_user, "year"), body_user, effects={str(contracts[0].pk): "Жастар белсенді"}
    )
    rows = sheet_rows(annex9_file(report, lang="kk", fmt="xlsx").content)
    first = next(r for r in rows if r[0] == 1 and r[2] == contracts[0].lot.name_kk)
    assert "Оң әсері: Жастар белсенді" in first[6]
    assert first[7] in (None, "")  # column 8: scores come from the evaluation (seam: None)


def test_positive_effect_only_in_the_year_report_and_only_for_own_projects(
    body_user, other_body_user, ngo
):
    contracts = three_contracts(body_user, ngo)
    with pytest.raises(ApplicationError) as exc:
        signed(opened(body_user, "half"), body_user, effects={str(contracts[0].pk): "x"})
    assert exc.value.field == "positive_effects"
    with pytest.raises(ApplicationError) as exc:
        signed(opened(body_user, "year"), body_user, effects={"999999": "x"})
    assert exc.value.field == "positive_effects"
    assert not Annex9Report.objects.filter(positive_effects__has_key="999999").exists()


def test_due_items_are_stored_with_the_rolled_forward_day(body_user, ngo):
    three_contracts(body_user, ngo)
    half = opened(body_user, "half")
    year = opened(body_user, "year")
    # 5 July 2026 is a Sunday and 6 July (Capital Day) a holiday: due 7 July
    assert half.due_at == day_end(dt.date(2026, 7, 7))
    # 5 February 2027 is a Friday
    assert year.due_at == day_end(dt.date(2027, 2, 5))
    assert due.due_for(half, ANNEX9_DUE).state == "open"


def test_due_dates_follow_the_settings(body_user, ngo, settings):
    settings.MONITORING_ANNEX9_YEAR_DUE = "12-05"  # the annex's own note: 5 December
    three_contracts(body_user, ngo)
    year = opened(body_user, "year")
    assert year.due_at == day_end(dt.date(2026, 12, 7))  # 5 Dec 2026 is a Saturday


def test_a_late_report_is_flagged_and_notified_once(body_user, ngo, authorized_user):
    three_contracts(body_user, ngo)
    report = opened(body_user, "half")
    at_due = day_end(dt.date(2026, 7, 7))
    due.run(now=at_due)  # the last second of the day: not yet late
    report.refresh_from_db()
    assert report.late_flagged_at is None
    after = at_due + dt.timedelta(seconds=1)
    due.run(now=after)
    due.run(now=after + dt.timedelta(days=1))
    report.refresh_from_db()
    assert report.late_flagged_at == after and report.is_late
    events = AuditEvent.objects.filter(action="monitoring.annex9.late", object_id=str(report.pk))
    assert events.count() == 1
    for user in (body_user, authorized_user):
        notices = Outbox.objects.filter(
            kind="monitoring.annex9.late", recipient=user, channel="in_app", event__in=events
        )
        assert notices.count() == 1, user


def test_submit_publishes_kk_ru_xlsx_pdf_and_meets_the_due_item(body_user, ngo, authorized_user):
    three_contracts(body_user, ngo)
    report = signed(opened(body_user, "half"), body_user)
    on_time = dt.datetime(2026, 7, 3, 9, 0, tzinfo=dt.UTC)
    report = services.annex9_submit(actor=body_user, report=report, now=on_time)
    assert report.state == "submitted" and not report.is_late
    assert due.due_for(report, ANNEX9_DUE).state == "met"
    entries = LedgerEntry.objects.filter(kind=DocumentKind.ANNEX9, object_id=report.pk)
    assert sorted((e.language, e.format) for e in entries) == [
        ("kk", "pdf"), ("kk", "xlsx"), ("ru", "pdf"), ("ru", "xlsx"),
    ]  # fmt: skip
    assert Outbox.objects.filter(kind="monitoring.annex9.submitted", recipient=authorized_user)
    with pytest.raises(NotPermitted):
        services.annex9_submit(actor=body_user, report=report)  # submitted: no second time


def test_a_report_submitted_after_the_due_moment_is_late(body_user, ngo):
    three_contracts(body_user, ngo)
    report = signed(opened(body_user, "half"), body_user)
    report = services.annex9_submit(actor=body_user, report=report, now=AFTER_HALF)
    assert report.is_late


def test_submit_needs_the_first_head(body_user, ngo):
    three_contracts(body_user, ngo)
    report = opened(body_user, "half")
    with pytest.raises(ApplicationError) as exc:
        services.annex9_submit(actor=body_user, report=report)
    assert exc.value.field == "head_name"
    report = signed(report, body_user, head_position="")
    with pytest.raises(ApplicationError) as exc:
        services.annex9_submit(actor=body_user, report=report)
    assert exc.value.field == "head_position"
    report.refresh_from_db()
    assert report.state == "draft"
    assert not LedgerEntry.objects.filter(kind=DocumentKind.ANNEX9).exists()


@pytest.mark.parametrize("bad", ["20x6", "1999", "99999999999999999999", ""])
def test_bad_years_are_refused_with_the_field(body_user, bad):
    with pytest.raises(ApplicationError) as exc:
        opened(body_user, "half", year=bad)
    assert exc.value.field == "year"
    assert not Annex9Report.objects.exists()


def test_the_other_organisation_cannot_see_or_submit(
    body_user, other_body_user, ngo, ngo_user, client_for
):
    three_contracts(body_user, ngo)
    report = signed(opened(body_user, "half"), body_user)
    for user in (other_body_user, ngo_user):
        with pytest.raises(NotPermitted):
            services.annex9_submit(actor=user, report=report)
        with pytest.raises(NotPermitted):
            services.annex9_save(actor=user, report=report, head_name="X")
        page = client_for(user)
        assert page.get(reverse("monitoring:annex9", args=[report.pk])).status_code == 403
        assert page.post(reverse("monitoring:annex9_submit", args=[report.pk])).status_code == 403
        api = APIClient()
        api.force_authenticate(user)
        assert api.get(f"/api/monitoring/annex9/{report.pk}/").status_code == 403
        assert api.post(f"/api/monitoring/annex9/{report.pk}/submit/").status_code == 403
    api = APIClient()
    api.force_authenticate(other_body_user)
    listed = api.get("/api/monitoring/annex9/").json()["results"]
    assert report.pk not in [r["id"] for r in listed]
    report.refresh_from_db()
    assert report.state == "draft" and report.head_name == "Серікбаев Нұрлан Асқарұлы"


def test_overview_shows_who_submitted_and_who_is_late(
    body_user, other_body_user, ngo, authorized_user
):
    three_contracts(body_user, ngo)
    three_contracts(other_body_user, ngo)
    report = signed(opened(body_user, "half"), body_user)
    services.annex9_submit(
        actor=body_user, report=report, now=dt.datetime(2026, 7, 1, tzinfo=dt.UTC)
    )
    api = APIClient()
    api.force_authenticate(authorized_user)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("django.utils.timezone.now", lambda: AFTER_HALF)
        data = api.get("/api/monitoring/annex9/national/?year=2026&period=half").json()
    by_body = {b["body"]: b for b in data["bodies"]}
    assert by_body[body_user.organisation_id]["late"] is False
    assert by_body[body_user.organisation_id]["submitted_by"] == body_user.display_name
    assert by_body[other_body_user.organisation_id]["late"] is True
    assert by_body[other_body_user.organisation_id]["submitted_at"] is None
    assert (data["submitted"], data["late"]) == (1, 1)


def test_national_consolidation_totals_all_submitted_bodies(body_user, other_body_user, ngo):
    three_contracts(body_user, ngo)
    three_contracts(other_body_user, ngo)
    for user in (body_user, other_body_user):
        services.annex9_submit(actor=user, report=signed(opened(user, "half"), user))
    content, _ = national_annex9_file(year=Y, period="half", lang="ru", fmt="xlsx")
    rows = sheet_rows(content)
    grand = next(r for r in rows if r[1] == "Всего")
    assert (grand[3], grand[4]) == (10000, 9480.001)
    first_total = next(r for r in rows if r[1] == "Итого")
    assert (first_total[3], first_total[4]) == (8000, 7500.001)
    assert any(r[0] == "Сводный отчет государственных органов · по итогам полугодия" for r in rows)


def test_national_download_is_for_the_authorized_body_only(body_user, authorized_user):
    api = APIClient()
    api.force_authenticate(body_user)
    assert api.get("/api/monitoring/annex9/national/?year=2026").status_code == 403
    api.force_authenticate(authorized_user)
    response = api.get("/api/monitoring/annex9/national/?year=2026&output=xlsx&lang=kk")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    bad = api.get("/api/monitoring/annex9/national/?year=2026&output=doc")
    assert bad.status_code == 400 and "output" in str(bad.json())
    bad = api.get("/api/monitoring/annex9/national/?year=abc")
    assert bad.status_code == 400 and "year" in str(bad.json())


def test_tracking_a_period_opens_one_due_item_per_body_once(
    body_user, other_body_user, ngo, authorized_user
):
    three_contracts(body_user, ngo)
    three_contracts(other_body_user, ngo)
    own = opened(body_user, "half")  # a body that opened its own keeps it
    with pytest.raises(NotPermitted):
        services.annex9_track(actor=body_user, year=Y, period="half")
    assert services.annex9_track(actor=authorized_user, year=Y, period="half") == 1
    assert services.annex9_track(actor=authorized_user, year=Y, period="half") == 0
    reports = Annex9Report.objects.filter(year=Y, period="half")
    assert {r.body_id for r in reports} == {
        body_user.organisation_id,
        other_body_user.organisation_id,
    }
    assert reports.get(pk=own.pk).created_at == own.created_at
    after = day_end(dt.date(2026, 7, 7)) + dt.timedelta(seconds=1)
    due.run(now=after)
    due.run(now=after)
    assert AuditEvent.objects.filter(action="monitoring.annex9.late").count() == 2
    for user in (body_user, other_body_user):
        assert (
            Outbox.objects.filter(
                kind="monitoring.annex9.late", recipient=user, channel="in_app"
            ).count()
            == 1
        )

"""Annexes 1–3 as a clerk gets them (issue 14): the draft mark before publication, every topic
in Annex 2, any comment text safe in the xlsx, the cycle's edition, the national Annex 3 (which
Information, both formats, across editions) and demo data in the legal order of §7."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from tapsyrys.calendar.rules import ALMATY
from tapsyrys.core.models import Area, Edition, Organisation
from tapsyrys.formation import rules, selectors, services
from tapsyrys.formation.models import Cycle, Stage, Topic
from tapsyrys.publishing.annexes import TEXTS

from .factories import PLACED, at, comment_on, cycle_make

pytestmark = pytest.mark.django_db


def _xlsx_values(content):
    ws = load_workbook(io.BytesIO(content)).active
    return [c.value for row in ws.iter_rows() for c in row if c.value is not None]


def _pdf_text(content):
    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(content)).pages)


def test_annex2_before_the_report_is_a_draft_and_the_published_one_is_not(
    published, body_user, client_for
):
    client = client_for(body_user)
    url = reverse("formation:annex", args=[published.pk, 2, "xlsx"])
    draft = client.get(url + "?lang=ru")
    assert draft.status_code == 200
    assert TEXTS["ru"]["draft"] in _xlsx_values(draft.content)
    pdf = client.get(reverse("formation:annex", args=[published.pk, 2, "pdf"]) + "?lang=kk")
    assert "ЖОБА" in _pdf_text(pdf.content)
    services.cycle_report_publish(cycle=published, actor=body_user, now=at(2025, 4, 3, 9))
    final = client.get(url + "?lang=ru")
    assert final.status_code == 200 and "X-Content-SHA256" in final
    assert TEXTS["ru"]["draft"] not in _xlsx_values(final.content)


def test_annex2_lists_every_topic_one_without_comments_says_so(published, body_user):
    first, second = published.topics.order_by("number")
    comment_on(first, at(2025, 3, 20, 12, 0))
    rows = selectors.annex2_rows(published)
    assert [(r["theme_ru"], bool(r.get("no_comments"))) for r in rows] == [
        (first.theme_ru, False),
        (second.theme_ru, True),
    ]
    for lang, words in (
        ("kk", "Ескертулер және (немесе) ұсыныстар түскен жоқ"),
        ("ru", "Замечаний и (или) предложений не поступило"),
    ):
        doc = selectors.annex_document(
            published, "annex2", rows, lang=lang, as_of=dt.date(2025, 4, 3)
        )
        assert [r.cells[2] for r in doc.rows][1] == words


def test_a_comment_with_a_control_character_does_not_break_the_annex(
    published, body_user, client_for
):
    topic = published.topics.first()
    comment = comment_on(
        topic, at(2025, 3, 20, 12, 0), remark="Прошу\x01 расширить\x0b охват", author_name="=cmd|x"
    )
    draft = client_for(body_user).get(
        reverse("formation:annex", args=[published.pk, 2, "xlsx"]) + "?lang=ru"
    )
    assert draft.status_code == 200
    services.comment_decide(comment=comment, actor=body_user, accepted=True, now=at(2025, 4, 1, 9))
    services.cycle_report_publish(cycle=published, actor=body_user, now=at(2025, 4, 3, 9))
    for fmt in ("xlsx", "pdf"):
        r = client_for(body_user).get(
            reverse("formation:annex", args=[published.pk, 2, fmt]) + "?lang=ru"
        )
        assert r.status_code == 200, fmt
    xlsx = client_for(body_user).get(
        reverse("formation:annex", args=[published.pk, 2, "xlsx"]) + "?lang=ru"
    )
    cells = [c for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows() for c in row]
    text = next(c.value for c in cells if isinstance(c.value, str) and "расширить" in c.value)
    assert "Прошу расширить охват" in text and "Автор: =cmd|x" in text
    assert not [c for c in cells if c.data_type == "f"]


def test_a_theme_starting_with_equals_is_text_in_the_public_annex1(body_user, client_for, area):
    cycle = cycle_make(body_user, topics=1, area=area)
    Topic.objects.filter(cycle=cycle).update(theme_ru='=HYPERLINK("http://x.example","y")')
    cycle = services.cycle_publish(cycle=cycle, actor=body_user, now=PLACED)
    r = client_for(body_user).get(
        reverse("formation:annex", args=[cycle.pk, 1, "xlsx"]) + "?lang=ru"
    )
    ws = load_workbook(io.BytesIO(r.content)).active
    theme = next(c for row in ws.iter_rows() for c in row if str(c.value).startswith("=HYPER"))
    assert theme.data_type == "s"


def _edition(code):
    return Edition.objects.get(code=code)


@pytest.mark.parametrize(
    "code,kk_area,ru_area,kk_caption",
    [
        (
            "2021",
            "4-бағыт. Жастар саясаты",
            "Направление 4. Поддержка",
            "асыру мониторингі және осы",
        ),
        ("2022", "4-сала. Жастар саясаты", "Сфера 4. Поддержка", "қалыптастыру, оның іске асырылу"),
    ],
)
def test_annex3_of_a_cycle_is_worded_as_its_edition(published, code, kk_area, ru_area, kk_caption):
    Cycle.objects.filter(pk=published.pk).update(edition=_edition(code))
    cycle = Cycle.objects.select_related("edition", "body").get(pk=published.pk)
    rows = selectors.annex3_rows([cycle])
    kk = selectors.annex_document(cycle, "annex3_council", rows, lang="kk", as_of=None)
    ru = selectors.annex_document(cycle, "annex3_council", rows, lang="ru", as_of=None)
    kk_groups = [r.cells[0] for r in kk.rows if r.kind == "group"]
    assert any(g.startswith(kk_area) for g in kk_groups)
    assert any(r.cells[0].startswith(ru_area) for r in ru.rows if r.kind == "group")
    assert kk_caption in kk.caption
    # the 2021 edition words the last area "бағыттар бойынша" and the sixth "әлсіз топтарын"
    last, sixth = kk_groups[-1], kk_groups[5]
    if code == "2021":
        assert len(kk_groups) == 17 and last.endswith("бағыттар бойынша")
        assert sixth == "6-бағыт. Халықтың әлеуметтік жағынан әлсіз топтарын қолдау"
    else:
        assert len(kk_groups) == 19 and last.endswith("салалар бойынша")
        assert sixth == "6-сала. Халықтың әлеуметтік осал топтарын қолдау"


def _submitted(user, *, edition, area_codes, amounts, year=2026, published=False):
    cycle = cycle_make(user, topics=len(amounts), year=year)
    for topic, code, amount in zip(
        cycle.topics.order_by("number"), area_codes, amounts, strict=True
    ):
        Topic.objects.filter(pk=topic.pk).update(
            area=Area.objects.get(code=code), financing=amount,
            approved_amount=amount if published else None, included=True,
        )  # fmt: skip
    Cycle.objects.filter(pk=cycle.pk).update(
        edition=_edition(edition),
        stage=Stage.APPROVED if published else Stage.COUNCIL,
        annex3_submitted_at=at(2025, 12, 20, 10, 0),
        annex3_published_at=at(2026, 1, 20, 10, 0) if published else None,
    )
    return cycle


@pytest.fixture
def two_editions(body, body_user, other_body, other_body_user):
    """Two central bodies' Information for 2026: the first under the 2021 edition, the second
    under 2022 with an area only 2022 has (volunteering)."""
    Organisation.objects.filter(pk__in=[body.pk, other_body.pk]).update(level="central")
    body.refresh_from_db()
    other_body.refresh_from_db()
    first = _submitted(body_user, edition="2021", area_codes=["youth", "health"],
                       amounts=[Decimal("1000.5"), Decimal("200")])  # fmt: skip
    second = _submitted(other_body_user, edition="2022", area_codes=["volunteering", "youth"],
                        amounts=[Decimal("300.25"), Decimal("49")])  # fmt: skip
    assert first.pk < second.pk
    return Decimal("1549.75")


def test_national_annex3_across_editions_never_drops_a_row(
    two_editions, authorized_user, client_for
):
    rows, edition = selectors.national_annex3(year=2026, basis="council")
    assert edition.code == "2022" and len(rows) == 4
    from tapsyrys.publishing.annexes import annex3_document

    groups = selectors.annex3_groups(edition.pk, rows)
    doc = annex3_document(lang="ru", year=2026, body=None, groups=groups, edition=edition.code)
    doc_total = next(r.cells[3] for r in doc.rows if r.kind == "grand_total")
    assert doc_total == two_editions
    client = client_for(authorized_user)
    r = client.get(reverse("formation:national_annex3") + "?year=2026&lang=ru")
    values = _xlsx_values(r.content)
    assert float(two_editions) in [v for v in values if isinstance(v, float | int)]
    assert "Сфера 16. Развитие и поддержка волонтерских инициатив" in values or any(
        isinstance(v, str) and v.startswith("Сфера 16.") for v in values
    )


def test_a_row_whose_area_the_edition_lacks_closes_the_form_in_its_own_group(two_editions):
    rows, _ = selectors.national_annex3(year=2026, basis="council")
    groups = selectors.annex3_groups(_edition("2021").pk, rows)
    assert groups[-1]["number"] is None
    assert [Decimal(r["amount"]) for r in groups[-1]["rows"]] == [Decimal("300.25")]
    assert sum(Decimal(r["amount"]) for g in groups for r in g["rows"]) == two_editions


def test_national_annex3_council_list_is_central_bodies_only_and_comes_as_pdf(
    two_editions, body, authorized_user, client_for
):
    Organisation.objects.filter(pk=body.pk).update(level="regional")
    rows, _ = selectors.national_annex3(year=2026, basis="council")
    assert len(rows) == 2  # the local body's Information went to its own council
    client = client_for(authorized_user)
    pdf = client.get(reverse("formation:national_annex3") + "?year=2026&lang=kk&format=pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = " ".join(_pdf_text(pdf.content).split())
    assert "Үйлестіру кеңесінің қарауына" in text
    api = client.get("/api/formation/national/annex3/?year=2026&lang=ru&output=pdf")
    assert api.status_code == 200 and api.content.startswith(b"%PDF")
    bad = client.get(reverse("formation:national_annex3") + "?year=2026&basis=all")
    assert bad.status_code == 400


def test_national_annex3_after_the_budget_lists_every_published_information(
    body, body_user, other_body_user, authorized_user, client_for
):
    _submitted(body_user, edition="2022", area_codes=["youth"], amounts=[Decimal("10")],
               published=True)  # fmt: skip
    _submitted(other_body_user, edition="2022", area_codes=["health"], amounts=[Decimal("5")])
    rows, _ = selectors.national_annex3(year=2026, basis="budget")
    assert [Decimal(r["amount"]) for r in rows] == [Decimal("10")]
    r = client_for(authorized_user).get(
        reverse("formation:national_annex3") + "?year=2026&lang=ru&basis=budget"
    )
    assert "после утверждения бюджета" in " ".join(
        v for v in _xlsx_values(r.content) if isinstance(v, str)
    )


# --- Demo data in the legal order (§7) ------------------------------------------------------


class _Ctx:
    def __init__(self, today):
        self.today = today
        self.rng = None


@pytest.mark.parametrize(
    "today,central,scenario,days,pending,year,placed",
    [
        # 1 December 2026: a local body's next-year Information went before 1 August → 2028
        (dt.date(2026, 12, 1), False, "open", 3, False, 2028, dt.date(2026, 11, 28)),
        (dt.date(2026, 12, 1), True, "open", 3, False, 2027, dt.date(2026, 11, 28)),
        (dt.date(2026, 12, 1), False, "fixed", 90, True, 2027, dt.date(2026, 5, 20)),
        (dt.date(2026, 12, 1), False, "approved", 0, False, 2026, dt.date(2025, 5, 15)),
        (dt.date(2026, 12, 1), True, "approved", 0, False, 2026, dt.date(2025, 10, 1)),
        # 2 March 2026: next year's discussions are still in time for both kinds of body
        (dt.date(2026, 3, 2), False, "open", 3, False, 2027, dt.date(2026, 2, 27)),
        (dt.date(2026, 3, 2), False, "fixed", 90, True, 2027, dt.date(2025, 12, 2)),
        (dt.date(2026, 3, 2), True, "approved", 0, False, 2026, dt.date(2025, 10, 1)),
        # 10 January: this year's Information is not published yet → last year is the one approved
        (dt.date(2027, 1, 10), False, "approved", 0, False, 2026, dt.date(2025, 5, 15)),
    ],
)
def test_demo_plan_dates_each_scenario_in_the_order_of_the_rules(
    today, central, scenario, days, pending, year, placed
):
    from tapsyrys.formation.demo import Seeder

    seeder = Seeder(_Ctx(today), {}, None)
    body = Organisation(kind="state_body", level="central" if central else "regional")
    got_year, moment = seeder.plan(body, scenario, days, budget_pending=pending)
    assert (got_year, moment.astimezone(ALMATY).date()) == (year, placed)


@pytest.mark.parametrize("today", [dt.date(2026, 12, 1), dt.date(2026, 3, 2)])
def test_seeded_demo_cycles_follow_the_legal_order(today):
    from tapsyrys.core import demo as core_demo
    from tapsyrys.core.management.commands.seed_demo import DemoContext
    from tapsyrys.formation import demo

    ctx = DemoContext("demo", io.StringIO(), today)
    with time_machine.travel(dt.datetime.combine(today, dt.time(12), tzinfo=ALMATY), tick=False):
        core_demo.seed(ctx)
        demo.seed(ctx)
    cycles = list(Cycle.objects.select_related("body").prefetch_related("topics__sources"))
    assert len(cycles) >= 10
    for c in cycles:
        council = rules.annex3_council_deadline(
            year=c.year, is_central=c.body.is_central, calendar=_calendar()
        )
        moments = [
            m for m in (c.published_at, c.report_published_at, c.annex3_submitted_at, c.fixed_at)
            if m is not None
        ]  # fmt: skip
        assert moments == sorted(moments), c
        assert all(m.date() <= today for m in moments)
        if c.annex3_submitted_at:
            assert c.annex3_submitted_at <= council.ends_at, (c, c.body.level)
        if c.budget_approved_on:
            assert c.budget_approved_on.month == 12 and c.budget_approved_on.year == c.year - 1
            assert c.fixed_at.date() <= c.budget_approved_on
            assert c.annex3_published_at.date() <= dt.date(c.year, 1, 25)
            assert c.annex3_published_at.date() > c.budget_approved_on
        for topic in c.topics.all():
            for source in topic.sources.all():
                assert source.date < topic.created_at.date(), (c, source.title)


def _calendar():
    from tapsyrys.calendar.selectors import current_calendar

    return current_calendar()

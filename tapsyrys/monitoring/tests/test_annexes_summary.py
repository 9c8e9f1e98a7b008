"""The national summary (M-10, §11): totals by body, area and region equal the inputs, the
special-control cases and decisions counted, xlsx with a chart and PDF, sent to the ledger,
due 31 March (moved over a weekend), late notified once."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from tapsyrys.calendar.rules import day_end
from tapsyrys.contracting.models import TargetGroup
from tapsyrys.core import due
from tapsyrys.core.errors import NotPermitted
from tapsyrys.core.models import AuditEvent, Outbox, Region
from tapsyrys.monitoring.deadlines.annexes import SUMMARY_DUE
from tapsyrys.monitoring.models import ControlDecision, SpecialControlCase
from tapsyrys.monitoring.selectors.annexes import national_summary
from tapsyrys.monitoring.services import annexes as services
from tapsyrys.publishing.models import DocumentKind, LedgerEntry
from tapsyrys.publishing.national_summary import render_summary

from .test_annexes_support import three_contracts

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(body_user, other_body_user, ngo, other_body):
    other_body.region = Region.objects.get(code="almaty")
    other_body.save()
    mine = three_contracts(body_user, ngo)
    theirs = three_contracts(other_body_user, ngo)
    TargetGroup.objects.filter(contract__in=mine).update(reached=40)  # planned 100 each
    case = SpecialControlCase.objects.create(contract=mine[0], reason="overdue")
    ControlDecision.objects.create(
        case=case, kind="request_correction", new_due_date=dt.date(2026, 10, 1)
    )
    ControlDecision.objects.create(case=case, kind="accept")
    closed = SpecialControlCase.objects.create(
        contract=theirs[2], reason="returned", closed_at=dt.datetime(2026, 9, 1, tzinfo=dt.UTC)
    )
    ControlDecision.objects.create(case=closed, kind="refund", refund_amount=Decimal("1000"))
    return mine, theirs


def test_totals_equal_the_inputs(world, body, other_body):
    s = national_summary(year=2026)
    total = s["total"]
    assert total["projects"] == 6
    assert total["planned"] == Decimal("10000")
    assert total["amount"] == Decimal("9480.001")
    assert (total["coverage_planned"], total["coverage_reached"]) == (600, 120)
    assert (total["cases"], total["open_cases"], total["decisions"]) == (2, 1, 3)
    assert total["decision_kinds"] == {"request_correction": 1, "accept": 1, "refund": 1}
    assert total["score"] is None  # the evaluation fills it (seam)
    by_body = {r["key"]: r for r in s["by"]["body"]}
    assert by_body[body.pk]["amount"] == Decimal("4740.0005")
    assert (by_body[body.pk]["cases"], by_body[body.pk]["decisions"]) == (1, 2)
    assert (by_body[other_body.pk]["cases"], by_body[other_body.pk]["open_cases"]) == (1, 0)
    for dim in ("body", "area", "region"):
        rows = s["by"][dim]
        for field in ("projects", "planned", "amount", "coverage_planned", "cases", "decisions"):
            assert sum(r[field] for r in rows) == total[field], (dim, field)
    assert [r["number"] for r in s["by"]["area"]] == [1, 2]
    assert [r["projects"] for r in s["by"]["area"]] == [4, 2]
    assert len(s["by"]["region"]) == 2


def test_a_year_without_contracts_is_empty():
    s = national_summary(year=2019)
    assert s["total"]["projects"] == 0 and s["by"]["body"] == []


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_xlsx_has_the_tables_and_a_chart_pdf_renders(world, lang):
    data = national_summary(year=2026)
    content, _ = render_summary(data, lang=lang, fmt="xlsx", as_of=dt.date(2027, 3, 1))
    book = load_workbook(io.BytesIO(content))
    table, chart_sheet = book.worksheets
    values = [list(r) for r in table.iter_rows(values_only=True)]
    grand = next(r for r in values if r[1] == ("Барлығы" if lang == "kk" else "Всего"))
    assert grand[2:5] == [6, 10000, 9480.001]
    assert len(chart_sheet._charts) == 1
    assert [r[1] for r in chart_sheet.iter_rows(min_row=2, values_only=True)] == [
        7500.001,
        1980,
    ]
    pdf, content_type = render_summary(data, lang=lang, fmt="pdf")
    assert content_type == "application/pdf" and pdf.startswith(b"%PDF")


def test_due_31_march_moved_over_a_weekend():
    assert services.summary_get_or_open(year=2026).due_at == day_end(dt.date(2027, 3, 31))
    # 31 March 2029 is a Saturday: the next working day is Monday 2 April
    assert services.summary_get_or_open(year=2028).due_at == day_end(dt.date(2029, 4, 2))


def test_send_publishes_and_meets_the_due_item(world, authorized_user, body_user):
    with pytest.raises(NotPermitted):
        services.summary_send(actor=body_user, year=2026)
    summary = services.summary_send(actor=authorized_user, year=2026)
    assert summary.state == "sent"
    assert due.due_for(summary, SUMMARY_DUE).state == "met"
    entries = LedgerEntry.objects.filter(kind=DocumentKind.NATIONAL_SUMMARY)
    assert entries.count() == 4
    with pytest.raises(NotPermitted):
        services.summary_send(actor=authorized_user, year=2026)
    assert entries.count() == 4


def test_a_late_summary_is_notified_once(world, authorized_user):
    summary = services.summary_get_or_open(year=2026)
    after = day_end(dt.date(2027, 3, 31)) + dt.timedelta(seconds=1)
    due.run(now=after)
    due.run(now=after + dt.timedelta(hours=1))
    summary.refresh_from_db()
    assert summary.late_flagged_at == after
    assert AuditEvent.objects.filter(action="monitoring.summary.late").count() == 1
    assert (
        Outbox.objects.filter(
            kind="monitoring.summary.late", recipient=authorized_user, channel="in_app"
        ).count()
        == 1
    )


def test_api_and_page_for_the_authorized_body_only(world, authorized_user, body_user, client_for):
    api = APIClient()
    api.force_authenticate(body_user)
    assert api.get("/api/monitoring/summary/?year=2026").status_code == 403
    assert client_for(body_user).get("/monitoring/summary/?year=2026").status_code == 403
    api.force_authenticate(authorized_user)
    data = api.get("/api/monitoring/summary/?year=2026").json()
    assert data["total"]["projects"] == 6 and data["total"]["amount_thousand_tenge"] == "9480.001"
    assert api.get("/api/monitoring/summary/?year=20x6").status_code == 400
    page = client_for(authorized_user).get("/monitoring/summary/?year=2026")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="summary-chart"' in html and "monitoring/annexes/summary.js" in html
    assert "<script>" not in html


def test_the_shared_summary_is_read_once_and_again_after_a_change(world, django_assert_num_queries):
    """Issue 8: the page and its downloads share one read per data version."""
    from tapsyrys.monitoring.selectors.annexes import national_summary_shared

    mine, _theirs = world
    first = national_summary_shared(year=2026)
    with django_assert_num_queries(0):
        again = national_summary_shared(year=2026)
    assert again["total"] == first["total"]
    SpecialControlCase.objects.create(contract=mine[1], reason="overdue")  # a write: new version
    changed = national_summary_shared(year=2026)
    assert (changed["total"]["cases"], changed["total"]["open_cases"]) == (3, 2)
    assert national_summary(year=2026)["total"] == changed["total"]

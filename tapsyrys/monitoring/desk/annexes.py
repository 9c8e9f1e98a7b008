"""Annex 9 and the national summary on "My desk": the body's reports of the current periods
(due / late), the authorized body's late bodies and the summary due 31 March."""

from django.urls import reverse
from django.utils.translation import gettext as _

from tapsyrys.calendar.rules import local_date
from tapsyrys.core.permissions import check, is_body_staff

from ..models import NationalSummary
from ..rules import annexes as rules
from ..selectors import annexes as selectors


def cards(request, *, now):
    user = request.user
    if not getattr(user, "is_authenticated", False):
        return []
    if check(user, "monitoring.annex9.overview", None):
        return [_authorized_card(now)]
    if user.organisation_id and is_body_staff(user, user.organisation_id):
        card = _body_card(user, now)
        return [card] if card else []
    return []


def _body_card(user, now):
    items = []
    for report in selectors.body_desk(user.organisation_id, now=now):
        late = rules.is_late(due_at=report.due_at, submitted_at=report.submitted_at, now=now)
        if report.submitted_at:
            value, tone = _("submitted"), "warn" if late else "ok"
        else:
            value, tone = (_("late") if late else _("draft")), "bad" if late else "warn"
        items.append(
            {
                "key": f"monitoring.annex9.{report.year}.{report.period}",
                "label": _("Annex 9 for %(year)s, %(period)s: due %(date)s")
                % {
                    "year": report.year,
                    "period": report.get_period_display(),
                    "date": report.due_at.strftime("%d.%m.%Y") if report.due_at else "—",
                },
                "value": value,
                "url": reverse("monitoring:annex9", args=[report.pk]),
                "tone": tone,
            }
        )
    if not items:
        return None
    return {"title": _("Annex 9 reports"), "order": 40, "items": items}


def _authorized_card(now):
    today = local_date(now)
    items = []
    for year, period in selectors.current_periods(today):
        data = selectors.overview(year=year, period=period, now=now)
        url = reverse("monitoring:annex9_overview") + f"?year={year}&period={period}"
        items.append(
            {
                "key": f"monitoring.annex9.late.{year}.{period}",
                "label": _("Annex 9 for %(year)s, %(period)s: late bodies")
                % {"year": year, "period": dict(_periods())[period]},
                "value": data["late"],
                "url": url,
                "tone": "bad" if data["late"] else "ok",
                "hint": _("%(n)s of %(total)s submitted")
                % {"n": data["submitted"], "total": len(data["lines"])},
            }
        )
    summary_year = today.year - 1
    summary = NationalSummary.objects.filter(year=summary_year).first()
    due = rules.summary_due_date(summary_year)
    if summary is not None and summary.due_at:
        due = local_date(summary.due_at)
    sent = summary is not None and summary.sent_at is not None
    items.append(
        {
            "key": "monitoring.summary",
            "label": _("Information for the Government for %(year)s: due %(date)s")
            % {"year": summary_year, "date": due.strftime("%d.%m.%Y")},
            "value": _("sent") if sent else (_("late") if today > due else _("not sent")),
            "url": reverse("monitoring:summary") + f"?year={summary_year}",
            "tone": "ok" if sent else ("bad" if today > due else "warn"),
        }
    )
    return {"title": _("Monitoring reports"), "order": 40, "items": items}


def _periods():
    from ..models import Annex9Report

    return Annex9Report.Period.choices

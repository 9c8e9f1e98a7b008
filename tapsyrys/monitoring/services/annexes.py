"""Publishing Annex 5, preparing and submitting Annex 9, sending the national summary (M-8,
M-9, M-10). Each change: guard, transaction with the row locked, full_clean, event (X-AUDIT)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tapsyrys.calendar.rules import local_date
from tapsyrys.contracting.models import Contract
from tapsyrys.core import bilingual
from tapsyrys.core.due import DueItem, due_for, due_met
from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.events import record
from tapsyrys.core.permissions import guard
from tapsyrys.publishing.models import DocumentKind
from tapsyrys.publishing.services import ledger_append, ledger_publish_form

from ..deadlines.annexes import ANNEX9_DUE, SUMMARY_DUE, open_annex9_deadline, open_summary_deadline
from ..models import Annex9Report, NationalSummary
from ..models.annexes import TEXT_MAX
from ..rules import annexes as rules
from ..selectors import annexes as selectors

LANGS = ("kk", "ru")


def _entries_data(entries):
    return {
        "version": entries[0].version if entries else None,
        "entries": [{"seq": e.seq, "sha256": e.sha256} for e in entries],
    }


# --- Annex 5 -------------------------------------------------------------------------------------


def annex5_documents(contract, *, now=None, draft=False):
    from tapsyrys.publishing.annex5 import annex5_document

    data = selectors.annex5_data(contract)
    score = selectors.average_score(contract)
    edition = selectors.edition_on(contract.signed_on)
    as_of = local_date(now or timezone.now())
    return {
        lang: annex5_document(
            lang=lang,
            data=data,
            score=score,
            as_of=as_of,
            edition=edition.code if edition else None,
            draft=draft,
        )
        for lang in LANGS
    }


def require_bilingual_contract(contract):
    """X-I18N: Annex 5 prints the lot's name and description, the activities and the
    indicators in the form's language — each in Kazakh and Russian, or a translated
    ApplicationError naming the first empty field."""
    lot = contract.lot
    bilingual.require_both(lot, ("name", "description"), what=lot.number)
    for activity in contract.activities.order_by("no"):
        bilingual.require_both(activity, ("text",), what=activity.text)
    for indicator in contract.indicators.order_by("no"):
        bilingual.require_both(indicator, ("name",), what=indicator.name)


def annex5_publish(*, actor, contract, now=None):
    """The body publishes (or re-publishes: a new version) the project's Annex 5 (§12)."""
    guard(actor, "monitoring.annex5.publish", contract)
    now = now or timezone.now()
    with transaction.atomic():
        contract = Contract.objects.select_for_update().get(pk=contract.pk)
        require_bilingual_contract(contract)
        documents = annex5_documents(contract, now=now)
        entries = ledger_publish_form(
            kind=DocumentKind.ANNEX5,
            obj=contract,
            documents=documents,
            stem=f"annex5_{contract.pk}",
            label=f"№ {contract.number}",
            actor=actor,
            now=now,
        )
        record(contract, "monitoring.annex5.published", actor=actor, data=_entries_data(entries))
    return entries


# --- Annex 9 -------------------------------------------------------------------------------------


def annex9_open(*, actor, body, year, period, now=None):
    """The body's report for a year and period (made once, with its due item)."""
    guard(actor, "monitoring.annex9.open", body)
    year = rules.check_year(year)
    period = rules.check_period(period)
    now = now or timezone.now()
    with transaction.atomic():
        report, created = Annex9Report.objects.get_or_create(
            body=body, year=year, period=period, defaults={"created_at": now}
        )
        if created or due_for(report, ANNEX9_DUE) is None:
            open_annex9_deadline(report, now=now)
            report.refresh_from_db()
            record(report, "monitoring.annex9.opened", actor=actor, data={"year": year})
    return report


def annex9_track(*, actor, year, period, now=None):
    """The authorized body starts tracking a period: every state body with a contract in it
    gets its draft report and due item (set-based; bodies that have one keep it). Returns the
    number of reports made."""
    from simple_history.utils import bulk_create_with_history

    from tapsyrys.core.events import record_many

    guard(actor, "monitoring.annex9.overview", None)
    year = rules.check_year(year)
    period = rules.check_period(period)
    now = now or timezone.now()
    with transaction.atomic():
        have = set(
            Annex9Report.objects.filter(year=year, period=period).values_list("body_id", flat=True)
        )
        missing = sorted(selectors.expected_bodies(year, period) - have)
        new = [Annex9Report(body_id=b, year=year, period=period, created_at=now) for b in missing]
        bulk_create_with_history(new, Annex9Report, batch_size=500)
        made = list(Annex9Report.objects.filter(year=year, period=period, body_id__in=missing))
        for report in made:
            open_annex9_deadline(report, now=now)
        record_many(made, "monitoring.annex9.opened", now=now, data={"year": year, "by": actor.pk})
    return len(made)


def _clean_text(value, field, max_length):
    text = str(value or "").strip()
    if len(text) > max_length:
        raise ApplicationError(_("At most %(n)d characters.") % {"n": max_length}, field=field)
    return text


def annex9_save(*, actor, report, head_name=None, head_position=None, positive_effects=None):
    """The draft's first head and, in the year report, the positive effect per project."""
    guard(actor, "monitoring.annex9.edit", report)
    with transaction.atomic():
        report = Annex9Report.objects.select_for_update().get(pk=report.pk)
        guard(actor, "monitoring.annex9.edit", report)
        old = {
            "head_name": report.head_name,
            "head_position": report.head_position,
            "positive_effects": dict(report.positive_effects or {}),
        }
        if head_name is not None:
            report.head_name = _clean_text(head_name, "head_name", 200)
        if head_position is not None:
            report.head_position = _clean_text(head_position, "head_position", 300)
        if positive_effects is not None:
            if not isinstance(positive_effects, dict):
                raise ApplicationError(
                    _("The positive effects are texts per project."), field="positive_effects"
                )
            if positive_effects and not rules.shows_scores(report.period):
                raise ApplicationError(
                    _("The positive effect is reported in the year report only."),
                    field="positive_effects",
                )
            allowed = {
                str(pk)
                for pk in selectors.period_contracts(
                    report.year, report.period, body_ids=[report.body_id]
                ).values_list("pk", flat=True)
            }
            effects = {}
            for key, text in positive_effects.items():
                if str(key) not in allowed:
                    raise ApplicationError(
                        _("This project is not in the body's report."), field="positive_effects"
                    )
                text = _clean_text(text, "positive_effects", TEXT_MAX)
                if text:
                    effects[str(key)] = text
            report.positive_effects = effects
        new = {
            "head_name": report.head_name,
            "head_position": report.head_position,
            "positive_effects": report.positive_effects,
        }
        changes = {k: [old[k], new[k]] for k in new if old[k] != new[k]}
        report.full_clean()
        report.save()
        record(report, "monitoring.annex9.saved", actor=actor, changes=changes)
    return report


def annex9_documents(report, *, now=None, draft=False):
    from tapsyrys.publishing.annex9 import annex9_document

    _, end = rules.period_bounds(report.year, report.period)
    edition = selectors.edition_on(end)
    groups = selectors.annex9_groups(edition, selectors.report_rows(report))
    body = {"name_kk": report.body.name_kk, "name_ru": report.body.name_ru}
    as_of = local_date(now or timezone.now())
    return {
        lang: annex9_document(
            lang=lang,
            year=report.year,
            period=report.period,
            body=body,
            groups=groups,
            head_name=report.head_name,
            head_position=report.head_position,
            as_of=as_of,
            edition=edition.code if edition else None,
            draft=draft,
        )
        for lang in LANGS
    }


def annex9_submit(*, actor, report, now=None):
    """The body submits the report, signed by the first head: published in the ledger (kk and
    ru, xlsx and PDF), the due item met (or, if late, the submission dated after it)."""
    guard(actor, "monitoring.annex9.submit", report)
    now = now or timezone.now()
    with transaction.atomic():
        report = Annex9Report.objects.select_for_update().select_related("body").get(pk=report.pk)
        guard(actor, "monitoring.annex9.submit", report)
        if not report.head_name.strip():
            raise ApplicationError(
                _("Enter the first head's full name: the report is signed by the first head."),
                field="head_name",
            )
        if not report.head_position.strip():
            raise ApplicationError(_("Enter the first head's position."), field="head_position")
        if report.due_at is None:
            open_annex9_deadline(report, now=now)
            report.refresh_from_db()
        documents = annex9_documents(report, now=now)
        report.state = Annex9Report.State.SUBMITTED
        report.submitted_at = now
        report.submitted_by = actor
        report.full_clean()
        report.save()
        item = due_for(report, ANNEX9_DUE)
        if item is not None and item.state == DueItem.State.OPEN:
            due_met(report, ANNEX9_DUE, now=now)
        entries = ledger_publish_form(
            kind=DocumentKind.ANNEX9,
            obj=report,
            documents=documents,
            stem=f"annex9_{report.year}_{report.period}_{report.body_id}",
            label=str(report),
            actor=actor,
            now=now,
        )
        late = rules.is_late(due_at=report.due_at, submitted_at=now)
        record(
            report,
            "monitoring.annex9.submitted",
            actor=actor,
            changes={"state": ["draft", "submitted"]},
            data={"late": late, **_entries_data(entries)},
        )
    return report


# --- The national summary ------------------------------------------------------------------------


def summary_get_or_open(*, year, now=None):
    """The summary row of a year (with its due item), made on first use; no user action."""
    year = rules.check_year(year)
    summary, created = NationalSummary.objects.get_or_create(
        year=year, defaults={"created_at": now or timezone.now()}
    )
    if created or due_for(summary, SUMMARY_DUE) is None:
        open_summary_deadline(summary, now=now)
        summary.refresh_from_db()
    return summary


def summary_track(*, actor, year, now=None):
    """The authorized body starts tracking the year's 31 March deadline (§11)."""
    guard(actor, "monitoring.summary.view", None)
    year = rules.check_year(year)
    with transaction.atomic():
        existed = NationalSummary.objects.filter(year=year).exists()
        summary = summary_get_or_open(year=year, now=now)
        if not existed:
            record(summary, "monitoring.summary.opened", actor=actor, data={"year": year})
    return summary


def summary_send(*, actor, year, now=None):
    """The authorized body sends the year's Information to the Government (§11): its xlsx and
    PDF in kk and ru are appended to the ledger; the due item is met."""
    from tapsyrys.publishing.national_summary import render_summary

    guard(actor, "monitoring.summary.send", None)
    year = rules.check_year(year)
    now = now or timezone.now()
    with transaction.atomic():
        summary = summary_get_or_open(year=year, now=now)
        summary = NationalSummary.objects.select_for_update().get(pk=summary.pk)
        guard(actor, "monitoring.summary.send", summary)
        data = selectors.national_summary(year=year)
        if not data["total"]["projects"]:
            raise ApplicationError(
                _("There are no contracts of this year to report."), field="year"
            )
        rendered = [
            (lang, fmt, *render_summary(data, lang=lang, fmt=fmt, as_of=local_date(now)))
            for lang in LANGS
            for fmt in ("xlsx", "pdf")
        ]
        summary.state = NationalSummary.State.SENT
        summary.sent_at = now
        summary.sent_by = actor
        summary.full_clean()
        summary.save()
        item = due_for(summary, SUMMARY_DUE)
        if item is not None and item.state == DueItem.State.OPEN:
            due_met(summary, SUMMARY_DUE, now=now)
        entries = [
            ledger_append(
                kind=DocumentKind.NATIONAL_SUMMARY,
                obj=summary,
                language=lang,
                format=fmt,
                content=content,
                media_type=media_type,
                stem=f"national_summary_{year}",
                label=str(year),
                actor=actor,
                now=now,
            )
            for lang, fmt, content, media_type in rendered
        ]
        record(
            summary,
            "monitoring.summary.sent",
            actor=actor,
            changes={"state": ["draft", "sent"]},
            data=_entries_data(entries),
        )
    return summary

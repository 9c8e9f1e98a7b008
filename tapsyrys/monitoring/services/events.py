"""Monitoring plans and events (M-1, M-2, M-3, M-6): every write goes through these services.

`event_plan` puts an event in a contract's plan (the body's, or the assigned expert's);
`event_update` records the four indicators, the tools, the evidence, the findings and the
measures; `event_complete` checks that all four indicators and two or more tools are there,
writes `held_on`, publishes the per-project monitoring report (kk/ru × xlsx/PDF) in the ledger
and tells the NGO. Each refusal is an ApplicationError naming the field; nothing is written."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tapsyrys.calendar.rules import local_date
from tapsyrys.contracting.models import Contract
from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.events import record
from tapsyrys.core.files import store_upload
from tapsyrys.core.models import MonitoringTool
from tapsyrys.core.permissions import guard
from tapsyrys.monitoring.models import (
    EventActivity,
    EventCompliance,
    EventCoverage,
    EventEvidence,
    EventSurvey,
    MonitoringEvent,
    MonitoringPlanYear,
    StandardThreshold,
)
from tapsyrys.monitoring.models.events import EVENT_TEXT_MAX
from tapsyrys.monitoring.rules import events as rules
from tapsyrys.monitoring.selectors import events as selectors

MAX_COUNT = 10_000_000  # people, stories, hours: a bound far above any real project
MAX_LINKS = 20
MAX_UPLOADS = 10
OVERALL = "overall"  # the compliance key when the contract names no service type
UPDATABLE = ("planned_on", "tools", "findings", "measures", "activities", "surveys",
             "coverage", "compliance", "links")  # fmt: skip


def upload_limit_mb():
    return settings.UPLOAD_MAX_BYTES // (1024 * 1024)


def _ensure_running(contract):
    if contract.status not in rules.RUNNING_STATUSES:
        raise ApplicationError(
            _("Monitoring events are planned and recorded only on an active or suspended contract.")
        )


def _parse_date(value, field):
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise ApplicationError(_("Enter a valid date."), field=field) from None


def ensure_plan_years(contract, *, now=None):
    """The contract's MonitoringPlanYear rows and their `monitoring.plan_minimum` due items."""
    from tapsyrys.monitoring.deadlines.events import open_plan_year_deadlines

    existing = set(
        MonitoringPlanYear.objects.filter(contract=contract).values_list("year", flat=True)
    )
    made = []
    for year in rules.implementation_years(contract.starts_on, contract.ends_on):
        if year in existing:
            continue
        due_on = rules.minimum_due_on(year, contract.starts_on, contract.ends_on)
        made.append(MonitoringPlanYear(contract=contract, year=year, due_on=due_on))
    if made:
        for row in made:
            row.full_clean(validate_unique=False)
            row.save()
        open_plan_year_deadlines(made, now=now)
    return made


def event_plan(*, contract, actor, planned_on, now=None):
    """Put a monitoring event in the plan: within the implementation period and, outside the
    2021 edition, at most 5 in its calendar year (M-1)."""
    guard(actor, "monitoring.event.plan", contract)
    _ensure_running(contract)
    day = _parse_date(planned_on, "planned_on")
    rules.check_event_date(day, starts_on=contract.starts_on, ends_on=contract.ends_on)
    edition = selectors.edition_code(contract)
    with transaction.atomic():
        Contract.objects.select_for_update().filter(pk=contract.pk).first()
        count = MonitoringEvent.objects.filter(contract=contract, year=day.year).count()
        rules.check_room_in_year(count, edition=edition)
        event = MonitoringEvent(
            contract=contract,
            year=day.year,
            planned_on=day,
            planned_by=actor,
            created_at=now or timezone.now(),
        )
        event.full_clean()
        event.save()
        ensure_plan_years(contract, now=now)
        record(
            event,
            "monitoring.event.planned",
            actor=actor,
            data={"planned_on": day.isoformat(), "year": day.year, "in_year": count + 1},
        )
    return event


def _text(value, field):
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ApplicationError(_("Enter text."), field=field)
    if len(value) > EVENT_TEXT_MAX:
        raise ApplicationError(_("At most %(n)s characters.") % {"n": EVENT_TEXT_MAX}, field=field)
    return value.replace("\x00", "")


def _tools(values):
    if not isinstance(values, list | tuple):
        raise ApplicationError(_("Choose the monitoring tools."), field="tools")
    keys = {str(v).strip() for v in values if str(v).strip()}
    found = list(MonitoringTool.objects.filter(code__in=keys)) + list(
        MonitoringTool.objects.filter(pk__in=[k for k in keys if k.isdigit()])
    )
    by_key = {t.code: t for t in found} | {str(t.pk): t for t in found}
    if keys - set(by_key):
        raise ApplicationError(_("Unknown monitoring tool."), field="tools")
    tools = sorted({t.pk: t for t in found}.values(), key=lambda t: t.pk)
    rules.check_tools(len(tools))
    return tools


def _mapping(values, field):
    if values is None:
        return {}
    if not isinstance(values, dict):
        raise ApplicationError(_("Unknown row in this section."), field=field)
    return values


def _activities(values, contract):
    rows = []
    ids = {str(a.pk): a for a in contract.activities.all()}
    for key, value in _mapping(values, "activities").items():
        if str(key) not in ids:
            raise ApplicationError(_("Unknown row in this section."), field="activities")
        value = value if isinstance(value, dict) else {"status": value}
        status = value.get("status") or ""
        field = f"activity_{key}_status"
        if not status:
            continue
        if status not in EventActivity.Status.values:
            raise ApplicationError(_("Choose done, partly done or not done."), field=field)
        evidence = _text(value.get("evidence"), f"activity_{key}_evidence")
        rows.append(EventActivity(activity=ids[str(key)], status=status, evidence=evidence))
    return rows


def _surveys(values):
    forms = {t.code: t for t in StandardThreshold.objects.all()}
    forms |= {str(t.pk): t for t in forms.values()}
    rows = []
    for key, value in _mapping(values, "surveys").items():
        form = forms.get(str(key))
        if form is None or not isinstance(value, dict):
            raise ApplicationError(_("Unknown form of service."), field="surveys")
        prefix = f"survey_{form.code}"
        numbers = {
            "respondents": rules.parse_number(
                value.get("respondents"), field=f"{prefix}_respondents", integer=True,
                maximum=MAX_COUNT,
            ),
            "satisfied_pct": rules.parse_number(
                value.get("satisfied_pct"), field=f"{prefix}_satisfied_pct", maximum=100
            ),
        }  # fmt: skip
        for name in ("success_stories", "participants", "duration_hours",
                     "trainer_experience_years"):  # fmt: skip
            numbers[name] = rules.parse_number(
                value.get(name), field=f"{prefix}_{name}", integer=True, maximum=MAX_COUNT
            )
        if all(v is None for v in numbers.values()):
            continue  # a form not used at this event
        for required in ("respondents", "satisfied_pct"):
            if numbers[required] is None:
                raise ApplicationError(
                    _("Enter the number of respondents and the share satisfied."),
                    field=f"{prefix}_{required}",
                )
        if numbers["satisfied_pct"] is not None:
            numbers["satisfied_pct"] = numbers["satisfied_pct"].quantize(Decimal("0.01"))
        rows.append(EventSurvey(form=form, **numbers))
    return rows


def _coverage(values, contract):
    groups = {str(g.pk): g for g in contract.target_groups.all()}
    rows = []
    for key, value in _mapping(values, "coverage").items():
        if str(key) not in groups:
            raise ApplicationError(_("Unknown row in this section."), field="coverage")
        reached = rules.parse_number(
            value, field=f"coverage_{key}", integer=True, maximum=MAX_COUNT
        )
        if reached is not None:
            rows.append(EventCoverage(target_group=groups[str(key)], reached=reached))
    return rows


def _compliance(values, contract):
    types = {str(t.pk): t for t in contract.service_types.all()}
    rows = []
    for key, value in _mapping(values, "compliance").items():
        key = str(key)
        if key == OVERALL and not types:
            service_type = None
        elif key in types:
            service_type = types[key]
        else:
            raise ApplicationError(_("Unknown row in this section."), field="compliance")
        value = value if isinstance(value, dict) else {"verdict": value}
        verdict = value.get("verdict") or ""
        if not verdict:
            continue
        if verdict not in EventCompliance.Verdict.values:
            raise ApplicationError(
                _("Choose complies, complies partly or does not comply."),
                field=f"compliance_{key}_verdict",
            )
        comment = _text(value.get("comment"), f"compliance_{key}_comment")
        rows.append(EventCompliance(service_type=service_type, verdict=verdict, comment=comment))
    return rows


def _links(values):
    if values is None:
        return []
    if isinstance(values, str):
        values = values.split()
    if not isinstance(values, list | tuple):
        raise ApplicationError(_("Enter one link per line."), field="links")
    links = [str(v).strip() for v in values if str(v).strip()]
    if len(links) > MAX_LINKS:
        raise ApplicationError(_("At most %(n)s links.") % {"n": MAX_LINKS}, field="links")
    validate = URLValidator(schemes=["http", "https"])
    for link in links:
        if len(link) > 500:
            raise ApplicationError(_("A link is too long."), field="links")
        try:
            validate(link)
        except ValidationError:
            raise ApplicationError(
                _("Enter a valid link (http:// or https://): %(link)s") % {"link": link[:80]},
                field="links",
            ) from None
    return links


def event_update(*, event, actor, data, uploads=(), now=None):
    """Record the event's indicators, tools, evidence, findings and measures.

    `data` keys (each optional; a given section replaces the stored one): planned_on, tools
    [codes or ids], findings, measures, activities {activity id: {status, evidence}}, surveys
    {form code: {respondents, satisfied_pct, success_stories, participants, duration_hours,
    trainer_experience_years}}, coverage {target group id: reached}, compliance {service
    type id or "overall": {verdict, comment}}, links [URLs to add]. `uploads`: files to add."""
    guard(actor, "monitoring.event.update", event)
    contract = event.contract
    _ensure_running(contract)
    if not isinstance(data, dict):
        raise ApplicationError(_("Unknown field."), field="data")
    unknown = set(data) - set(UPDATABLE)
    if unknown:
        raise ApplicationError(_("These fields cannot be changed here."), field=sorted(unknown)[0])
    uploads = [u for u in uploads if u is not None]
    if len(uploads) > MAX_UPLOADS:
        raise ApplicationError(
            _("At most %(n)s files at once.") % {"n": MAX_UPLOADS}, field="files"
        )
    # Everything is checked before anything is written.
    changes = {}
    counts = {}
    planned_on = None
    if "planned_on" in data and data["planned_on"] not in (None, ""):
        planned_on = _parse_date(data["planned_on"], "planned_on")
        rules.check_event_date(planned_on, starts_on=contract.starts_on, ends_on=contract.ends_on)
    tools = _tools(data["tools"]) if "tools" in data else None
    texts = {k: _text(data[k], k) for k in ("findings", "measures") if k in data}
    sections = {}
    if "activities" in data:
        sections["activities"] = _activities(data["activities"], contract)
    if "surveys" in data:
        sections["surveys"] = _surveys(data["surveys"])
    if "coverage" in data:
        sections["coverage"] = _coverage(data["coverage"], contract)
    if "compliance" in data:
        sections["compliance"] = _compliance(data["compliance"], contract)
    links = _links(data.get("links"))
    with transaction.atomic():
        locked = MonitoringEvent.objects.select_for_update().get(pk=event.pk)
        if locked.is_completed:
            raise ApplicationError(_("A completed monitoring event cannot be changed."))
        if planned_on is not None and planned_on != locked.planned_on:
            if planned_on.year != locked.year:
                Contract.objects.select_for_update().filter(pk=contract.pk).first()
                count = MonitoringEvent.objects.filter(
                    contract=contract, year=planned_on.year
                ).count()
                rules.check_room_in_year(count, edition=selectors.edition_code(contract))
            changes["planned_on"] = [locked.planned_on.isoformat(), planned_on.isoformat()]
            locked.planned_on, locked.year = planned_on, planned_on.year
        for key, value in texts.items():
            if getattr(locked, key) != value:
                changes[key] = [getattr(locked, key), value]
                setattr(locked, key, value)
        locked.monitor = actor
        locked.full_clean()
        locked.save()
        if tools is not None:
            before = sorted(locked.tools.values_list("code", flat=True))
            locked.tools.set(tools)
            after = sorted(t.code for t in tools)
            if before != after:
                changes["tools"] = [before, after]
        for name, rows in sections.items():
            related = getattr(locked, name)
            related.all().delete()  # a planned event's section is replaced as a whole
            for row in rows:
                row.event = locked
                row.full_clean()
            related.model.objects.bulk_create(rows)
            counts[name] = len(rows)
        added = []
        for link in links:
            added.append(EventEvidence(event=locked, url=link))
        for upload in uploads:
            stored = store_upload(
                upload,
                actor=actor,
                owner_org=contract.body,
                viewer_org=contract.supplier,
                field="files",
            )
            added.append(EventEvidence(event=locked, file=stored))
        for row in added:
            row.full_clean()
        EventEvidence.objects.bulk_create(added)
        if added:
            counts["evidence_added"] = len(added)
        record(locked, "monitoring.event.updated", actor=actor, changes=changes, data=counts)
    return locked


def event_complete(*, event, actor, held_on=None, now=None):
    """Complete the event: all four indicators and two or more tools recorded; `held_on`
    (default: today) within the period and not in the future; the monitoring report is
    published in the ledger (kk/ru × xlsx/PDF) and the NGO is told."""
    from tapsyrys.publishing.models import DocumentKind
    from tapsyrys.publishing.monitoring_report import monitoring_report_document
    from tapsyrys.publishing.services import ledger_publish_form

    guard(actor, "monitoring.event.complete", event)
    contract = event.contract
    _ensure_running(contract)
    now = now or timezone.now()
    today = local_date(now)
    day = _parse_date(held_on, "held_on") if held_on not in (None, "") else today
    rules.check_event_date(
        day, starts_on=contract.starts_on, ends_on=contract.ends_on, field="held_on"
    )
    if day > today:
        raise ApplicationError(
            _("An event cannot be completed before it is held."), field="held_on"
        )
    with transaction.atomic():
        locked = MonitoringEvent.objects.select_for_update().get(pk=event.pk)
        if locked.is_completed:
            raise ApplicationError(_("This monitoring event is already completed."))
        missing = selectors.completeness(locked, contract)
        if missing:
            field, _label = missing[0]
            raise ApplicationError(
                _("Record before completing: %(what)s.")
                % {"what": "; ".join(str(label) for _f, label in missing)},
                field=field,
            )
        if day.year != locked.year:
            Contract.objects.select_for_update().filter(pk=contract.pk).first()
            count = MonitoringEvent.objects.filter(contract=contract, year=day.year).count()
            rules.check_room_in_year(
                count, edition=selectors.edition_code(contract), field="held_on"
            )
        before = locked.status
        locked.held_on, locked.year = day, day.year
        locked.status = MonitoringEvent.Status.COMPLETED
        locked.completed_at = now
        locked.monitor = actor
        locked.full_clean()
        locked.save()
        full = selectors.event_get(locked.pk)
        documents = {
            lang: monitoring_report_document(**selectors.report_data(full), lang=lang)
            for lang in ("kk", "ru")
        }
        entries = ledger_publish_form(
            kind=DocumentKind.MONITORING_REPORT,
            obj=full,
            documents=documents,
            stem=f"monitoring-report-{contract.number}-{day.isoformat()}",
            label={
                "kk": f"№ {contract.number} шарт бойынша мониторинг есебі, {day:%d.%m.%Y}",
                "ru": f"Отчёт о мониторинге по договору № {contract.number}, {day:%d.%m.%Y}",
            },
            actor=actor,
            now=now,
        )
        record(
            full,
            "monitoring.event.completed",
            actor=actor,
            changes={"status": [before, full.status], "held_on": [None, day.isoformat()]},
            data={"ledger": [{"seq": e.seq, "sha256": e.sha256} for e in entries]},
        )
    return full

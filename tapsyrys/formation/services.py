"""Every state change of formation (one recipe: permission → lock → validate → save → audit →
notify on commit). Errors are translated ApplicationErrors naming the field."""

import json
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from tapsyrys.calendar.rules import date_problem, local_date
from tapsyrys.calendar.selectors import current_calendar
from tapsyrys.core import bilingual
from tapsyrys.core.audit import diff, log_action
from tapsyrys.core.due import due_met
from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.events import record
from tapsyrys.core.files import store_upload
from tapsyrys.core.models import EditionArea, Organisation, ServiceType
from tapsyrys.core.permissions import require
from tapsyrys.core.reference import edition_on
from tapsyrys.core.services import full_clean_or_raise

from . import deadlines, rules, selectors
from .models import (
    COMMENT_MAX_LENGTH,
    JUSTIFICATION_MAX_LENGTH,
    NAME_MAX_LENGTH,
    Comment,
    CommentDecision,
    Cycle,
    Evidence,
    EvidenceKind,
    Publication,
    Stage,
    Topic,
    TopicProposal,
)

TOPIC_TEXT_FIELDS = ("theme_kk", "theme_ru")
# X-I18N: the paired texts of a topic. A draft needs each required one in at least one
# language; publishing (Annex 1, Annex 3) needs both languages (`bilingual.require_both`).
TOPIC_BILINGUAL = ("theme", "justification", "target_group", "expected_result")
TOPIC_BILINGUAL_OPTIONAL = ("summary",)
LEGACY_TOPIC_TEXTS = ("justification", "target_group", "expected_result", "summary")


class CommentsThrottled(ApplicationError):
    """Too many comments in the window (TAPSYRYS_COMMENT_RATE_*)."""

    status_code = 429


class DiscussionClosed(ApplicationError):
    """A comment after the end of the discussion (§7.2: not considered)."""

    status_code = 409


def _now(now):
    return now or timezone.now()


def _locked(model, pk):
    return model.objects.select_for_update().get(pk=pk)


# --- Cycle --------------------------------------------------------------------------------------


def cycle_open(*, body, year, actor, budget_limit=None, now=None):
    require(actor, "formation.cycle.create", body)
    now = _now(now)
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ApplicationError(_("Enter the year as four digits."), field="year") from None
    this_year = local_date(now).year
    if not this_year - 1 <= year <= this_year + 2:
        raise ApplicationError(
            _("A cycle can be opened for %(first)d to %(last)d.")
            % {"first": this_year - 1, "last": this_year + 2},
            field="year",
        )
    limit = None
    if budget_limit not in (None, ""):
        limit = _amount(budget_limit, field="budget_limit")
    calendar = current_calendar()
    council = rules.annex3_council_deadline(
        year=year, is_central=body.is_central, calendar=calendar
    )
    publication = rules.annex3_publication_deadline(year=year, calendar=calendar)
    cycle = Cycle(
        body=body,
        year=year,
        edition=edition_on(local_date(now)),
        budget_limit=limit,
        annex3_due_at=council.ends_at,
        publication_due_at=publication.ends_at,
        created_by=actor,
        created_at=now,
    )
    exists = ApplicationError(
        _("Your body already has a formation cycle for %(year)d.") % {"year": year},
        field="year",
        code="cycle_exists",
    )
    try:
        with transaction.atomic():
            # Create-once (X-ACL races): concurrent openings for one body queue on its row; the
            # second sees the first's cycle. The unique constraint (body, year) backs it up.
            Organisation.objects.select_for_update().filter(pk=body.pk).first()
            if Cycle.objects.filter(body=body, year=year).exists():
                raise exists
            # validated under the lock: full_clean also checks the (body, year) constraint,
            # which a concurrent opening that just committed would fail without naming "year"
            full_clean_or_raise(cycle, validate_unique=False)
            cycle.save()
            deadlines.open_cycle_deadlines(cycle, now=now)
            log_action(cycle, "formation.cycle.opened", actor=actor, data={"year": year})
    except IntegrityError as exc:
        raise exists from exc
    return cycle


def cycle_set_limit(*, cycle, actor, budget_limit):
    require(actor, "formation.cycle.edit", cycle)
    limit = None if budget_limit in (None, "") else _amount(budget_limit, field="budget_limit")
    with transaction.atomic():
        cycle = _locked(Cycle, cycle.pk)
        rules.ensure_allowed(cycle.stage, "edit_topics")
        total = cycle.topics.aggregate(s=Sum("financing"))["s"] or Decimal(0)
        if limit is not None and total > limit:
            raise ApplicationError(
                _("The planned topics already total %(total)s thousand tenge, above this limit.")
                % {"total": rules.thousands_text(total)},
                field="budget_limit",
            )
        old = cycle.budget_limit
        cycle.budget_limit = limit
        cycle.save(update_fields=["budget_limit"])
        log_action(
            cycle, "formation.cycle.limit_set", actor=actor, changes={"budget_limit": [old, limit]}
        )
    return cycle


def _amount(value, *, field):
    try:
        amount = rules.check_financing(value)
    except ApplicationError as exc:
        raise ApplicationError(exc.message, field=field) from None
    return amount


# --- Evidence (F-2) -----------------------------------------------------------------------------


def _titles(title=None, title_kk=None, title_ru=None):
    """(title_kk, title_ru): a plain `title` (the API's older field) stands for both."""
    kk = (title_kk if title_kk is not None else title or "").strip()
    ru = (title_ru if title_ru is not None else title or "").strip()
    return kk, ru


def evidence_add(
    *, body, actor, kind, date, title=None, title_kk=None, title_ru=None, description="",
    upload=None,
):  # fmt: skip
    require(actor, "formation.evidence.edit", body)
    if kind not in EvidenceKind.values:
        raise ApplicationError(_("Choose one of the nine kinds of sources (§7.1)."), field="kind")
    title_kk, title_ru = _titles(title, title_kk, title_ru)
    if not (title_kk or title_ru):
        raise ApplicationError(_("Enter the title of the source."), field=bilingual.active("title"))
    if date is None:
        raise ApplicationError(_("Enter the date of the document."), field="date")
    problem = date_problem(date, timezone.localdate())  # 0001 would silence the 2-year warning
    if problem:
        raise ApplicationError(problem, field="date")
    with transaction.atomic():
        document = None
        if upload is not None:
            document = store_upload(upload, actor=actor, owner_org=body, field="document")
        evidence = Evidence(
            body=body,
            kind=kind,
            title_kk=title_kk,
            title_ru=title_ru,
            date=date,
            description=description or "",
            document=document,
            created_by=actor,
        )
        full_clean_or_raise(evidence)
        evidence.save()
        log_action(evidence, "formation.evidence.added", actor=actor, data={"kind": kind})
    return evidence


def evidence_from_evaluation(*, body, contract, area, title, date, description, actor, now=None):
    """E-9 (§13.3): an evaluation's results and recommendations into the body's register as a
    source of kind MONITORING, linked to the project and its area, so the body's next
    formation cycle cites it. Called by the evaluation when its Annex 8 report is posted; one
    row per project (a second call updates it)."""
    require(actor, "formation.evidence.edit", body)
    if contract is None:
        raise ApplicationError(_("Name the evaluated project."), field="contract")
    if contract.body_id != body.pk:
        raise ApplicationError(_("The project belongs to another state body."), field="contract")
    with transaction.atomic():
        evidence = Evidence.objects.select_for_update().filter(contract=contract).first()
        created = evidence is None
        before = {} if created else {"title": evidence.title_ru, "date": str(evidence.date)}
        evidence = evidence or Evidence(
            body=body, contract=contract, kind=EvidenceKind.MONITORING, created_by=actor
        )
        evidence.area = area
        # `title`: {"kk": …, "ru": …} (the evaluation renders it in both) or one text for both
        titles = title if isinstance(title, dict) else {"kk": title, "ru": title}
        evidence.title_kk = str(titles.get("kk") or titles.get("ru") or "")[:500]
        evidence.title_ru = str(titles.get("ru") or titles.get("kk") or "")[:500]
        evidence.date = date
        evidence.description = (description or "")[:4000]
        if now is not None and created:
            evidence.created_at = now
        full_clean_or_raise(evidence)
        evidence.save()
        log_action(
            evidence,
            "formation.evidence.added" if created else "formation.evidence.updated",
            actor=actor,
            changes=None if created else {"title": [before["title"], evidence.title_ru]},
            data={"kind": EvidenceKind.MONITORING, "contract": contract.pk, "source": "evaluation"},
        )
    return evidence


# --- Topics (F-3) -------------------------------------------------------------------------------


def _legacy_texts(fields):
    """A plain `justification` (… `summary`) — the API's and older callers' single text —
    stands for both languages unless `_kk` / `_ru` are given."""
    for prefix in LEGACY_TOPIC_TEXTS:
        if prefix in fields:
            value = fields.pop(prefix)
            for name in bilingual.field_names(prefix):
                fields.setdefault(name, value)
    return fields


def _clean_topic_input(cycle, *, area, sources, fields, topic=None):
    for name in TOPIC_TEXT_FIELDS:
        if name in fields and not str(fields[name] or "").strip():
            raise ApplicationError(_("This field is required."), field=name)
    for name in fields:
        if isinstance(fields[name], str):
            fields[name] = fields[name].strip()
    for prefix in TOPIC_BILINGUAL[1:]:
        names = bilingual.field_names(prefix)
        if not any(name in fields for name in names):
            continue
        values = [fields.get(n, getattr(topic, n, "")) for n in names]
        if not any(str(v or "").strip() for v in values):
            raise ApplicationError(_("This field is required."), field=bilingual.active(prefix))
    if "financing" in fields:
        fields["financing"] = rules.check_financing(fields["financing"])
    area_id = getattr(area, "pk", area)
    if area is not None:
        try:
            area_id = int(area_id)
        except (TypeError, ValueError):
            raise ApplicationError(_("Choose an area."), field="area") from None
        if not EditionArea.objects.filter(edition_id=cycle.edition_id, area_id=area_id).exists():
            raise ApplicationError(
                _("This area does not exist in the edition of the Rules of this cycle."),
                field="area",
            )
    source_ids = None
    if sources is not None:
        source_ids = sorted({int(getattr(s, "pk", s)) for s in sources})
        if not source_ids:
            raise ApplicationError(
                _("Cite at least one source of information for the topic (§7.1)."),
                field="sources",
            )
        found = Evidence.objects.filter(body_id=cycle.body_id, pk__in=source_ids).count()
        if found != len(source_ids):
            raise ApplicationError(
                _("Cite only sources from your body's register."), field="sources"
            )
    return area_id, source_ids


def topic_create(*, cycle, actor, area, sources, **fields):
    require(actor, "formation.cycle.edit", cycle)
    _legacy_texts(fields)
    for prefix in (*TOPIC_BILINGUAL, *TOPIC_BILINGUAL_OPTIONAL):
        for name in bilingual.field_names(prefix):
            fields.setdefault(name, "")
    fields.setdefault("financing", "")
    with transaction.atomic():
        cycle = _locked(Cycle, cycle.pk)
        rules.ensure_allowed(cycle.stage, "edit_topics")
        area_id, source_ids = _clean_topic_input(cycle, area=area, sources=sources, fields=fields)
        total = cycle.topics.aggregate(s=Sum("financing"))["s"] or Decimal(0)
        rules.check_within_limit(total=total + fields["financing"], limit=cycle.budget_limit)
        number = (cycle.topics.aggregate(n=Max("number"))["n"] or 0) + 1
        topic = Topic(cycle=cycle, number=number, area_id=area_id, **fields)
        full_clean_or_raise(topic)
        topic.save()
        topic.sources.set(source_ids)
        log_action(
            topic,
            "formation.topic.created",
            actor=actor,
            data={"financing": str(topic.financing), "area": area_id},
        )
    return topic


def topic_update(*, topic, actor, area=None, sources=None, **fields):
    require(actor, "formation.cycle.edit", topic.cycle)
    with transaction.atomic():
        cycle = _locked(Cycle, topic.cycle_id)
        topic = _locked(Topic, topic.pk)
        rules.ensure_allowed(cycle.stage, "edit_topics")
        _legacy_texts(fields)
        area_id, source_ids = _clean_topic_input(
            cycle, area=area, sources=sources, fields=fields, topic=topic
        )
        if "financing" in fields:
            others = cycle.topics.exclude(pk=topic.pk).aggregate(s=Sum("financing"))["s"] or 0
            rules.check_within_limit(total=others + fields["financing"], limit=cycle.budget_limit)
        before = {k: getattr(topic, k) for k in fields}
        for key, value in fields.items():
            setattr(topic, key, value)
        if area_id is not None:
            before["area_id"] = topic.area_id
            fields["area_id"] = area_id
            topic.area_id = area_id
        full_clean_or_raise(topic)
        topic.save()
        if source_ids is not None:
            topic.sources.set(source_ids)
        log_action(topic, "formation.topic.updated", actor=actor, changes=diff(before, fields))
    return topic


def topic_delete(*, topic, actor):
    require(actor, "formation.cycle.edit", topic.cycle)
    with transaction.atomic():
        cycle = _locked(Cycle, topic.cycle_id)
        rules.ensure_allowed(cycle.stage, "edit_topics")
        # a draft topic of the planning stage, never submitted: removed with its "-" row
        # history and the cycle's event (X-AUDIT)
        log_action(
            cycle,
            "formation.topic.removed",
            actor=actor,
            data={"topic": topic.pk, "number": topic.number, "theme": topic.theme_ru},
        )
        topic._history_user = actor
        topic.delete()
    return True


# --- Publication and discussion (F-4) -----------------------------------------------------------


def _snapshot(cycle, kind, rows, actor, now):
    """Publish an annex: its rows (for the pages) and its documents in kk/ru × xlsx/PDF,
    rendered from those rows and stored in the public ledger with the same version."""
    from tapsyrys.publishing.services import ledger_publish_form

    body = cycle.body
    as_of = local_date(now)
    documents = {
        lang: selectors.annex_document(cycle, kind, rows, lang=lang, as_of=as_of)
        for lang in ("kk", "ru")
    }
    entries = ledger_publish_form(
        kind=kind,
        obj=cycle,
        documents=documents,
        stem=f"{kind}_{cycle.year}_{cycle.body_id}",
        label={
            lang: f"{getattr(body, f'name_{lang}') or body.name_ru} · {cycle.year}"
            for lang in ("kk", "ru")
        },
        actor=actor,
        now=now,
    )
    payload = json.dumps(rows, ensure_ascii=False, sort_keys=True, default=str)
    publication = Publication.objects.create(
        cycle=cycle,
        kind=kind,
        version=entries[0].version,
        published_at=now,
        published_by=actor if actor is not None and actor.is_authenticated else None,
        rows=json.loads(payload),
    )
    publication.ledger = entries
    return publication


def _ledger_data(publication):
    """What the business event of a publication records about its stored documents."""
    return {
        "version": publication.version,
        "ledger": {f"{e.language}.{e.format}": [e.seq, e.sha256] for e in publication.ledger},
    }


def require_bilingual_topics(topics, *, sources=False):
    """X-I18N: the texts of Annex 1 / Annex 3 and of the discussion pages in Kazakh and in
    Russian, or a translated ApplicationError naming the first empty field."""
    topics = list(topics.prefetch_related("sources") if sources else topics)
    for topic in sorted(topics, key=lambda t: t.number):
        what = _("topic No. %(number)d") % {"number": topic.number}
        bilingual.require_both(
            topic, (*TOPIC_BILINGUAL, *TOPIC_BILINGUAL_OPTIONAL),
            optional=TOPIC_BILINGUAL_OPTIONAL, what=what,
        )  # fmt: skip
        if sources:
            for evidence in topic.sources.all():
                bilingual.require_both(
                    evidence, ("title",), what=f"{what}: {evidence.title_ru or evidence.title_kk}"
                )


def cycle_publish(*, cycle, actor, now=None):
    """Place the planned topics for public discussion (Annex 1) and start the countdown."""
    require(actor, "formation.cycle.publish", cycle)
    now = _now(now)
    with transaction.atomic():
        cycle = _locked(Cycle, cycle.pk)
        rules.next_stage(cycle.stage, "publish")
        if not cycle.topics.exists():
            raise ApplicationError(_("Add at least one planned topic before publishing."))
        require_bilingual_topics(cycle.topics.all(), sources=True)
        cycle.stage = Stage.DISCUSSION
        cycle.published_at = now
        full_clean_or_raise(cycle, validate_unique=False)
        cycle.save(update_fields=["stage", "published_at"])
        # the stored due items (and their copies on the cycle) are the one truth from now on
        end, due = deadlines.open_discussion_deadlines(cycle, placed_at=now)
        annex1 = _snapshot(cycle, Publication.Kind.ANNEX1, selectors.annex1_rows(cycle), actor, now)
        log_action(
            cycle,
            "formation.cycle.published",
            actor=actor,
            changes={"stage": [Stage.PLANNING, Stage.DISCUSSION]},
            data={
                "discussion_ends": end.date.isoformat(),
                "decisions_due": due.date.isoformat(),
                **_ledger_data(annex1),
            },
        )
    return cycle


def _rate_limit(user, ip):
    """At most TAPSYRYS_COMMENT_RATE_LIMIT comments (and late proposals) per
    TAPSYRYS_COMMENT_RATE_WINDOW seconds: per account when signed in, per address otherwise
    (behind a proxy the address comes from `core.client.client_ip`)."""
    if user is not None and user.is_authenticated:
        key = f"formation:comment-rate:user:{user.pk}"
        message = _("Too many comments from your account. Please try again in a few minutes.")
    elif ip:
        key = f"formation:comment-rate:ip:{ip}"
        message = _("Too many comments from your address. Please try again in a few minutes.")
    else:
        return
    window = settings.TAPSYRYS_COMMENT_RATE_WINDOW
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, window)
        count = 1
    if count > settings.TAPSYRYS_COMMENT_RATE_LIMIT:
        raise CommentsThrottled(message, code="rate_limited")


def _clean_author(author_name, author_contact, user):
    author_name = (author_name or "").strip()
    author_contact = (author_contact or "").strip()
    if user is not None and user.is_authenticated:
        author_name = author_name or str(user)
        author_contact = author_contact or user.email or user.username
    if not author_name:
        raise ApplicationError(_("Give your name (or your organisation's)."), field="author_name")
    if not author_contact:
        raise ApplicationError(
            _("Give an e-mail or a phone number so the body can answer."), field="author_contact"
        )
    for field, value in (("author_name", author_name), ("author_contact", author_contact)):
        if len(value) > NAME_MAX_LENGTH:
            raise ApplicationError(
                _("At most %(n)d characters.") % {"n": NAME_MAX_LENGTH}, field=field
            )
    return author_name, author_contact


def _clean_text(remark, proposal):
    remark, proposal = (remark or "").strip(), (proposal or "").strip()
    if not remark and not proposal:
        raise ApplicationError(_("Write a remark or a proposal."), field="remark")
    for field, value in (("remark", remark), ("proposal", proposal)):
        if len(value) > COMMENT_MAX_LENGTH:
            raise ApplicationError(
                _("The text is too long: at most %(n)d characters (now %(len)d).")
                % {"n": COMMENT_MAX_LENGTH, "len": len(value)},
                field=field,
            )
    return remark, proposal


def comment_post(
    *, topic, author_name, author_contact, remark="", proposal="", user=None, ip=None, now=None
):
    """Anyone comments on a topic under discussion (F-4). After the end: DiscussionClosed."""
    now = _now(now)
    cycle = topic.cycle
    author_name, author_contact = _clean_author(author_name, author_contact, user)
    remark, proposal = _clean_text(remark, proposal)
    if cycle.published_at is None or now < cycle.published_at:
        raise ApplicationError(_("The topics of this body are not published for discussion."))
    if not rules.is_comment_on_time(now, cycle.discussion_ends_at):
        raise DiscussionClosed(
            _(
                "The public discussion closed on %(date)s at 23:59 (Asia/Almaty time); "
                "comments received after it are not considered (§7.2). You can keep your text "
                "as a topic proposal for %(year)d."
            )
            % {
                "date": local_date(cycle.discussion_ends_at).strftime("%d.%m.%Y"),
                "year": cycle.year + 1,
            },
            code="discussion_closed",
            extra={
                "closed_at": cycle.discussion_ends_at.isoformat(),
                "proposal_year": cycle.year + 1,
                "can_keep_as_proposal": True,
            },
        )
    rules.ensure_allowed(cycle.stage, "comment")
    _rate_limit(user, ip)
    with transaction.atomic():
        comment = Comment(
            cycle=cycle,
            topic=topic,
            author_name=author_name,
            author_contact=author_contact,
            author_user=user if user is not None and user.is_authenticated else None,
            remark=remark,
            proposal=proposal,
            ip_address=ip or None,
            created_at=now,
        )
        full_clean_or_raise(comment)
        comment.save()
        record(
            comment,
            "formation.comment.posted",
            actor=user,
            data={"topic": topic.pk, "actor_label": author_name},
        )
    return comment


def proposal_keep(
    *, topic, author_name, author_contact, remark="", proposal="", user=None, ip=None, now=None
):
    """Keep a late comment as a topic proposal for next year's formation (P-3 pool)."""
    now = _now(now)
    cycle = topic.cycle
    author_name, author_contact = _clean_author(author_name, author_contact, user)
    remark, proposal = _clean_text(remark, proposal)
    if cycle.discussion_ends_at is None or rules.is_comment_on_time(now, cycle.discussion_ends_at):
        raise ApplicationError(
            _("The discussion is still open: post your comment on the topic instead.")
        )
    _rate_limit(user, ip)
    text = "\n\n".join(t for t in (remark, proposal) if t)
    with transaction.atomic():
        item = TopicProposal(
            body_id=cycle.body_id,
            year=cycle.year + 1,
            topic=topic,
            source=TopicProposal.Source.LATE_COMMENT,
            text=text,
            author_name=author_name,
            author_contact=author_contact,
            author_user=user if user is not None and user.is_authenticated else None,
            created_at=now,
        )
        full_clean_or_raise(item)
        item.save()
        log_action(
            item,
            "formation.proposal.kept",
            actor=user,
            data={"topic": topic.pk, "actor_label": author_name},
        )
    return item


def proposals_add(*, body_id, year, texts, author_name, author_contact, actor, source=None):
    """Proposals for a body's future formation (P-3 pool), e.g. from an NGO's passport.

    The one way other apps add to the pool (X-AUDIT: a cross-app write calls the owning
    app's service): each proposal is checked, stored and leaves a business event."""
    rows = [
        TopicProposal(
            body_id=body_id,
            year=year,
            source=source or TopicProposal.Source.DIRECT,
            text=text,
            author_name=author_name,
            author_contact=author_contact,
            author_user=actor if actor is not None and actor.is_authenticated else None,
        )
        for text in texts
    ]
    for row in rows:
        full_clean_or_raise(row, exclude=["body", "topic", "author_user"])
    with transaction.atomic():
        rows = TopicProposal.objects.bulk_create(rows)
        for row in rows:
            log_action(row, "formation.proposal.added", actor=actor, data={"year": year})
    return rows


def comment_hide(*, comment, actor, reason, now=None):
    """Hide an abusive comment: never deleted, the count of hidden comments stays visible."""
    require(actor, "formation.comment.hide", comment)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Say why the comment is hidden."), field="reason")
    now = _now(now)
    with transaction.atomic():
        comment = _locked(Comment, comment.pk)
        if comment.is_hidden:
            raise ApplicationError(_("This comment is already hidden."))
        comment.is_hidden = True
        comment.hidden_reason = reason[:300]
        comment.hidden_at = now
        comment.hidden_by = actor
        comment.save(update_fields=["is_hidden", "hidden_reason", "hidden_at", "hidden_by"])
        log_action(
            comment,
            "formation.comment.hidden",
            actor=actor,
            changes={"is_hidden": [False, True]},
            data={"reason": reason[:300]},
        )
    return comment


# --- Decisions (F-5) and the report (F-6) -------------------------------------------------------


def comment_decide(*, comment, actor, accepted, justification="", now=None):
    """Accept, or reject with a justification. A second decision is a new version."""
    require(actor, "formation.comment.decide", comment)
    now = _now(now)
    if isinstance(accepted, str):
        accepted = {"accepted": True, "true": True, "rejected": False, "false": False}.get(
            accepted.strip().lower()
        )
    if accepted is None:
        raise ApplicationError(_("Choose: accepted or rejected."), field="accepted")
    justification = (justification or "").strip()
    if not accepted and not justification:
        raise ApplicationError(
            _("A rejection needs a justification (§7.2)."), field="justification"
        )
    if len(justification) > JUSTIFICATION_MAX_LENGTH:
        raise ApplicationError(
            _("The text is too long: at most %(n)d characters (now %(len)d).")
            % {"n": JUSTIFICATION_MAX_LENGTH, "len": len(justification)},
            field="justification",
        )
    with transaction.atomic():
        cycle = _locked(Cycle, comment.cycle_id)
        comment = _locked(Comment, comment.pk)
        rules.ensure_allowed(cycle.stage, "decide")
        if comment.is_hidden:
            raise ApplicationError(_("A hidden comment is not decided."))
        old = [comment.outcome, comment.justification]
        version = comment.decision_version + 1
        on_time = cycle.decisions_due_at is None or rules.is_comment_on_time(
            now, cycle.decisions_due_at
        )
        decision = CommentDecision(
            comment=comment,
            version=version,
            accepted=accepted,
            justification=justification,
            decided_by=actor,
            decided_at=now,
            on_time=on_time,
        )
        full_clean_or_raise(decision)
        decision.save()
        comment.outcome = Comment.Outcome.ACCEPTED if accepted else Comment.Outcome.REJECTED
        comment.justification = justification
        comment.decision_version = version
        comment.decided_at = now
        comment.save(update_fields=["outcome", "justification", "decision_version", "decided_at"])
        record(
            comment,
            "formation.comment.decided" if version == 1 else "formation.comment.redecided",
            actor=actor,
            changes={
                "outcome": [old[0], comment.outcome],
                "justification": [old[1], justification],
            },
            data={"version": version, "on_time": on_time},
        )
    # Annex 2 is not published from here: the discussion-end and decisions-due handlers
    # (formation.deadlines) publish it, or the body does (cycle_report_publish).
    return comment


def report_is_due(cycle, *, now) -> bool:
    return (
        cycle.discussion_ends_at is not None
        and not rules.is_comment_on_time(now, cycle.discussion_ends_at)
        and not selectors.pending_comments(cycle).exists()
    )


def cycle_report_publish(*, cycle, actor, now=None, check_permission=True, first_only=False):
    """Annex 2 on the body's public page (F-6); a later correction is a new version."""
    if check_permission:
        require(actor, "formation.cycle.publish", cycle)
    now = _now(now)
    with transaction.atomic():
        cycle = _locked(Cycle, cycle.pk)
        if first_only and cycle.stage != Stage.DISCUSSION:
            return cycle
        rules.ensure_allowed(cycle.stage, "report")
        if cycle.discussion_ends_at is None or rules.is_comment_on_time(
            now, cycle.discussion_ends_at
        ):
            raise ApplicationError(_("The report is formed after the discussion ends."))
        pending = selectors.pending_comments(cycle).count()
        if pending:
            raise ApplicationError(
                _("Decide on every comment first: %(n)d not decided.") % {"n": pending}
            )
        first = cycle.stage == Stage.DISCUSSION
        cycle.stage = Stage.REPORTED
        cycle.report_published_at = now
        cycle.save(update_fields=["stage", "report_published_at"])
        due_met(cycle, deadlines.DECISIONS_DUE, now=now)
        publication = _snapshot(
            cycle, Publication.Kind.ANNEX2, selectors.annex2_rows(cycle), actor, now
        )
        log_action(
            cycle,
            "formation.report.published",
            actor=actor,
            changes={"stage": [Stage.DISCUSSION, Stage.REPORTED]} if first else {},
            data=_ledger_data(publication),
        )
    return cycle


# --- Council stage (F-7) ------------------------------------------------------------------------


def cycle_submit(*, cycle, actor, now=None):
    """Submit Annex 3: central bodies to the authorized body, local bodies to their council."""
    require(actor, "formation.cycle.publish", cycle)
    now = _now(now)
    with transaction.atomic():
        cycle = _locked(Cycle, cycle.pk)
        cycle.stage = rules.next_stage(cycle.stage, "submit")
        require_bilingual_topics(cycle.topics.all())
        cycle.annex3_submitted_at = now
        cycle.save(update_fields=["stage", "annex3_submitted_at"])
        due_met(cycle, deadlines.ANNEX3_COUNCIL, now=now)
        rows = selectors.annex3_rows([cycle], amount="financing")
        publication = _snapshot(cycle, Publication.Kind.ANNEX3_COUNCIL, rows, actor, now)
        on_time = cycle.annex3_due_at is None or now <= cycle.annex3_due_at
        record(
            cycle,
            "formation.annex3.submitted",
            actor=actor,
            changes={"stage": [Stage.REPORTED, Stage.COUNCIL]},
            data={"on_time": on_time, **_ledger_data(publication)},
        )
    return cycle


def topic_recommend(*, topic, actor, recommendation, text="", now=None):
    require(actor, "formation.topic.recommend", topic)
    if recommendation not in Topic.Recommendation.values:
        raise ApplicationError(_("Choose the council's recommendation."), field="recommendation")
    text = (text or "").strip()
    if recommendation != Topic.Recommendation.SUPPORTED and not text:
        raise ApplicationError(
            _("Write what the council recommends to change."), field="recommendation_text"
        )
    with transaction.atomic():
        cycle = _locked(Cycle, topic.cycle_id)
        topic = _locked(Topic, topic.pk)
        rules.ensure_allowed(cycle.stage, "recommend")
        old = [topic.recommendation, topic.recommendation_text]
        topic.recommendation = recommendation
        topic.recommendation_text = text
        topic.recommended_at = _now(now)
        topic.recommended_by = actor
        topic.save(
            update_fields=[
                "recommendation",
                "recommendation_text",
                "recommended_at",
                "recommended_by",
            ]
        )
        record(
            topic,
            "formation.topic.recommended",
            actor=actor,
            changes={"recommendation": [old[0], recommendation], "text": [old[1], text]},
        )
    return topic


def topic_set_spec(*, topic, actor, included=True, upload=None, service_types=None):
    """Include or exclude a topic and attach its draft technical specification (S-1)."""
    require(actor, "formation.cycle.edit", topic.cycle)
    with transaction.atomic():
        cycle = _locked(Cycle, topic.cycle_id)
        topic = _locked(Topic, topic.pk)
        rules.ensure_allowed(cycle.stage, "specify")
        before = {"included": topic.included, "tech_spec": topic.tech_spec_id}
        topic.included = bool(included)
        if upload is not None:
            topic.tech_spec = store_upload(
                upload, actor=actor, owner_org=cycle.body, field="tech_spec"
            )
        topic.save(update_fields=["included", "tech_spec"])
        if service_types is not None:
            ids = sorted({int(getattr(s, "pk", s)) for s in service_types})
            if ServiceType.objects.filter(pk__in=ids).count() != len(ids):
                raise ApplicationError(_("Unknown service type."), field="service_types")
            topic.service_types.set(ids)
        after = {"included": topic.included, "tech_spec": topic.tech_spec_id}
        log_action(topic, "formation.topic.spec_set", actor=actor, changes=diff(before, after))
    return topic


def cycle_fix(*, cycle, actor, now=None):
    """Fix the list of topics (§7.3): every included topic has a draft specification."""
    require(actor, "formation.cycle.edit", cycle)
    with transaction.atomic():
        cycle = _locked(Cycle, cycle.pk)
        target = rules.next_stage(cycle.stage, "fix")
        included = list(cycle.topics.filter(included=True).prefetch_related("service_types"))
        if not included:
            raise ApplicationError(_("Include at least one topic in the list."))
        missing = [
            t.number for t in included if t.tech_spec_id is None or not t.service_types.all()
        ]
        if missing:
            raise ApplicationError(
                _(
                    "Attach a draft technical specification and its service types to topics No. %(numbers)s."
                )
                % {"numbers": ", ".join(str(n) for n in missing)},
                field="tech_spec",
            )
        cycle.stage = target
        cycle.fixed_at = _now(now)
        cycle.save(update_fields=["stage", "fixed_at"])
        log_action(
            cycle,
            "formation.cycle.fixed",
            actor=actor,
            changes={"stage": [Stage.COUNCIL, Stage.FIXED]},
            data={"topics": len(included)},
        )
    return cycle


# --- Budget stage (F-8) -------------------------------------------------------------------------


def cycle_budget_enter(*, cycle, actor, approved_on, amounts, now=None):
    """Approved amounts per included topic (thousand tenge) and the budget approval date."""
    require(actor, "formation.cycle.edit", cycle)
    now = _now(now)
    if approved_on is None:
        raise ApplicationError(_("Enter the date the budget was approved."), field="approved_on")
    if approved_on > local_date(now):
        raise ApplicationError(
            _("The budget approval date cannot be in the future."), field="approved_on"
        )
    with transaction.atomic():
        cycle = _locked(Cycle, cycle.pk)
        rules.ensure_allowed(cycle.stage, "enter_budget")
        topics = {t.pk: t for t in cycle.topics.select_for_update().filter(included=True)}
        clean = {}
        for key, raw in amounts.items():
            try:
                pk = int(getattr(key, "pk", key))
            except (TypeError, ValueError):
                pk = None  # not a topic id at all: the same answer as another cycle's topic
            if pk not in topics:
                raise ApplicationError(_("This topic is not in the fixed list."), field="amounts")
            value = _approved(raw, pk)
            clean[pk] = value
        missing = [t.number for pk, t in topics.items() if pk not in clean]
        if missing:
            raise ApplicationError(
                _("Enter the approved amount of topics No. %(numbers)s (0 if not financed).")
                % {"numbers": ", ".join(str(n) for n in sorted(missing))},
                field="amounts",
            )
        changes = {}
        for pk, value in clean.items():
            topic = topics[pk]
            if topic.approved_amount != value:
                changes[f"topic {topic.number}"] = [topic.approved_amount, value]
                topic.approved_amount = value
                topic.save(update_fields=["approved_amount"])
        old = cycle.budget_approved_on
        cycle.budget_approved_on = approved_on
        cycle.save(update_fields=["budget_approved_on"])
        changes["budget_approved_on"] = [old, approved_on]
        log_action(cycle, "formation.budget.entered", actor=actor, changes=changes)
    return cycle


def _approved(raw, pk):
    from tapsyrys.core.money import to_decimal

    value = raw if isinstance(raw, Decimal) else to_decimal(raw)
    if value is None or value < 0 or value.as_tuple().exponent < -3 or value >= Decimal("1e12"):
        raise ApplicationError(
            _("Enter the approved amount as a number of thousand tenge, not negative."),
            field=f"amount_{pk}",
        )
    return value


def cycle_annex3_publish(*, cycle, actor, now=None):
    """After the budget approval: publish Annex 3 and send it to the authorized body (§7.4).
    The approved topics become ready to be procured."""
    require(actor, "formation.cycle.publish", cycle)
    now = _now(now)
    with transaction.atomic():
        cycle = _locked(Cycle, cycle.pk)
        target = rules.next_stage(cycle.stage, "publish_annex3")
        if cycle.budget_approved_on is None:
            raise ApplicationError(_("Enter the approved budget first."), field="approved_on")
        if local_date(now) < cycle.budget_approved_on:
            raise ApplicationError(_("The Information is published after the budget approval."))
        require_bilingual_topics(cycle.topics.filter(included=True))
        cycle.stage = target
        cycle.annex3_published_at = now
        cycle.save(update_fields=["stage", "annex3_published_at"])
        due_met(cycle, deadlines.ANNEX3_PUBLICATION, now=now)
        rows = selectors.annex3_rows([cycle], amount="approved_amount")
        publication = _snapshot(cycle, Publication.Kind.ANNEX3_BUDGET, rows, actor, now)
        on_time = cycle.publication_due_at is None or now <= cycle.publication_due_at
        record(
            cycle,
            "formation.annex3.published",
            actor=actor,
            changes={"stage": [Stage.FIXED, Stage.APPROVED]},
            data={"on_time": on_time, **_ledger_data(publication)},
        )
    return cycle

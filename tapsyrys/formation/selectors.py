"""Queries of formation, filtered to what the caller may see; annex row builders."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, F, Max, OuterRef, Prefetch, Q, Subquery, Sum, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils.translation import gettext as _

from tapsyrys.calendar.rules import local_date
from tapsyrys.calendar.selectors import current_calendar
from tapsyrys.core import bilingual
from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.models import Edition, EditionArea, Organisation
from tapsyrys.core.permissions import is_admin, is_authorized_body, is_signed_in

from . import rules
from .models import Comment, Cycle, Evidence, EvidenceKind, Publication, Stage, Topic

# --- Scoped lists -------------------------------------------------------------------------------


def cycle_list_for(user, *, year=None):
    """Cycles the user may manage or review: own body's, or all for the authorized body."""
    qs = Cycle.objects.select_related("body", "edition")
    if year:
        qs = qs.filter(year=year)
    if is_authorized_body(user) or is_admin(user):
        return qs
    if not is_signed_in(user) or user.organisation_id is None:
        return qs.none()
    return qs.filter(body_id=user.organisation_id)


def with_counts(qs):
    """Counts and the planned total per cycle, as subqueries (no join fan-out)."""
    topics = Topic.objects.filter(cycle=OuterRef("pk")).order_by().values("cycle")
    comments = Comment.objects.filter(cycle=OuterRef("pk")).order_by().values("cycle")
    pending = comments.filter(outcome=Comment.Outcome.PENDING, is_hidden=False)
    return qs.annotate(
        topic_count=Coalesce(Subquery(topics.annotate(n=Count("id")).values("n")), 0),
        comment_count=Coalesce(Subquery(comments.annotate(n=Count("id")).values("n")), 0),
        pending_count=Coalesce(Subquery(pending.annotate(n=Count("id")).values("n")), 0),
        planned_total=Subquery(topics.annotate(s=Sum("financing")).values("s")),
    )


def topic_list(cycle):
    return (
        cycle.topics.select_related("area", "tech_spec", "recommended_by")
        .prefetch_related("sources", "service_types")
        .annotate(
            comment_count=Count("comments", filter=Q(comments__is_hidden=False)),
        )
        .order_by("number")
    )


def pending_comments(cycle):
    return Comment.objects.filter(cycle=cycle, outcome=Comment.Outcome.PENDING, is_hidden=False)


def comment_list_for_staff(cycle):
    return (
        Comment.objects.filter(cycle=cycle)
        .select_related("topic")
        .prefetch_related("decisions__decided_by")
        .order_by("topic__number", "created_at", "id")
    )


def evidence_list(body):
    return Evidence.objects.filter(body=body).select_related("document").order_by("-date", "-id")


def latest_needs_assessment(body_id):
    return (
        Evidence.objects.filter(body_id=body_id, kind=EvidenceKind.NEEDS_ASSESSMENT)
        .aggregate(d=Max("date"))
        .get("d")
    )


def approved_topics_for(body):
    """Topics of `body` that are ready to be procured (F-8 → C-2): the budget is approved,
    the Information published, the topic is in the fixed list with an approved amount > 0.
    The contracting app links its lots to these."""
    body_id = getattr(body, "pk", body)
    return (
        Topic.objects.filter(
            cycle__body_id=body_id,
            cycle__stage=Stage.APPROVED,
            included=True,
            approved_amount__gt=0,
        )
        .select_related("cycle", "area")
        .prefetch_related("service_types")
        .order_by("-cycle__year", "number")
    )


# --- Public pages -------------------------------------------------------------------------------


def public_cycles():
    return Cycle.objects.filter(published_at__isnull=False).select_related("body")


def open_discussions(*, now):
    """Cycles whose discussion is open now (the end is the end of its last day)."""
    today_start = now
    return (
        public_cycles()
        .filter(stage=Stage.DISCUSSION, published_at__lte=now)
        .filter(discussion_ends_at__gte=today_start)
        .annotate(topic_count=Count("topics", distinct=True))
        .order_by("discussion_ends_at", "body__name_ru")
    )


def recent_reports():
    return (
        public_cycles().filter(report_published_at__isnull=False).order_by("-report_published_at")
    )


# The public discussion pages stay small however many comments come (issue 8): the cycle's page
# shows each topic's latest comments, the topic's own page all of them, a page at a time.
LATEST_COMMENTS_PER_TOPIC = 3
TOPIC_COMMENTS_PER_PAGE = 50


def public_topics_with_comments(cycle):
    """Topics of a published cycle, each with its latest visible comments (`latest_comments`,
    oldest first) and its counts (`visible_count`, `hidden_count`); constant queries."""
    latest = (
        Comment.objects.filter(is_hidden=False)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("topic_id")],
                order_by=[F("created_at").desc(), F("id").desc()],
            )
        )
        .filter(rank__lte=LATEST_COMMENTS_PER_TOPIC)
        .order_by("created_at", "id")
    )
    return (
        cycle.topics.select_related("area")
        .prefetch_related(Prefetch("comments", queryset=latest, to_attr="latest_comments"))
        .annotate(
            visible_count=Count("comments", filter=Q(comments__is_hidden=False)),
            hidden_count=Count("comments", filter=Q(comments__is_hidden=True)),
        )
        .order_by("number")
    )


def public_topic_comments(topic):
    """The visible comments of one published topic, oldest first (paginated by the page)."""
    return Comment.objects.filter(topic=topic, is_hidden=False).order_by("created_at", "id")


def latest_publication(cycle, kind):
    """The latest published version of an annex (its rows for the pages), or None."""
    return Publication.objects.filter(cycle=cycle, kind=kind).order_by("-version").first()


# Annex number → the published kinds that stand for it, the first found wins (Annex 3 after the
# budget approval supersedes the one submitted to the council).
ANNEX_KINDS = {
    1: [Publication.Kind.ANNEX1],
    2: [Publication.Kind.ANNEX2],
    3: [Publication.Kind.ANNEX3_BUDGET, Publication.Kind.ANNEX3_COUNCIL],
}
ANNEX_NUMBER = {kind: number for number, kinds in ANNEX_KINDS.items() for kind in kinds}


def published_annex_entry(cycle, number, *, language, format):
    """The stored ledger entry a download of a published annex serves, or None (a draft)."""
    from tapsyrys.publishing.selectors import published_entry

    return published_entry(cycle, ANNEX_KINDS[number], language=language, format=format)


def annex_document(cycle, kind, rows, *, lang, as_of, draft=False):
    """The official form (publishing.annexes) of one annex kind of a cycle from its rows, in
    the words of the cycle's edition; `draft` marks a form whose stage is not final."""
    from tapsyrys.publishing import annexes

    body = body_dict(cycle.body)
    number = ANNEX_NUMBER[kind]
    common = {
        "lang": lang,
        "year": cycle.year,
        "body": body,
        "as_of": as_of,
        "edition": cycle.edition.code,
        "draft": draft,
    }
    if number == 1:
        return annexes.annex1_document(rows=rows, **common)
    if number == 2:
        return annexes.annex2_document(rows=rows, **common)
    return annexes.annex3_document(groups=annex3_groups(cycle.edition_id, rows), **common)


# --- Deadlines shown on the cycle page (F-1, X-CAL) ---------------------------------------------


def cycle_deadlines(cycle, *, now):
    """The cycle's deadlines as stored (due items: the moment, the rule and its explanation in
    the active language, recomputed when a decree changes the calendar) and a colour code.
    The page, the API and the refusal of late comments read the same stored moments."""
    from tapsyrys.core.due import due_for

    from . import deadlines as kinds

    stored = due_for(cycle)
    calendar = None

    def deadline(kind, compute):
        nonlocal calendar
        if kind in stored:
            return stored[kind]
        # a cycle written without the services, before the daily job gave it its items
        calendar = calendar or current_calendar()
        return compute(calendar)

    items = []
    if cycle.published_at:
        end = deadline(
            kinds.DISCUSSION_END, lambda cal: rules.discussion_deadline(cycle.published_at, cal)
        )
        due = deadline(kinds.DECISIONS_DUE, lambda cal: rules.decisions_deadline(end.date, cal))
        items.append(
            {
                "label": _("End of the public discussion"),
                "deadline": end,
                "state": rules.due_state(end.ends_at, now=now, done=now > end.ends_at),
            }
        )
        pending = getattr(cycle, "pending_count", None)
        if pending is None:
            pending = pending_comments(cycle).count()
        items.append(
            {
                "label": _("Decisions on all comments"),
                "deadline": due,
                "state": rules.due_state(
                    due.ends_at, now=now, done=pending == 0 and now > end.ends_at
                ),
            }
        )
    council = deadline(
        kinds.ANNEX3_COUNCIL,
        lambda cal: rules.annex3_council_deadline(
            year=cycle.year, is_central=cycle.body.is_central, calendar=cal
        ),
    )
    items.append(
        {
            "label": _("Information (Annex 3) to the authorized body")
            if cycle.body.is_central
            else _("Information (Annex 3) to the council"),
            "deadline": council,
            "state": rules.due_state(
                council.ends_at, now=now, done=cycle.annex3_submitted_at is not None
            ),
        }
    )
    publication = deadline(
        kinds.ANNEX3_PUBLICATION,
        lambda cal: rules.annex3_publication_deadline(year=cycle.year, calendar=cal),
    )
    items.append(
        {
            "label": _("Annex 3 published and sent after the budget approval"),
            "deadline": publication,
            "state": rules.due_state(
                publication.ends_at, now=now, done=cycle.annex3_published_at is not None
            ),
        }
    )
    return items


def stage_steps(cycle):
    """The four stages of §7 with done / current / next for the cycle page."""
    order = list(Stage.values)
    position = order.index(cycle.stage)
    steps = []
    for number, label, stages in (
        (1, _("Information collection and situation analysis"), [Stage.PLANNING]),
        (2, _("Topic planning and public discussion"), [Stage.DISCUSSION]),
        (3, _("Council review"), [Stage.REPORTED, Stage.COUNCIL]),
        (4, _("Budget application"), [Stage.FIXED, Stage.APPROVED]),
    ):
        first, last = order.index(stages[0]), order.index(stages[-1])
        if cycle.stage == Stage.APPROVED or position > last:
            state = "done"
        elif first <= position <= last:
            state = "current"
        else:
            state = "next"
        steps.append({"number": number, "label": label, "state": state})
    if cycle.stage == Stage.PLANNING:
        steps[1]["state"] = "current"
    return steps


# --- Annex rows ---------------------------------------------------------------------------------


def annex1_rows(cycle):
    topics = cycle.topics.prefetch_related("sources").order_by("number")
    rows = []
    for t in topics:
        row = {**bilingual.pair(t, "theme"), "financing": str(t.financing)}
        for lang in bilingual.LANGUAGES:
            # the sources are cited in the form's language too (X-I18N)
            sources = "; ".join(
                f"{bilingual.pick(s, 'title', lang)} ({s.date:%d.%m.%Y})" for s in t.sources.all()
            )
            text = bilingual.pick(t, "justification", lang)
            row[f"justification_{lang}"] = text + (f" [{sources}]" if sources else "")
        row.update(bilingual.pair(t, "target_group"))
        row.update(bilingual.pair(t, "expected_result"))
        rows.append(row)
    return rows


def annex2_rows(cycle):
    """Every topic of the cycle in its order: a row per visible comment, or one row saying that
    no comment came (the report covers every topic, §7.2)."""
    topics = cycle.topics.prefetch_related(
        Prefetch(
            "comments",
            queryset=Comment.objects.filter(is_hidden=False).order_by("created_at", "id"),
            to_attr="report_comments",
        )
    ).order_by("number")
    rows = []
    for t in topics:
        theme = {"theme_kk": t.theme_kk, "theme_ru": t.theme_ru}
        if not t.report_comments:
            rows.append({**theme, "no_comments": True})
        rows.extend(
            {
                **theme,
                "author": c.author_name,
                "remark": c.remark,
                "proposal": c.proposal,
                "outcome": c.outcome,
                "justification": c.justification,
            }
            for c in t.report_comments
        )
    return rows


def annex3_rows(cycles, *, amount="financing"):
    """Rows of Annex 3 for the cycles (one query), as plain dicts with the area id."""
    ids = [c.pk for c in cycles]
    topics = (
        Topic.objects.filter(cycle_id__in=ids)
        .filter(
            Q(cycle__stage__in=[Stage.PLANNING, Stage.DISCUSSION, Stage.REPORTED])
            | Q(included=True)
        )
        .select_related("cycle__body")
        .order_by("area_id", "cycle__body__name_ru", "number")
    )
    rows = []
    for t in topics:
        value = getattr(t, amount)
        if value is None:
            value = t.financing
        rows.append(
            {
                "area_id": t.area_id,
                "administrator_kk": t.cycle.body.name_kk,
                "administrator_ru": t.cycle.body.name_ru,
                "name_kk": t.theme_kk,
                "name_ru": t.theme_ru,
                "amount": str(value),
                **{
                    f"summary_{lang}": bilingual.pick(t, "summary", lang)
                    or bilingual.pick(t, "expected_result", lang)
                    for lang in bilingual.LANGUAGES
                },
            }
        )
    return rows


def annex3_groups(edition_id, rows):
    """Every area of the edition in its order, each with its rows (Annex 3 layout), named as
    the edition words it. A row whose area the edition does not list is never dropped: such
    rows close the form in one more group, so the grand total is always the sum of all rows."""
    by_area = defaultdict(list)
    for row in rows:
        by_area[row["area_id"]].append(row)
    groups = []
    for ea in (
        EditionArea.objects.filter(edition_id=edition_id).select_related("area").order_by("number")
    ):
        groups.append(
            {
                "number": ea.number,
                "name_kk": ea.name("kk"),
                "name_ru": ea.name("ru"),
                "rows": by_area.pop(ea.area_id, []),
            }
        )
    if by_area:
        from tapsyrys.publishing.annexes import TEXTS

        groups.append(
            {
                "number": None,
                "name_kk": TEXTS["kk"]["outside_edition"],
                "name_ru": TEXTS["ru"]["outside_edition"],
                "rows": [r for area_rows in by_area.values() for r in area_rows],
            }
        )
    return groups


def body_dict(body):
    return {"name_kk": body.name_kk, "name_ru": body.name_ru} if body else None


# --- The authorized body's national page (F-7, F-8) ---------------------------------------------


def national_summary(*, year, now):
    """All bodies' cycles of a year: stage, Annex 3 submitted or late, national totals by area."""
    cycles = list(
        with_counts(Cycle.objects.filter(year=year).select_related("body", "edition")).order_by(
            "body__level", "body__name_ru"
        )
    )
    today = local_date(now)
    submitted, late = [], []
    for c in cycles:
        c.is_late = (
            c.annex3_submitted_at is None and c.annex3_due_at is not None and now > c.annex3_due_at
        )
        c.publication_late = (
            c.annex3_published_at is None
            and c.publication_due_at is not None
            and now > c.publication_due_at
            and c.budget_approved_on is not None
        )
        (submitted if c.annex3_submitted_at else late if c.is_late else []).append(c)
    bodies_without = Organisation.objects.filter(
        kind=Organisation.Kind.STATE_BODY,
        level__in=[
            Organisation.Level.CENTRAL,
            Organisation.Level.REGIONAL,
            Organisation.Level.CITY,
        ],
    ).exclude(formation_cycles__year=year)
    area_rows = (
        Topic.objects.filter(cycle__year=year)
        .values("area_id", "area__name_kk", "area__name_ru", "area__name_en")
        .annotate(
            planned=Sum("financing"),
            approved=Sum("approved_amount", filter=Q(cycle__stage=Stage.APPROVED, included=True)),
            topics=Count("id"),
        )
        .order_by("area_id")
    )
    edition_id = cycles[0].edition_id if cycles else getattr(Edition.in_force_on(today), "pk", None)
    numbers = dict(
        EditionArea.objects.filter(edition_id=edition_id).values_list("area_id", "number")
    )
    totals = []
    for row in area_rows:
        row["number"] = numbers.get(row["area_id"], "")
        totals.append(row)
    totals.sort(key=lambda r: (r["number"] == "", r["number"]))
    grand = {
        "planned": sum((r["planned"] or Decimal(0) for r in totals), Decimal(0)),
        "approved": sum((r["approved"] or Decimal(0) for r in totals), Decimal(0)),
        "topics": sum(r["topics"] for r in totals),
    }
    return {
        "cycles": cycles,
        "submitted": submitted,
        "late": late,
        "bodies_without_cycle": bodies_without.count(),
        "area_totals": totals,
        "grand": grand,
        "today": today,
    }


NATIONAL_BASES = ("council", "budget")


def national_annex3(*, year, basis="council"):
    """The national Annex 3 consolidation of a year (F-7), as (rows, edition):
    - "council": the Information the central bodies sent to the authorized body for the
      Coordinating Council (§7.3; local bodies send theirs to their own councils), planned
      amounts;
    - "budget": every body's Information published after the budget approval (§7.4),
      approved amounts.
    The rows are grouped by the newest edition among the cycles; a cycle under an older edition
    keeps its rows (an area is the same row in every edition, renumbered, X-AREA)."""
    if basis not in NATIONAL_BASES:
        raise ApplicationError(_("Choose which Information to consolidate."), field="basis")
    cycles = Cycle.objects.filter(year=year)
    if basis == "council":
        cycles = cycles.filter(
            annex3_submitted_at__isnull=False, body__level=Organisation.Level.CENTRAL
        )
        amount = "financing"
    else:
        cycles = cycles.filter(annex3_published_at__isnull=False)
        amount = "approved_amount"
    cycles = list(cycles.select_related("edition"))
    rows = annex3_rows(cycles, amount=amount) if cycles else []
    rows.sort(key=lambda r: (r["area_id"], r["administrator_ru"]))
    edition = max((c.edition for c in cycles), key=lambda e: e.effective_from, default=None)
    return rows, edition


# --- My desk (portal, formation/desk.py) --------------------------------------------------------


def desk_cycles_for(user, *, today, limit=3):
    """The user's own body's current cycles (this year's and later ones, and any older one not
    yet approved), newest first, with the counts of `with_counts`: one query. Staff of a state
    body only; the authorized body sees bodies through `national_desk_counts`."""
    from tapsyrys.core.models import Role

    if not is_signed_in(user) or user.organisation_id is None or not user.has_role(Role.STATE_BODY):
        return Cycle.objects.none()
    current = Q(year__gte=today.year) | ~Q(stage=Stage.APPROVED)
    qs = Cycle.objects.filter(body_id=user.organisation_id).filter(current).select_related("body")
    return with_counts(qs).order_by("-year")[:limit]


def national_desk_counts(user, *, now):
    """For the authorized body: the latest formation year (the default of the national page)
    with its cycles, Annex 3 submitted and Annex 3 late — one query. None for anyone else."""
    if not is_authorized_body(user):
        return None
    latest = Cycle.objects.order_by("-year").values("year")[:1]
    counts = Cycle.objects.filter(year=Subquery(latest)).aggregate(
        year=Max("year"),
        cycles=Count("id"),
        submitted=Count("id", filter=Q(annex3_submitted_at__isnull=False)),
        late=Count(
            "id",
            filter=Q(annex3_submitted_at__isnull=True, annex3_due_at__isnull=False)
            & Q(annex3_due_at__lt=now),
        ),
    )
    if counts["year"] is None:
        counts["year"] = local_date(now).year + 1
    return counts


def comments_of_author(user):
    """A signed-in person's own comments and proposals, newest first, with the body's latest
    decision (kept on the row) — only theirs, whoever asks (issue 13 item 11)."""
    if not is_signed_in(user):
        return Comment.objects.none()
    return (
        Comment.objects.filter(author_user=user)
        .select_related("topic", "cycle", "cycle__body")
        .order_by("-created_at", "-id")
    )

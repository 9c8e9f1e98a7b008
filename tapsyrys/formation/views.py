"""Pages of formation: the body's desk (cycle, topics, comments, council, budget), the
authorized body's national page and the public discussion pages. Every view asks the
permission registry (X-ACL); errors are ApplicationErrors shown as clear messages."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tapsyrys.calendar.rules import local_date
from tapsyrys.core import bilingual, feedback
from tapsyrys.core.client import client_ip
from tapsyrys.core.confirm import confirm_page, is_confirmed
from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.models import Organisation
from tapsyrys.core.pagination import CountCachedPaginator
from tapsyrys.core.permissions import check, guard, is_authorized_body
from tapsyrys.core.public_cache import EVERY_APP, cached_value, public_page
from tapsyrys.publishing import annexes
from tapsyrys.publishing import selectors as ledger_selectors

from . import rules, selectors, services
from .forms import (
    BudgetForm,
    CommentForm,
    CycleOpenForm,
    DecideForm,
    EvidenceForm,
    HideForm,
    LimitForm,
    RecommendForm,
    SpecForm,
    TopicForm,
)
from .models import Comment, Cycle, Publication, Stage, Topic, TopicProposal


def _form_error(form, exc: ApplicationError):
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc.message))


def _ip(request):
    return client_ip(request)


def _cycle(request, pk, action="formation.cycle.view"):
    cycle = get_object_or_404(Cycle.objects.select_related("body", "edition"), pk=pk)
    guard(request.user, action, cycle)
    return cycle


def _back(cycle, anchor=""):
    return redirect(reverse("formation:cycle", args=[cycle.pk]) + anchor)


def _run(request, func, **kwargs):
    """Call a service; show its error as a message. Returns the result or None."""
    try:
        return func(**kwargs)
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        return None


def _run_at(request, at, func, **kwargs):
    """As _run, with the error told at the form `at` (core.feedback)."""
    try:
        return func(**kwargs)
    except ApplicationError as exc:
        feedback.error(request, str(exc.message), at=at)
        return None


# --- The body's desk ----------------------------------------------------------------------------


@login_required
def index(request):
    user = request.user
    cycles = selectors.with_counts(selectors.cycle_list_for(user)).order_by(
        "-year", "body__name_ru"
    )
    body = user.organisation if user.organisation and user.organisation.is_state_body else None
    form = None
    if body is not None and check(user, "formation.cycle.create", body):
        form = CycleOpenForm(
            request.POST or None, initial={"year": local_date(timezone.now()).year + 1}
        )
        if request.method == "POST" and form.is_valid():
            try:
                cycle = services.cycle_open(
                    body=body,
                    year=form.cleaned_data["year"],
                    budget_limit=form.cleaned_data["budget_limit"],
                    actor=user,
                )
            except ApplicationError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("The formation cycle is open."))
                return _back(cycle)
    elif request.method == "POST":
        raise PermissionDenied(_("Only the staff of a state body open formation cycles."))
    if body is None and not is_authorized_body(user):
        raise PermissionDenied(_("Formation is run by state bodies."))
    paginator = CountCachedPaginator(cycles, 50)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "formation/index.html", {"page": page, "form": form, "body": body})


@login_required
def cycle_detail(request, pk):
    cycle = _cycle(request, pk)
    now = timezone.now()
    cycle = (
        selectors.with_counts(Cycle.objects.filter(pk=cycle.pk))
        .select_related("body", "edition")
        .get()
    )
    can_edit = bool(check(request.user, "formation.cycle.edit", cycle))
    latest = selectors.latest_needs_assessment(cycle.body_id)
    topics = list(selectors.topic_list(cycle))
    for t in topics:
        # one form per topic with its own ids (issue 13); answers are told at #t<pk>
        t.anchor = f"t{t.pk}"
        t.recommend_form = RecommendForm(
            auto_id=f"t{t.pk}-%s",
            initial={
                "recommendation": t.recommendation,
                "recommendation_text": t.recommendation_text,
            },
        )
        t.spec_form = SpecForm(
            auto_id=f"t{t.pk}-%s",
            initial={
                "included": t.included,
                "service_types": [s.pk for s in t.service_types.all()],
            },
        )
    context = {
        "cycle": cycle,
        "topics": topics,
        "steps": selectors.stage_steps(cycle),
        "deadlines": selectors.cycle_deadlines(cycle, now=now),
        "can_edit": can_edit,
        "can_recommend": bool(check(request.user, "formation.topic.recommend", cycle)),
        "latest_assessment": latest,
        "assessment_stale": rules.needs_assessment_is_stale(latest, today=local_date(now)),
        "discussion_open": cycle.published_at is not None
        and rules.is_comment_on_time(now, cycle.discussion_ends_at),
        # what the stage allows (rules.STAGE_ACTIONS): the template compares no stages
        "actions": rules.allowed_actions(cycle.stage),
        "council_reached": cycle.stage in rules.COUNCIL_REACHED,
        "report_due": rules.allows(cycle.stage, "report")
        and cycle.report_published_at is None
        and services.report_is_due(cycle, now=now),
        "limit_form": LimitForm(initial={"budget_limit": cycle.budget_limit}),
        "ledger_entries": ledger_selectors.entries_of(cycle).order_by("-seq"),
    }
    return render(request, "formation/cycle.html", context)


@login_required
@require_POST
def cycle_limit(request, pk):
    cycle = _cycle(request, pk, "formation.cycle.edit")
    form = LimitForm(request.POST)
    form.is_valid()
    if _run(request, services.cycle_set_limit, cycle=cycle, actor=request.user,
            budget_limit=form.cleaned_data.get("budget_limit")):  # fmt: skip
        messages.success(request, _("The budget limit is saved."))
    return _back(cycle)


@login_required
def topic_new(request, pk):
    cycle = _cycle(request, pk, "formation.cycle.edit")
    return _topic_form(request, cycle, None)


@login_required
def topic_edit(request, pk):
    topic = get_object_or_404(Topic.objects.select_related("cycle__body"), pk=pk)
    guard(request.user, "formation.cycle.edit", topic.cycle)
    return _topic_form(request, topic.cycle, topic)


def _topic_form(request, cycle, topic):
    initial = None
    if topic is not None:
        initial = {
            "theme_kk": topic.theme_kk,
            "theme_ru": topic.theme_ru,
            "area": topic.area_id,
            "financing": topic.financing,
            "sources": list(topic.sources.values_list("pk", flat=True)),
            **{
                name: getattr(topic, name)
                for prefix in services.LEGACY_TOPIC_TEXTS
                for name in bilingual.field_names(prefix)
            },
        }
    form = TopicForm(request.POST or None, cycle=cycle, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        area = data.pop("area")
        sources = list(data.pop("sources"))
        try:
            if topic is None:
                services.topic_create(
                    cycle=cycle, actor=request.user, area=area, sources=sources, **data
                )
            else:
                services.topic_update(
                    topic=topic, actor=request.user, area=area, sources=sources, **data
                )
        except ApplicationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("The topic is saved."))
            return _back(cycle, "#topics")
    has_sources = form.fields["sources"].queryset.exists()
    return render(
        request,
        "formation/topic_form.html",
        {"form": form, "cycle": cycle, "topic": topic, "has_sources": has_sources},
    )


@login_required
@require_POST
def topic_delete(request, pk):
    topic = get_object_or_404(Topic.objects.select_related("cycle"), pk=pk)
    guard(request.user, "formation.cycle.edit", topic.cycle)
    if not is_confirmed(request):
        return confirm_page(
            request,
            title=_("Remove the topic"),
            question=_("Remove topic %(number)s “%(theme)s” from the list?")
            % {"number": topic.number, "theme": topic.theme},
            action=reverse("formation:topic_delete", args=[topic.pk]),
            cancel=reverse("formation:cycle", args=[topic.cycle_id]) + f"#t{topic.pk}",
            button=_("Remove the topic"),
            parent=(str(topic.cycle.year), reverse("formation:cycle", args=[topic.cycle_id])),
        )
    if _run(request, services.topic_delete, topic=topic, actor=request.user):
        messages.success(request, _("The topic is removed."))
    return _back(topic.cycle, "#topics")


@login_required
@require_POST
def cycle_publish(request, pk):
    cycle = _cycle(request, pk, "formation.cycle.publish")
    if not is_confirmed(request):
        return confirm_page(
            request,
            title=_("Publish for public discussion"),
            question=_("Publish the %(count)s planned topics of %(year)s for public discussion?")
            % {"count": cycle.topics.count(), "year": cycle.year},
            consequences=[
                _("The topics appear on the public page and anyone may comment on them."),
                _("The discussion's deadlines start to run; the topics can no longer be edited."),
            ],
            action=reverse("formation:publish", args=[cycle.pk]),
            cancel=reverse("formation:cycle", args=[cycle.pk]),
            button=_("Publish for public discussion"),
            parent=(str(cycle.year), reverse("formation:cycle", args=[cycle.pk])),
        )
    if _run(request, services.cycle_publish, cycle=cycle, actor=request.user):
        messages.success(request, _("The topics are published: the public discussion has started."))
    return _back(cycle)


def _decide_form(comment, data=None):
    # one form per comment: ids prefixed with the comment's anchor, so each label points at
    # its own form (issue 13); the field names stay the ones the API and the tests post
    return DecideForm(data, auto_id=f"c{comment.pk}-%s")


def _hide_form(comment, data=None):
    return HideForm(data, auto_id=f"c{comment.pk}-%s")


@login_required
def comments(request, pk, bound=None, status=200):
    """The staff's page of a cycle's comments, each with its decide and hide forms. A refused
    decision comes back here with the form as it was sent (`bound`: comment pk → forms) and
    its error at that form."""
    cycle = _cycle(request, pk)
    now = timezone.now()
    rows = selectors.comment_list_for_staff(cycle)
    # ?show=pending: the comments the desk's "awaiting a decision" card counts (issue 13)
    show = "pending" if request.GET.get("show") == "pending" and not bound else ""
    if show:
        rows = rows.filter(pk__in=selectors.pending_comments(cycle).values("pk"))
    paginator = CountCachedPaginator(rows, 50)
    page = paginator.get_page(request.GET.get("page"))
    bound = bound or {}
    for c in page:
        c.anchor = f"c{c.pk}"
        c.decide_form, c.hide_form = bound.get(c.pk) or (_decide_form(c), _hide_form(c))
    return render(
        request,
        "formation/comments.html",
        {
            "cycle": cycle,
            "page": page,
            "can_decide": bool(check(request.user, "formation.cycle.edit", cycle))
            and rules.allows(cycle.stage, "decide"),
            "overdue": cycle.decisions_due_at is not None
            and now > cycle.decisions_due_at
            and selectors.pending_comments(cycle).exists(),
            "pending": selectors.pending_comments(cycle).count(),
            "show": show,
        },
        status=status,
    )


def _comment_page(comment):
    """The page number of the staff's comment list that holds this comment."""
    ids = list(selectors.comment_list_for_staff(comment.cycle).values_list("pk", flat=True))
    return ids.index(comment.pk) // 50 + 1 if comment.pk in ids else 1


def _back_to_comment(comment):
    url = reverse("formation:comments", args=[comment.cycle_id])
    page = _comment_page(comment)
    return redirect(url + (f"?page={page}" if page > 1 else "") + f"#c{comment.pk}")


def _comment_refused(request, comment, decide, hide):
    """The comments page again, at the page of this comment, with the sent forms."""
    request.GET = request.GET.copy()
    request.GET["page"] = str(_comment_page(comment))
    return comments(request, comment.cycle_id, bound={comment.pk: (decide, hide)}, status=400)


@login_required
@require_POST
def comment_decide(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("cycle__body"), pk=pk)
    guard(request.user, "formation.comment.decide", comment)
    form = _decide_form(comment, request.POST)
    if not form.is_valid():
        if "outcome" in form.errors:
            form.errors["outcome"] = form.error_class([_("Choose: accepted or rejected.")])
        return _comment_refused(request, comment, form, _hide_form(comment))
    try:
        services.comment_decide(
            comment=comment,
            actor=request.user,
            accepted=form.cleaned_data["outcome"],
            justification=form.cleaned_data["justification"],
        )
    except ApplicationError as exc:
        _form_error(form, exc)
        return _comment_refused(request, comment, form, _hide_form(comment))
    feedback.success(request, _("The decision is recorded."), at=f"c{comment.pk}")
    return _back_to_comment(comment)


@login_required
@require_POST
def comment_hide(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("cycle__body"), pk=pk)
    guard(request.user, "formation.comment.hide", comment)
    form = _hide_form(comment, request.POST)
    form.is_valid()
    try:
        services.comment_hide(
            comment=comment, actor=request.user, reason=form.cleaned_data.get("reason", "")
        )
    except ApplicationError as exc:
        _form_error(form, exc)
        return _comment_refused(request, comment, _decide_form(comment), form)
    feedback.success(
        request, _("The comment is hidden; it is kept and counted."), at=f"c{comment.pk}"
    )
    return _back_to_comment(comment)


@login_required
@require_POST
def cycle_report(request, pk):
    cycle = _cycle(request, pk, "formation.cycle.publish")
    if _run(request, services.cycle_report_publish, cycle=cycle, actor=request.user):
        messages.success(request, _("The report (Annex 2) is published on your public page."))
    return _back(cycle)


@login_required
@require_POST
def cycle_submit(request, pk):
    cycle = _cycle(request, pk, "formation.cycle.publish")
    if _run(request, services.cycle_submit, cycle=cycle, actor=request.user):
        messages.success(request, _("The Information (Annex 3) is submitted."))
    return _back(cycle)


@login_required
@require_POST
def topic_recommend(request, pk):
    topic = get_object_or_404(Topic.objects.select_related("cycle"), pk=pk)
    guard(request.user, "formation.topic.recommend", topic)
    form = RecommendForm(request.POST)
    at = f"t{topic.pk}"
    if not form.is_valid():
        feedback.error(request, _("Choose the council's recommendation."), at=at)
    elif _run_at(
        request,
        at,
        services.topic_recommend,
        topic=topic,
        actor=request.user,
        recommendation=form.cleaned_data["recommendation"],
        text=form.cleaned_data["recommendation_text"],
    ):
        feedback.success(request, _("The recommendation is recorded."), at=at)
    return _back(topic.cycle, f"#{at}")


@login_required
@require_POST
def topic_spec(request, pk):
    topic = get_object_or_404(Topic.objects.select_related("cycle__body"), pk=pk)
    guard(request.user, "formation.cycle.edit", topic.cycle)
    form = SpecForm(request.POST, request.FILES)
    at = f"t{topic.pk}"
    if not form.is_valid():
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        feedback.error(request, " ".join(errors) or _("Check the form."), at=at)
    elif _run_at(
        request,
        at,
        services.topic_set_spec,
        topic=topic,
        actor=request.user,
        included=form.cleaned_data["included"],
        upload=form.cleaned_data["tech_spec"],
        service_types=form.cleaned_data["service_types"],
    ):
        feedback.success(request, _("The topic is updated."), at=at)
    return _back(topic.cycle, f"#{at}")


@login_required
@require_POST
def cycle_fix(request, pk):
    cycle = _cycle(request, pk, "formation.cycle.edit")
    if _run(request, services.cycle_fix, cycle=cycle, actor=request.user):
        messages.success(request, _("The list of topics is fixed."))
    return _back(cycle)


@login_required
def cycle_budget(request, pk):
    cycle = _cycle(request, pk, "formation.cycle.edit")
    topics = list(cycle.topics.filter(included=True).order_by("number"))
    form = BudgetForm(
        request.POST or None,
        topics=topics,
        initial={"approved_on": cycle.budget_approved_on},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.cycle_budget_enter(
                cycle=cycle,
                actor=request.user,
                approved_on=form.cleaned_data["approved_on"],
                amounts=form.amounts(),
            )
        except ApplicationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("The approved budget is saved."))
            return _back(cycle)
    return render(request, "formation/budget.html", {"cycle": cycle, "form": form})


@login_required
@require_POST
def cycle_annex3_publish(request, pk):
    cycle = _cycle(request, pk, "formation.cycle.publish")
    if _run(request, services.cycle_annex3_publish, cycle=cycle, actor=request.user):
        messages.success(
            request,
            _("Annex 3 is published and sent to the authorized body; topics are ready to procure."),
        )
    return _back(cycle)


@login_required
def evidence(request):
    body = request.user.organisation
    if body is None or not body.is_state_body:
        raise PermissionDenied(_("The register of sources belongs to a state body."))
    guard(request.user, "formation.evidence.view", body)
    can_edit = bool(check(request.user, "formation.evidence.edit", body))
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        guard(request.user, "formation.evidence.edit", body)
        if form.is_valid():
            try:
                services.evidence_add(
                    body=body,
                    actor=request.user,
                    kind=form.cleaned_data["kind"],
                    title_kk=form.cleaned_data["title_kk"],
                    title_ru=form.cleaned_data["title_ru"],
                    date=form.cleaned_data["date"],
                    description=form.cleaned_data["description"],
                    upload=form.cleaned_data["document"],
                )
            except ApplicationError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("The source is added to the register."))
                return redirect("formation:evidence")
    latest = selectors.latest_needs_assessment(body.pk)
    return render(
        request,
        "formation/evidence.html",
        {
            "rows": selectors.evidence_list(body),
            "form": form if can_edit else None,
            "latest_assessment": latest,
            "assessment_stale": rules.needs_assessment_is_stale(
                latest, today=local_date(timezone.now())
            ),
        },
    )


@login_required
def proposals(request):
    body = request.user.organisation
    if body is None or not body.is_state_body:
        raise PermissionDenied(_("The proposals pool belongs to a state body."))
    guard(request.user, "formation.evidence.view", body)
    rows = TopicProposal.objects.filter(body=body).select_related("topic").order_by("-created_at")
    page = CountCachedPaginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "formation/proposals.html", {"page": page})


# --- Downloads ----------------------------------------------------------------------------------


def annex_download(request, pk, number, fmt):
    """Annex 1/2/3 of a cycle in ?lang=kk|ru as .xlsx or .pdf (public once published).
    A published annex is served from the ledger byte for byte; a draft is rendered live."""
    cycle = get_object_or_404(Cycle.objects.select_related("body", "edition"), pk=pk)
    if number not in selectors.ANNEX_KINDS:
        raise Http404
    guard(request.user, "formation.annex.download", (cycle, number))
    try:
        return annex_response(cycle, number, fmt, request.GET.get("lang", "ru"))
    except ApplicationError as exc:
        return HttpResponse(str(exc.message), status=400, content_type="text/plain; charset=utf-8")


def _file_response(content, content_type, stem, fmt, lang):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{stem}_{lang}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def annex_response(cycle, number, fmt, lang):
    """The download of a cycle's annex: the stored ledger entry once published (its bytes,
    `X-Content-SHA256`, its file name), else the live draft."""
    from tapsyrys.publishing.views import entry_response

    lang = annexes.check_language(lang)
    fmt = annexes.check_format(fmt)
    entry = selectors.published_annex_entry(cycle, number, language=lang, format=fmt)
    if entry is not None:
        return entry_response(entry)
    content, content_type = annex_file(cycle, number, fmt, lang)
    return _file_response(
        content, content_type, f"annex{number}_{cycle.year}_{cycle.body_id}", fmt, lang
    )


def annex_file(cycle, number, fmt, lang):
    """(bytes, content type) of a cycle's annex as it stands now (the unpublished draft)."""
    lang = annexes.check_language(lang)
    fmt = annexes.check_format(fmt)
    if number not in selectors.ANNEX_KINDS:
        raise Http404
    kind = selectors.ANNEX_KINDS[number][-1]
    if number == 1:
        rows = selectors.annex1_rows(cycle)
    elif number == 2:
        rows = selectors.annex2_rows(cycle)
    else:
        rows = selectors.annex3_rows([cycle])
    # not in the ledger yet: the form as it stands, marked as a draft
    doc = selectors.annex_document(
        cycle, kind, rows, lang=lang, as_of=local_date(timezone.now()), draft=True
    )
    return annexes.render(doc, fmt)


# --- The authorized body ------------------------------------------------------------------------


def _year(request):
    raw = request.GET.get("year")
    if raw:
        try:
            year = int(raw)
        except ValueError:
            raise ApplicationError(_("Enter the year as four digits."), field="year") from None
        if not 2018 <= year <= 2100:
            raise ApplicationError(_("Enter the year as four digits."), field="year")
        return year
    latest = Cycle.objects.order_by("-year").values_list("year", flat=True).first()
    return latest or local_date(timezone.now()).year + 1


@login_required
def national(request):
    guard(request.user, "formation.national.view", None)
    try:
        year = _year(request)
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        return redirect("formation:national")
    # ?show=submitted|late: the cycles the desk's Annex 3 cards count (issue 13)
    show = request.GET.get("show", "")
    show = show if show in ("submitted", "late") else ""
    labels = ("core", "formation", "workcalendar")

    def summary():  # one read for every authorized-body user and every `show` (issue 8)
        return cached_value(
            f"formation.national:{year}",
            labels,
            lambda: (
                selectors.national_summary(year=year, now=timezone.now()),
                list(Cycle.objects.order_by("-year").values_list("year", flat=True).distinct()),
            ),
        )

    def body():
        data, years = summary()
        rows = data[show] if show else data["cycles"]
        context = {"year": year, "years": years, "show": show, "rows": rows, **data}
        return render_to_string("formation/_national_content.html", context)

    # the page's body holds no form token and nothing of the user's: rendered once per data
    # version, day and language for every authorized-body user; the summary behind it is read
    # only when the body is not in the cache (issue 8)
    content = cached_value(f"formation.national.html:{year}:{show}:{get_language()}", labels, body)
    return render(request, "formation/national.html", {"year": year, "content": content})


def national_annex3_document(*, year, lang, basis="council"):
    """The national Annex 3 of a year: the central bodies' Information at the council stage,
    or every body's published Information after the budget approval."""
    lang = annexes.check_language(lang)
    rows, edition = selectors.national_annex3(year=year, basis=basis)
    if edition is None:
        from tapsyrys.core.models import Edition

        edition = Edition.in_force_on(dt.date(year, 1, 1)) or Edition.objects.last()
    groups = selectors.annex3_groups(edition.pk, rows)
    return annexes.annex3_document(
        lang=lang,
        year=year,
        body=None,
        groups=groups,
        as_of=local_date(timezone.now()),
        edition=edition.code,
        basis=basis,
    )


def national_annex3_file(*, year, lang, fmt="xlsx", basis="council"):
    """The national Annex 3 as (bytes, content type)."""
    lang = annexes.check_language(lang)
    fmt = annexes.check_format(fmt)
    return annexes.render(national_annex3_document(year=year, lang=lang, basis=basis), fmt)


@login_required
def national_annex3(request):
    guard(request.user, "formation.national.view", None)
    lang = request.GET.get("lang", "ru")
    fmt = request.GET.get("format", "xlsx")
    basis = request.GET.get("basis", "council")
    try:
        year = _year(request)
        # the same workbook for every authorized-body user, written again when formation's data
        # change (issue 8); `national_annex3_file` writes it afresh
        content, content_type = cached_value(
            f"formation.national_annex3:{year}:{lang}:{fmt}:{basis}",
            ("core", "formation", "workcalendar"),
            lambda: national_annex3_file(year=year, lang=lang, fmt=fmt, basis=basis),
        )
    except ApplicationError as exc:
        return HttpResponse(str(exc.message), status=400, content_type="text/plain; charset=utf-8")
    return _file_response(
        content, content_type, f"annex3_national_{basis}_{year}", fmt.strip().lower(), lang
    )


# --- Public pages (P-1) -------------------------------------------------------------------------


@public_page("core", "formation", "workcalendar")
def discussions(request):
    now = timezone.now()
    open_now = selectors.open_discussions(now=now)
    page = CountCachedPaginator(open_now, 30).get_page(request.GET.get("page"))
    reports = selectors.recent_reports()[:20]
    return render(
        request, "formation/public_discussions.html", {"page": page, "reports": reports, "now": now}
    )


@public_page("core", "formation")
def public_body(request, body_pk):
    body = get_object_or_404(Organisation, pk=body_pk, kind=Organisation.Kind.STATE_BODY)
    cycles = (
        selectors.public_cycles()
        .filter(body=body)
        .annotate(topic_count=Count("topics"))
        .order_by("-year")
    )
    return render(request, "formation/public_body.html", {"body": body, "cycles": cycles})


@public_page(*EVERY_APP)
def public_cycle(request, body_pk, year):
    cycle = get_object_or_404(
        selectors.public_cycles().select_related("body", "edition"), body_id=body_pk, year=year
    )
    now = timezone.now()
    context = {
        "cycle": cycle,
        "topics": selectors.public_topics_with_comments(cycle),
        "is_open": _discussion_open(cycle, now),
        "report": selectors.latest_publication(cycle, Publication.Kind.ANNEX2),
        "annex3": selectors.latest_publication(cycle, Publication.Kind.ANNEX3_BUDGET),
        "latest_shown": selectors.LATEST_COMMENTS_PER_TOPIC,
        "Stage": Stage,
    }
    return render(request, "formation/public_cycle.html", context)


def _discussion_open(cycle, now):
    return now >= cycle.published_at and rules.is_comment_on_time(now, cycle.discussion_ends_at)


def _published_topic(pk):
    return get_object_or_404(
        Topic.objects.select_related("cycle__body", "cycle__edition", "area").filter(
            cycle__published_at__isnull=False
        ),
        pk=pk,
    )


@public_page(*EVERY_APP)
def public_topic(request, pk, form=None, closed=None, status=200):
    """One topic of a public discussion: its comments a page at a time and the one comment
    form, with the answer to a sent comment shown at the form (issue 8, issue 13)."""
    topic = _published_topic(pk)
    cycle = topic.cycle
    comments = CountCachedPaginator(
        selectors.public_topic_comments(topic), selectors.TOPIC_COMMENTS_PER_PAGE
    ).get_page(request.GET.get("page"))
    context = {
        "cycle": cycle,
        "topic": topic,
        "comments": comments,
        "hidden_count": topic.comments.filter(is_hidden=True).count(),
        "is_open": _discussion_open(cycle, timezone.now()),
        "form": form or CommentForm(user=request.user),
        "closed": closed,
    }
    return render(request, "formation/public_topic.html", context, status=status)


@require_POST
def public_comment(request, pk):
    topic = _published_topic(pk)
    cycle = topic.cycle
    form = CommentForm(request.POST, user=request.user)
    form.topic_id = topic.pk
    if not form.is_valid():
        return public_topic(request, topic.pk, form=form, status=400)
    data = form.cleaned_data
    kwargs = {
        "topic": topic,
        "author_name": data["author_name"],
        "author_contact": data["author_contact"],
        "remark": data["remark"],
        "proposal": data["proposal"],
        "user": request.user if request.user.is_authenticated else None,
        "ip": _ip(request),
    }
    action = request.POST.get("action", "comment")
    try:
        if action == "keep_as_proposal":
            services.proposal_keep(**kwargs)
            messages.success(
                request,
                _("Thank you: your text is kept as a topic proposal for %(year)d.")
                % {"year": cycle.year + 1},
            )
        else:
            services.comment_post(**kwargs)
            messages.success(
                request, _("Thank you: your comment is received and will be decided on.")
            )
    except services.DiscussionClosed as exc:
        return public_topic(
            request,
            topic.pk,
            form=form,
            closed={"message": str(exc.message), "topic": topic},
            status=409,
        )
    except ApplicationError as exc:
        _form_error(form, exc)
        status = 429 if isinstance(exc, services.CommentsThrottled) else 400
        return public_topic(request, topic.pk, form=form, status=status)
    # back to the form that was used: the thank-you is shown there (issue 13)
    return redirect(reverse("formation:public_topic", args=[topic.pk]) + "#comment-form")


# --- A citizen's own comments (issue 13 item 11) --------------------------------------------------


@login_required
def my_comments(request):
    """The signed-in person's comments and proposals with the state body's decisions."""
    qs = selectors.comments_of_author(request.user)
    page = CountCachedPaginator(qs, MY_COMMENTS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "formation/my_comments.html", {"page": page})


MY_COMMENTS_PAGE_SIZE = 25
